"""The weekly digest: Monday from 07:00 local, once per person and ISO week, only with something to say."""

from datetime import timedelta

import pytest
from django.utils.translation import gettext, override
from django_scopes import scope, scopes_disabled

from conftest import make_person
from leerritme.notifications.models import Notification, NotificationSettings
from leerritme.notifications.tests.factories import make_notification
from leerritme.orgs.models import Team, TeamMembership
from leerritme.practices.digest import digest_due, digest_key, digests_for, week_of
from leerritme.practices.models import AdoptionStatus, OccurrenceStatus
from leerritme.practices.tests.scheduling import local, make_adoption, make_occurrence, make_practice, weekly

MONDAY_7 = local(2026, 12, 7, 7, 0)  # ISO week 2026-W50


def run_digest(now, capture):
    with capture(execute=True):
        return digest_due(now)


def digests_of(person):
    with scopes_disabled():
        return list(Notification.objects.filter(person=person, kind="practices.digest").order_by("created_at"))


@pytest.fixture
def rhythm(team):
    """The team's check-out: Monday and Thursday 09:00 this week, and Monday next week."""
    rhythm, occurrences = weekly(team, first=local(2026, 12, 7, 9), count=2, location="Kantine")
    make_occurrence(rhythm, local(2026, 12, 10, 9))
    return rhythm


def test_weeks_are_iso_weeks_in_local_time():
    week = week_of(local(2026, 12, 13, 23, 59))  # Sunday night

    assert week.label == "2026-W50"
    assert week.start == local(2026, 12, 7)
    assert week.end == local(2026, 12, 14)
    assert week_of(local(2027, 1, 1, 12)).label == "2026-W53"


