"""How a team kept its rhythm: planned versus held per practice over the last thirteen weeks."""

from datetime import timedelta

import pytest
from django_scopes import scopes_disabled

from leerritme.orgs.models import Team
from leerritme.practices.models import AdoptionStatus, Occurrence, OccurrenceStatus
from leerritme.practices.rhythm_selectors import team_adherence, team_adoptions, total_of
from leerritme.practices.services.rhythm import occurrences_generate
from leerritme.practices.tests.test_rhythm_services import at, make_adoption, weekly

# Friday 5 June 2026, noon: thirteen weeks back is Friday 6 March.
NOW = at(2026, 6, 5, 12)


def with_history(adoption, by, weekday=0):
    since = at(2026, 1, 1)
    rhythm = weekly(adoption, by, now=since, weekdays=(weekday,), starts_at=since.replace(tzinfo=None)).rhythm
    occurrences_generate(rhythm, NOW + timedelta(days=60), since=since, now=since)
    return rhythm


def mark(rhythm, statuses):
    """Give the most recent due times these statuses, newest first."""
    due = list(Occurrence.objects.filter(rhythm=rhythm, start__lt=NOW).order_by("-start")[:len(statuses)])
    for occ, status in zip(due, statuses, strict=True):
        occ.status = status
    Occurrence.objects.bulk_update(due, ["status"])


@pytest.fixture
def team_rhythms(in_org, org, team, bob):
    checkout = with_history(make_adoption(org, team, "Check-out"), bob, weekday=0)
    review = with_history(make_adoption(org, team, "Review"), bob, weekday=3)
    return checkout, review


def test_it_counts_due_held_and_skipped_times_per_practice(team, team_rhythms):
    checkout, review = team_rhythms
    mark(checkout, [OccurrenceStatus.HELD] * 10 + [OccurrenceStatus.SKIPPED] * 2)
    mark(review, [OccurrenceStatus.HELD] * 4)
    kept = {k.adoption.practice.name_en: k for k in team_adherence(team, team_adoptions(team), now=NOW)}
    # Mondays from 9 March to 1 June: 13; Thursdays from 12 March to 4 June: 13.
    assert (kept["Check-out"].planned, kept["Check-out"].held, kept["Check-out"].skipped) == (13, 10, 2)
    assert kept["Check-out"].unmarked == 1
    assert kept["Check-out"].percent == 77
    assert (kept["Review"].planned, kept["Review"].held, kept["Review"].percent) == (13, 4, 31)


def test_it_leaves_out_cancelled_and_future_times(team, team_rhythms):
    checkout, _review = team_rhythms
    last = Occurrence.objects.filter(rhythm=checkout, start__lt=NOW).order_by("-start").first()
    last.status = OccurrenceStatus.CANCELLED
    last.save(update_fields=["status"])
    Occurrence.objects.filter(rhythm=checkout, start__gte=NOW).update(status=OccurrenceStatus.HELD)
    kept = {k.adoption.practice.name_en: k for k in team_adherence(team, team_adoptions(team), now=NOW)}
    assert (kept["Check-out"].planned, kept["Check-out"].held) == (12, 0)


def test_it_counts_only_this_teams_practices(org, team, team_rhythms, bob):
    with scopes_disabled():
        other = Team.objects.create(organisation=org, name="Planning")
    elsewhere = with_history(make_adoption(org, other, "Elsewhere"), bob)
    mark(elsewhere, [OccurrenceStatus.HELD] * 13)
    kept = team_adherence(team, team_adoptions(team), now=NOW)
    assert {k.adoption.practice.name_en for k in kept} == {"Check-out", "Review"}
    assert sum(k.held for k in kept) == 0


def test_it_keeps_the_history_of_a_stopped_practice(team, team_rhythms):
    checkout, _review = team_rhythms
    mark(checkout, [OccurrenceStatus.HELD] * 5)
    checkout.adoption.status = AdoptionStatus.STOPPED
    checkout.adoption.save(update_fields=["status"])
    kept = {k.adoption.practice.name_en: k for k in team_adherence(team, team_adoptions(team), now=NOW)}
    assert kept["Check-out"].held == 5


def test_a_new_practice_shows_with_nothing_due_yet(in_org, org, team, bob):
    weekly(make_adoption(org, team, "New"), bob, now=NOW, starts_at=at(2026, 6, 8).replace(tzinfo=None))
    (kept,) = team_adherence(team, team_adoptions(team), now=NOW)
    assert (kept.planned, kept.percent) == (0, None)


def test_the_total_adds_up_the_practices(team, team_rhythms):
    checkout, review = team_rhythms
    mark(checkout, [OccurrenceStatus.HELD] * 13)
    mark(review, [OccurrenceStatus.HELD] * 0)
    total = total_of(team_adherence(team, team_adoptions(team), now=NOW))
    assert (total.planned, total.held, total.percent) == (26, 13, 50)


def test_it_is_one_query_however_many_times(team, team_rhythms, django_assert_num_queries):
    adoptions = team_adoptions(team)
    with django_assert_num_queries(1):
        team_adherence(team, adoptions, now=NOW)
