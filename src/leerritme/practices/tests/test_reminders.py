"""Reminders before occurrences: each active team member at their own lead time, once per start time."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import make_person
from leerritme.notifications.models import Notification, NotificationSettings
from leerritme.orgs.models import Team, TeamMembership
from leerritme.practices.models import AdoptionStatus, OccurrenceStatus
from leerritme.practices.reminders import pending_reminders, reminder_key, reminders_due
from leerritme.practices.tests.scheduling import local, make_practice, weekly

MONDAY_9 = local(2026, 12, 7, 9, 0)


def run_reminders(now, capture):
    """What the scheduler does at `now`, with every enqueued task run at once (the immediate backend)."""
    with capture(execute=True):
        reminders_due(now)


def reminders_of(person):
    with scopes_disabled():
        return list(Notification.objects.filter(person=person, kind="practices.reminder").order_by("created_at"))


def set_lead_time(person, hours):
    with scopes_disabled():
        NotificationSettings.objects.update_or_create(
            person=person, defaults={"organisation_id": person.organisation_id, "reminder_hours": hours}
        )


@pytest.fixture
def monday(team):
    rhythm, [occurrence] = weekly(team, first=MONDAY_9, location="Kantine", meeting="Werkoverleg")
    return occurrence


@pytest.mark.django_db
def test_it_reminds_each_member_when_their_lead_time_comes(alice, bob, carol, monday,
                                                           django_capture_on_commit_callbacks):
    set_lead_time(bob, 2)

    run_reminders(MONDAY_9 - timedelta(hours=24, minutes=1), django_capture_on_commit_callbacks)
    assert reminders_of(alice) == [] and reminders_of(bob) == []

    run_reminders(MONDAY_9 - timedelta(hours=24), django_capture_on_commit_callbacks)
    assert len(reminders_of(alice)) == 1
    assert reminders_of(bob) == []  # bob wants it two hours before

    run_reminders(MONDAY_9 - timedelta(hours=2), django_capture_on_commit_callbacks)
    assert len(reminders_of(alice)) == 1  # not again
    [reminder] = reminders_of(bob)
    assert reminder.dedupe_key == reminder_key(monday)
    assert reminder.url == f"/o/vonk/occurrences/{monday.uuid}/"
    assert reminders_of(carol) == []  # not in the team


@pytest.mark.django_db
def test_it_reminds_once_however_often_it_runs(alice, monday, django_capture_on_commit_callbacks):
    for minutes in (60, 55, 50, 50):
        run_reminders(MONDAY_9 - timedelta(minutes=minutes), django_capture_on_commit_callbacks)

    assert len(reminders_of(alice)) == 1


@pytest.mark.django_db
def test_it_reminds_again_when_the_occurrence_moves(alice, monday, django_capture_on_commit_callbacks):
    run_reminders(MONDAY_9 - timedelta(hours=20), django_capture_on_commit_callbacks)
    with scopes_disabled():
        monday.start += timedelta(days=1)
        monday.end += timedelta(days=1)
        monday.save(update_fields=["start", "end"])

    run_reminders(MONDAY_9 - timedelta(hours=19), django_capture_on_commit_callbacks)
    assert len(reminders_of(alice)) == 1  # the new time is two days away

    run_reminders(monday.start - timedelta(hours=23), django_capture_on_commit_callbacks)
    first, moved = reminders_of(alice)
    assert moved.dedupe_key == reminder_key(monday) != first.dedupe_key
    assert "dinsdag 8 december" in moved.title
    assert "Moved from Monday 7 December at 09:00." in moved.translations["en"]["body"]


@pytest.mark.django_db
def test_it_never_reminds_of_a_skipped_or_cancelled_occurrence(alice, team, django_capture_on_commit_callbacks):
    rhythm, (skipped, cancelled) = weekly(team, first=MONDAY_9, count=2)
    with scopes_disabled():
        skipped.status = OccurrenceStatus.SKIPPED
        skipped.save(update_fields=["status"])
        cancelled.status = OccurrenceStatus.CANCELLED
        cancelled.save(update_fields=["status"])
    set_lead_time(alice, 168)

    run_reminders(MONDAY_9 - timedelta(hours=1), django_capture_on_commit_callbacks)

    assert reminders_of(alice) == []


@pytest.mark.django_db
def test_it_leaves_out_deactivated_people_and_stopped_practices(org, alice, bob, team, monday,
                                                                django_capture_on_commit_callbacks):
    with scopes_disabled():
        alice.is_active = False
        alice.save(update_fields=["is_active"])
        stopped_team = Team.objects.create(organisation=org, name="Werkvoorbereiding")
        TeamMembership.objects.create(organisation=org, team=stopped_team, person=bob)
    rhythm, _ = weekly(stopped_team, make_practice(org, key="retro"), first=MONDAY_9)
    with scopes_disabled():
        rhythm.adoption.status = AdoptionStatus.STOPPED
        rhythm.adoption.save(update_fields=["status"])

    run_reminders(MONDAY_9 - timedelta(hours=3), django_capture_on_commit_callbacks)

    assert reminders_of(alice) == []
    [only] = reminders_of(bob)
    assert only.dedupe_key == reminder_key(monday)


@pytest.mark.django_db
def test_it_does_not_remind_of_what_has_started(alice, monday, django_capture_on_commit_callbacks):
    run_reminders(MONDAY_9, django_capture_on_commit_callbacks)
    run_reminders(MONDAY_9 + timedelta(minutes=5), django_capture_on_commit_callbacks)

    assert reminders_of(alice) == []


@pytest.mark.django_db
def test_the_due_work_only_enqueues_a_task_per_organisation(settings, org, other_org, alice, charlie, monday,
                                                             django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    with scopes_disabled():
        other_team = Team.objects.create(organisation=other_org, name="Elders")
        TeamMembership.objects.create(organisation=other_org, team=other_team, person=charlie)
    weekly(other_team, make_practice(other_org), first=MONDAY_9)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_due(MONDAY_9 - timedelta(hours=1)) == 2

    enqueued = sorted(result.args[0] for result in default_task_backend.results)
    assert enqueued == sorted([org.pk, other_org.pk])
    assert all(result.task.name == "send_reminders" for result in default_task_backend.results)
    assert reminders_of(alice) == []  # the notifications are the tasks' work, not the tick's


@pytest.mark.django_db
def test_finding_who_is_due_costs_the_same_few_queries_for_many_teams(org, django_assert_max_num_queries):
    practice = make_practice(org)
    for t in range(6):
        with scopes_disabled():
            team = Team.objects.create(organisation=org, name=f"Ploeg {t}")
        for p in range(4):
            person = make_person(org, f"p{t}-{p}@vonk.test", f"Persoon {t}-{p}")
            with scopes_disabled():
                TeamMembership.objects.create(organisation=org, team=team, person=person)
        weekly(team, practice, first=MONDAY_9 + timedelta(hours=t), count=2)

    with scope(organisation=org), django_assert_max_num_queries(5):
        due = pending_reminders(MONDAY_9 - timedelta(hours=1))

    assert len(due) == 6 * 4  # the next occurrence of each team, not the one a week later


@pytest.mark.django_db
def test_it_says_what_when_where_and_why_in_the_persons_language(org, team, django_capture_on_commit_callbacks):
    emma = make_person(org, "emma@vonk.test", "Emma Brown", language="en")
    with scopes_disabled():
        TeamMembership.objects.create(organisation=org, team=team, person=emma)
    rhythm, [occurrence] = weekly(team, first=MONDAY_9, location="Meeting room 2", meeting="Team meeting")
    with scopes_disabled():
        rhythm.adoption.purpose = "We want to hear everyone."
        rhythm.adoption.save(update_fields=["purpose"])

    run_reminders(MONDAY_9 - timedelta(hours=5), django_capture_on_commit_callbacks)

    [reminder] = reminders_of(emma)
    assert reminder.title == "Check-out in the team meeting with Onderhoud: Monday 7 December at 09:00"
    assert reminder.body.splitlines() == [
        "When: Monday 7 December 2026, 09:00–09:30",
        "Where: Meeting room 2",
        "Part of: Team meeting",
        "Why we do this: We want to hear everyone.",
    ]
    assert "Check-out in het werkoverleg" in reminder.translations["nl"]["title"]
    assert "maandag 7 december 2026, 09:00–09:30" in reminder.translations["nl"]["body"]
    assert reminder.created_at <= timezone.now()
