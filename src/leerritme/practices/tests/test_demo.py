"""The demo's way of learning: every team practises something with a year of history, through the services."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope

from leerritme.learning.models import LearningEvent, Visibility
from leerritme.notifications.models import Notification
from leerritme.orgs.models import DemoPart, Organisation, Person, Team, TeamMembership, TeamRole
from leerritme.practices import recurrence
from leerritme.practices import rhythm_selectors as selectors
from leerritme.practices.demo import dutch_holidays
from leerritme.practices.models import (
    Adoption,
    AdoptionStatus,
    Occurrence,
    OccurrenceStatus,
    PracticePart,
    Rhythm,
    WayOfLearning,
)
from leerritme.practices.parts import has_part_handler, register_part_handler, unregister_part_handler
from leerritme.practices.services.adoption import PROPOSED_KIND


def run_demo(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    run_demo("-v0")
    organisation = Organisation.objects.get(slug="demo")
    with scope(organisation=organisation):
        yield organisation


def person(local: str) -> Person:
    return Person.objects.select_related("user").get(user__email=f"{local}@demo.leerritme.nl")


def test_the_part_is_recorded_and_writes_a_dutch_vision(demo):
    assert DemoPart.objects.filter(name="practices.way").exists()
    way = WayOfLearning.objects.get()
    assert "leren" in way.vision and "\n\n" in way.vision
    assert way.updated_by == person("leerregisseur")


def test_every_team_practises_two_to_four_things_with_an_owner_in_the_team_and_a_purpose(demo):
    teams = Team.objects.filter(parent__isnull=False)
    members = {(m.team_id, m.person_id) for m in TeamMembership.objects.all()}
    active = Adoption.objects.filter(status=AdoptionStatus.ACTIVE).select_related("practice", "rhythm")
    per_team = Counter(adoption.team_id for adoption in active)
    assert set(per_team) == set(teams.values_list("pk", flat=True))
    assert all(2 <= count <= 4 for count in per_team.values()), per_team
    now = timezone.now()
    for adoption in active:
        assert (adoption.team_id, adoption.owner_id) in members
        assert len(adoption.purpose) > 40
        assert now - timedelta(days=370) < adoption.adopted_at < now - timedelta(days=30)
        if has_part_handler(adoption.practice.part):
            continue  # run by its own part (a knowledge series, a duo programme), not by a rhythm of its own
        assert adoption.rhythm.generated_until >= now + timedelta(days=365)  # planned 13 months ahead
    assert len({adoption.practice.key for adoption in active}) >= 6


def test_the_demo_lead_and_member_have_a_weekly_check_out_on_monday_at_nine(demo):
    lead, member = person("teamleider"), person("medewerker")
    team = Team.objects.get(memberships__person=lead, memberships__role=TeamRole.LEAD)
    assert TeamMembership.objects.filter(team=team, person=member).exists()
    check_out = Adoption.objects.select_related("rhythm").get(team=team, practice__key="check-out")
    assert check_out.owner == lead
    assert check_out.rhythm.rrule.startswith("FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0")
    assert check_out.rhythm.meeting
    # The demo member is the newcomers' buddy in that team, so their login owns a practice too.
    assert Adoption.objects.filter(team=team, owner=member, status=AdoptionStatus.ACTIVE).exists()
    upcoming = selectors.team_weeks(team)
    assert sum(len(week.occurrences) for week in upcoming) >= 6


def test_a_year_of_occurrences_mostly_held_some_skipped_with_a_reason_a_few_moved(demo):
    now = timezone.now()
    occurrences = Occurrence.objects.exclude(status=OccurrenceStatus.CANCELLED)
    first = occurrences.order_by("start").first().start
    assert now - timedelta(days=370) < first < now - timedelta(days=330)
    past = occurrences.filter(start__lt=now)
    statuses = Counter(past.values_list("status", flat=True))
    total = sum(statuses.values())
    assert total > 400
    assert 0.78 <= statuses[OccurrenceStatus.HELD] / total <= 0.92, statuses
    assert 0.05 <= statuses[OccurrenceStatus.SKIPPED] / total <= 0.18, statuses
    assert statuses[OccurrenceStatus.PLANNED] > 0  # some not marked yet
    assert not past.filter(status=OccurrenceStatus.SKIPPED, note="").exists()
    moved = [occ for occ in occurrences if occ.is_moved]
    assert 8 <= len(moved) <= 60 and all(occ.note for occ in moved)
    assert occurrences.filter(start__gte=now, status=OccurrenceStatus.PLANNED).count() > 500

    held = list(past.filter(status=OccurrenceStatus.HELD))
    assert all(occ.end <= occ.held_at <= now for occ in held)
    assert all(occ.recorded_by_id for occ in held)
    # Nothing was held on a public holiday: those times were skipped or moved to the next working day.
    holidays = dutch_holidays(range(now.year - 1, now.year + 1))
    tz = recurrence.zone("Europe/Amsterdam")
    assert not [occ for occ in held if recurrence.aware_to_local(occ.start, tz).date() in holidays]


def test_each_held_time_is_a_team_learning_event_of_its_owner(demo):
    held = Occurrence.objects.filter(status=OccurrenceStatus.HELD).select_related("rhythm__adoption")
    events = {
        int(event.object_id): event
        for event in LearningEvent.objects.filter(content_type__model="occurrence")
    }
    assert len(events) == held.count()
    for occ in held[:50]:
        event = events[occ.pk]
        assert event.visibility == Visibility.TEAM
        assert event.team_id == occ.rhythm.adoption.team_id
        assert event.person_id == occ.recorded_by_id
        assert event.occurred_at == occ.start


def test_adherence_over_the_last_quarter_is_plausible(demo):
    for team in Team.objects.filter(parent__isnull=False):
        adoptions = selectors.team_adoptions(team)
        kept = selectors.team_adherence(team, adoptions)
        assert kept, team.name
        for row in kept:
            assert row.planned >= 1
            assert row.held + row.skipped <= row.planned
            assert row.percent is None or 40 <= row.percent <= 100, (team.name, row.adoption.practice.key)
        total = selectors.total_of(kept) or kept[0]
        assert 60 <= total.percent <= 100, team.name


def test_the_ld_admin_has_open_proposals_one_to_the_demo_leads_team_that_sent_no_mail(demo):
    lead, ld_admin = person("teamleider"), person("leerregisseur")
    team = Team.objects.get(memberships__person=lead, memberships__role=TeamRole.LEAD)
    proposals = Adoption.objects.filter(status=AdoptionStatus.PROPOSED, proposed_by=ld_admin)
    assert proposals.count() >= 2
    assert proposals.filter(team=team).exists()
    assert Adoption.objects.filter(status=AdoptionStatus.DECLINED, proposed_by=ld_admin).exists()
    assert Adoption.objects.filter(status=AdoptionStatus.ACTIVE, proposed_by=ld_admin).exists()  # accepted
    notification = Notification.objects.get(person=lead, kind=PROPOSED_KIND)
    assert notification.read_at is None
    assert notification.emailed_at is not None  # history: no e-mail goes out for it now
    assert notification.created_at < timezone.now() - timedelta(days=1)
    assert not Notification.objects.filter(kind__startswith="practices.", emailed_at__isnull=True).exists()


def test_a_second_run_adds_nothing(demo):
    def counts():
        return (Adoption.objects.count(), Rhythm.objects.count(), Occurrence.objects.count(),
                LearningEvent.objects.count(), Notification.objects.count())

    before = counts()
    assert "nothing to add" in run_demo()
    assert counts() == before


def test_practices_a_part_runs_get_no_rhythm_of_their_own(db):
    register_part_handler(PracticePart.REFLECTION, lambda adoption: "")
    try:
        run_demo("-v0")
    finally:
        unregister_part_handler(PracticePart.REFLECTION)
    with scope(organisation=Organisation.objects.get(slug="demo")):
        reflection = Adoption.objects.filter(status=AdoptionStatus.ACTIVE, practice__part=PracticePart.REFLECTION)
        assert reflection.exists()
        assert not Rhythm.objects.filter(adoption__in=reflection).exists()
        assert Rhythm.objects.exists()  # the rhythm part's own practices still have theirs


def test_dutch_holidays_follow_easter_and_kings_day():
    holidays = dutch_holidays([2026, 2025])
    assert holidays[date(2026, 4, 6)] == "Tweede Paasdag"
    assert holidays[date(2026, 4, 27)] == "Koningsdag"
    assert holidays[date(2026, 5, 14)] == "Hemelvaartsdag"
    assert holidays[date(2026, 5, 25)] == "Tweede Pinksterdag"
    assert holidays[date(2025, 5, 5)] == "Bevrijdingsdag"  # a lustrum year
    assert date(2026, 5, 5) not in holidays
