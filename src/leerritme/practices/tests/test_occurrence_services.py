"""One occurrence at a time: skip, move, restore and mark held, without touching the others."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.practices.models import KolbPhase, Occurrence, OccurrenceStatus
from leerritme.practices.services.rhythm import (
    occurrence_mark_held,
    occurrence_move,
    occurrence_restore,
    occurrence_skip,
    occurrences_mark_held_many,
)
from leerritme.practices.tests.test_rhythm_services import NOW, at, make_adoption, occurrences, weekly


@pytest.fixture
def rhythm(in_org, org, team, bob):
    return weekly(make_adoption(org, team), bob).rhythm


def others_unchanged(rhythm, occ, before):
    after = {o.pk: (o.start, o.status, o.sequence) for o in occurrences(rhythm) if o.pk != occ.pk}
    assert after == {o.pk: (o.start, o.status, o.sequence) for o in before if o.pk != occ.pk}


def test_skipping_one_time_leaves_the_others(rhythm, bob):
    before = occurrences(rhythm)
    occ = occurrence_skip(before[2], by=bob, note="Storing in de hal")
    assert (occ.status, occ.sequence, occ.note) == (OccurrenceStatus.SKIPPED, 1, "Storing in de hal")
    assert occ.recorded_by == bob
    others_unchanged(rhythm, occ, before)


def test_only_a_planned_time_can_be_skipped(rhythm, bob):
    occ = occurrence_skip(occurrences(rhythm)[0], by=bob)
    with pytest.raises(ValidationError):
        occurrence_skip(occ, by=bob)


def test_moving_one_time_keeps_its_original_start(rhythm, bob):
    before = occurrences(rhythm)
    occ = occurrence_move(before[1], by=bob, start=at(2026, 3, 10, 14), end=at(2026, 3, 10, 14, 30), note="Dinsdag")
    occ.refresh_from_db()
    assert occ.start == at(2026, 3, 10, 14) and occ.end == at(2026, 3, 10, 14, 30)
    assert occ.original_start == at(2026, 3, 9)
    assert occ.is_moved and occ.sequence == 1
    others_unchanged(rhythm, occ, before)


def test_moving_refuses_an_end_before_the_start(rhythm, bob):
    occ = occurrences(rhythm)[1]
    with pytest.raises(ValidationError) as excinfo:
        occurrence_move(occ, by=bob, start=at(2026, 3, 10, 14), end=at(2026, 3, 10, 13))
    assert excinfo.value.message_dict["end"] == ["Het einde ligt vóór het begin."]  # Dutch, the default
    occ.refresh_from_db()
    assert not occ.is_moved and occ.sequence == 0


def test_a_skipped_time_cannot_be_moved(rhythm, bob):
    occ = occurrence_skip(occurrences(rhythm)[1], by=bob)
    with pytest.raises(ValidationError):
        occurrence_move(occ, by=bob, start=at(2026, 3, 10, 14), end=at(2026, 3, 10, 15))


def test_restoring_undoes_a_skip(rhythm, bob):
    occ = occurrence_restore(occurrence_skip(occurrences(rhythm)[1], by=bob), by=bob)
    assert occ.status == OccurrenceStatus.PLANNED and occ.sequence == 2


def test_restoring_puts_a_moved_time_back(rhythm, bob):
    occ = occurrences(rhythm)[1]
    occ = occurrence_move(occ, by=bob, start=at(2026, 3, 10, 14), end=at(2026, 3, 10, 15))
    occ = occurrence_restore(occ, by=bob)
    occ.refresh_from_db()
    assert (occ.start, occ.end) == (at(2026, 3, 9), at(2026, 3, 9, 9, 15))
    assert not occ.is_moved and occ.sequence == 2


def test_restoring_a_planned_time_does_nothing(rhythm, bob):
    occ = occurrence_restore(occurrences(rhythm)[1], by=bob)
    assert occ.sequence == 0


def test_a_cancelled_time_cannot_be_restored_or_held(rhythm, bob):
    occ = occurrences(rhythm)[0]
    occ.status = OccurrenceStatus.CANCELLED
    occ.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        occurrence_restore(occ, by=bob)
    with pytest.raises(ValidationError):
        occurrence_mark_held(occ, by=bob, now=NOW + timedelta(days=1))


def test_marking_held_records_a_team_learning_event_once(rhythm, bob, team):
    occ = occurrences(rhythm)[0]
    occ = occurrence_mark_held(occ, by=bob, now=NOW + timedelta(hours=2))
    assert occ.status == OccurrenceStatus.HELD
    assert occ.held_at == NOW + timedelta(hours=2) and occ.recorded_by == bob
    assert occ.sequence == 0  # calendars need not hear about it
    occurrence_mark_held(occ, by=bob, now=NOW + timedelta(hours=3))
    event = LearningEvent.objects.get()
    assert event.kind == LearningKind.REFLECTION_HELD
    assert (event.visibility, event.team, event.person) == (Visibility.TEAM, team, bob)
    assert event.title == "Check-out in the team meeting (nl) met Onderhoud"  # recorded in Dutch
    assert event.occurred_at == at(2026, 3, 2) and event.minutes == 15


def test_a_practice_outside_the_reflect_phase_records_other_learning(in_org, org, team, bob):
    rhythm = weekly(make_adoption(org, team, "Try-out", kolb=KolbPhase.EXPERIMENT), bob).rhythm
    occurrence_mark_held(occurrences(rhythm)[0], by=bob, now=NOW + timedelta(hours=2))
    assert LearningEvent.objects.get().kind == LearningKind.OTHER


def test_a_part_marks_it_held_with_its_own_record(rhythm, alice, team):
    # Any model stands in for a part's record here (a knowledge session, a closed reflection).
    occ = occurrence_mark_held(occurrences(rhythm)[0], by=alice, record=team, now=NOW + timedelta(hours=2))
    occ.refresh_from_db()
    assert (occ.record_type, occ.record_id) == ("orgs.team", str(team.pk))
    assert occ.recorded_by == alice


def test_a_time_cannot_be_held_before_its_day(rhythm, bob):
    occ = occurrences(rhythm)[1]
    with pytest.raises(ValidationError):
        occurrence_mark_held(occ, by=bob, now=NOW)
    # On the day itself it can, even before the hour.
    occurrence_mark_held(occ, by=bob, now=at(2026, 3, 9, 7))


def test_a_skipped_time_that_took_place_after_all_can_be_held(rhythm, bob):
    occ = occurrence_skip(occurrences(rhythm)[0], by=bob)
    occ = occurrence_mark_held(occ, by=bob, now=NOW + timedelta(hours=3))
    assert occ.status == OccurrenceStatus.HELD and occ.sequence == 2


def test_not_held_after_all_withdraws_the_learning_event(rhythm, bob):
    occ = occurrence_mark_held(occurrences(rhythm)[0], by=bob, now=NOW + timedelta(hours=2))
    assert LearningEvent.objects.count() == 1
    occ = occurrence_restore(occ, by=bob)
    assert occ.status == OccurrenceStatus.PLANNED and occ.held_at is None
    assert LearningEvent.objects.count() == 0
    assert Occurrence.objects.filter(status=OccurrenceStatus.HELD).count() == 0


def test_many_past_times_are_marked_held_at_once(rhythm, bob, team, django_assert_max_num_queries):
    found = occurrences(rhythm)
    occurrence_skip(found[1], by=bob)
    found = occurrences(rhythm)
    later = at(2026, 4, 1, 12)  # five Mondays have passed
    # However many times: one update and one insert of events, plus what the parts listening to recorded
    # learning do once per batch (celebrations, badge rules, challenges, the xAPI mirror).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from leerritme.learning import listeners

    saved = listeners.registered()
    listeners.restore(([], []))
    try:
        with django_assert_max_num_queries(8):
            first = occurrences_mark_held_many(found[:1], by=bob, now=later)
    finally:
        listeners.restore(saved)
    with CaptureQueriesContext(connection) as one:
        second = occurrences_mark_held_many(found[1:2], by=bob, now=later)
    with django_assert_max_num_queries(len(one.captured_queries)):
        rest = occurrences_mark_held_many(found, by=bob, now=later)
    assert (first, second, rest) == (1, 1, 3)
    statuses = [o.status for o in occurrences(rhythm)]
    assert statuses[:5] == [OccurrenceStatus.HELD] * 5
    assert set(statuses[5:]) == {OccurrenceStatus.PLANNED}
    assert LearningEvent.objects.filter(team=team, visibility=Visibility.TEAM).count() == 5
    assert occurrences_mark_held_many(occurrences(rhythm), by=bob, now=later) == 0