@pytest.mark.django_db
def test_it_waits_for_monday_seven_oclock(alice, rhythm, django_capture_on_commit_callbacks):
    assert run_digest(MONDAY_7 - timedelta(minutes=1), django_capture_on_commit_callbacks) == 0
    assert run_digest(MONDAY_7 - timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert run_digest(MONDAY_7 + timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert digests_of(alice) == []

    assert run_digest(MONDAY_7, django_capture_on_commit_callbacks) == 1
    assert len(digests_of(alice)) == 1


@pytest.mark.django_db
def test_it_sends_once_per_person_and_week(alice, bob, rhythm, mailoutbox, django_capture_on_commit_callbacks):
    for hours in (0, 1, 2, 16):
        run_digest(MONDAY_7 + timedelta(hours=hours), django_capture_on_commit_callbacks)

    [digest] = digests_of(alice)
    assert digest.dedupe_key == f"digest:{alice.uuid}:2026-W50"
    assert len(digests_of(bob)) == 1
    assert sorted(mail.to[0] for mail in mailoutbox) == ["alice@vonk.test", "bob@vonk.test"]

    run_digest(MONDAY_7 + timedelta(weeks=1), django_capture_on_commit_callbacks)
    assert [d.dedupe_key for d in digests_of(alice)] == [f"digest:{alice.uuid}:2026-W50",
                                                          f"digest:{alice.uuid}:2026-W51"]


@pytest.mark.django_db
def test_it_tells_members_their_teams_week_and_leads_the_open_proposals(
    org, alice, bob, team, rhythm, django_capture_on_commit_callbacks
):
    with scopes_disabled():
        skipped = rhythm.occurrences.get(start=local(2026, 12, 10, 9))
        skipped.status = OccurrenceStatus.SKIPPED
        skipped.save(update_fields=["status"])
        elsewhere = Team.objects.create(organisation=org, name="Werkvoorbereiding")
    weekly(elsewhere, make_practice(org, key="retro", name_en="Retrospective", name_nl="Retrospectief"),
           first=local(2026, 12, 8, 14))
    make_adoption(team, make_practice(org, key="lunch", name_en="Lunch & learn", name_nl="Lunch & leer"),
                  status=AdoptionStatus.PROPOSED)
    make_notification(alice, "Something else")

    with scope(organisation=org):
        alice_digest, bob_digest = sorted(digests_for([alice, bob], MONDAY_7), key=lambda d: d.person.pk)

    assert [o.start for o in alice_digest.occurrences] == [local(2026, 12, 7, 9)]
    assert alice_digest.proposals == []
    assert alice_digest.unread == 1
    assert [o.start for o in bob_digest.occurrences] == [local(2026, 12, 7, 9)]
    assert [a.practice.name_en for a in bob_digest.proposals] == ["Lunch & learn"]
    assert bob_digest.unread == 0


@pytest.mark.django_db
def test_it_writes_only_to_people_who_want_it_and_have_something_to_hear(
    org, alice, bob, carol, team, rhythm, django_capture_on_commit_callbacks
):
    with scopes_disabled():
        NotificationSettings.objects.create(organisation=org, person=bob, weekly_digest=False)
        quiet_team = Team.objects.create(organisation=org, name="Stil")
    dan = make_person(org, "dan@vonk.test", "Dan de Wit")
    eve = make_person(org, "eve@vonk.test", "Eve Smit")
    with scopes_disabled():
        TeamMembership.objects.create(organisation=org, team=quiet_team, person=dan)
        TeamMembership.objects.create(organisation=org, team=team, person=eve)
        eve.is_active = False
        eve.save(update_fields=["is_active"])
    make_notification(carol, "Unread, but no reason to write")

    run_digest(MONDAY_7, django_capture_on_commit_callbacks)

    assert len(digests_of(alice)) == 1
    assert digests_of(bob) == []  # turned off
    assert digests_of(carol) == []  # in no team
    assert digests_of(dan) == []  # a team without a rhythm this week
    assert digests_of(eve) == []  # left


@pytest.mark.django_db
def test_the_digest_email_lists_the_week_in_the_persons_language(
    settings, org, alice, rhythm, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://leren.example"
    make_notification(alice, "Unread")

    run_digest(MONDAY_7, django_capture_on_commit_callbacks)

    [mail] = mailoutbox
    with override("nl"):
        assert mail.subject == gettext("Your learning rhythm this week")
    [in_app] = digests_of(alice)
    assert in_app.title == mail.subject
    html, _mimetype = mail.alternatives[0]
    assert 'lang="nl"' in html
    assert "maandag 7 december" in html and "donderdag 10 december" in html
    assert "09:00–09:30 Check-out in het werkoverleg" in mail.body
    with scopes_disabled():
        monday = rhythm.occurrences.get(start=local(2026, 12, 7, 9))
    assert f"https://leren.example/o/vonk/occurrences/{monday.uuid}/" in html
    assert f"https://leren.example/o/vonk/occurrences/{monday.uuid}/" in mail.body
    assert "https://leren.example/o/vonk/notifications/preferences/" in mail.body
    with override("nl"):
        assert gettext("You have one unread notification.") in mail.body  # not counting the digest itself
    assert "Kantine" in html


@pytest.mark.django_db
def test_finding_the_digests_costs_four_queries_for_many_people(org, django_assert_max_num_queries):
    practice = make_practice(org)
    people = []
    for t in range(4):
        with scopes_disabled():
            team = Team.objects.create(organisation=org, name=f"Ploeg {t}")
        weekly(team, practice, first=local(2026, 12, 7, 9 + t), count=2)
        make_adoption(team, make_practice(org, key=f"idea-{t}"), status=AdoptionStatus.PROPOSED)
        for p in range(5):
            person = make_person(org, f"p{t}-{p}@vonk.test", f"Persoon {t}-{p}")
            with scopes_disabled():
                TeamMembership.objects.create(organisation=org, team=team, person=person,
                                              role="lead" if p == 0 else "member")
            people.append(person)

    with scope(organisation=org), django_assert_max_num_queries(4):
        digests = digests_for(people, MONDAY_7)

    assert all(len(d.occurrences) == 1 for d in digests)
    assert sum(len(d.proposals) for d in digests) == 4
    assert digest_key(people[0], digests[0].week) == f"digest:{people[0].uuid}:2026-W50"
