"""The occurrences' calendar source: what a person and a team see through the calendar seam."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation
from django_scopes import scope, scopes_disabled

from leerritme.lib.calendar import entries_for
from leerritme.orgs.models import Team, TeamMembership
from leerritme.practices.calendar import SOURCE, occurrence_entries, occurrence_entry
from leerritme.practices.models import AdoptionStatus, Occurrence, OccurrenceStatus
from leerritme.practices.tests.feeds_fixtures import add_occurrence, add_weekly, local, make_practice, make_rhythm

WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))


def occurrences(subject, start=WINDOW[0], end=WINDOW[1]):
    return [entry for entry in entries_for(subject, start, end) if entry.source == SOURCE]


@pytest.fixture
def other_team(org):
    with scopes_disabled():
        return Team.objects.create(organisation=org, name="Verkoop")


def test_a_person_sees_the_occurrences_of_every_team_they_are_in(org, team, other_team, alice, in_org):
    rhythm = make_rhythm(org, team)
    add_weekly(rhythm, local(2026, 3, 2), 3)
    elsewhere = make_rhythm(org, other_team, practice=make_practice(org, name_nl="Leesclub", name_en="Book club"))
    add_weekly(elsewhere, local(2026, 3, 3), 2)

    assert len(occurrences(alice)) == 3
    TeamMembership.objects.create(organisation=org, team=other_team, person=alice)
    assert len(occurrences(alice)) == 5


def test_a_team_sees_only_its_own_occurrences(org, team, other_team, in_org):
    add_weekly(make_rhythm(org, team), local(2026, 3, 2), 3)
    add_weekly(make_rhythm(org, other_team), local(2026, 3, 3), 2)

    found = occurrences(other_team)
    assert len(found) == 2
    assert all(entry.title.endswith("– Verkoop") for entry in found)


def test_only_active_adoptions_count(org, team, alice, in_org):
    for status in (AdoptionStatus.PROPOSED, AdoptionStatus.STOPPED, AdoptionStatus.DECLINED):
        practice = make_practice(org, name_nl=f"Praktijk {status}", name_en=f"Practice {status}")
        add_weekly(make_rhythm(org, team, practice=practice, status=status), local(2026, 3, 2), 2)

    assert occurrences(alice) == []
    assert occurrences(team) == []


def test_skipped_and_cancelled_occurrences_are_cancelled_entries_and_held_ones_are_not(org, team, alice, in_org):
    rhythm = make_rhythm(org, team)
    statuses = [OccurrenceStatus.PLANNED, OccurrenceStatus.HELD, OccurrenceStatus.SKIPPED, OccurrenceStatus.CANCELLED]
    for week, status in enumerate(statuses):
        add_occurrence(rhythm, local(2026, 3, 2) + timedelta(weeks=week), status=status)

    assert [entry.cancelled for entry in occurrences(alice)] == [False, False, True, True]


def test_an_entry_carries_a_stable_uid_a_link_the_text_and_the_place(org, team, alice, in_org, settings):
    settings.SITE_URL = "https://leerritme.example"
    rhythm = make_rhythm(org, team, purpose="We want to end every meeting having learned something.")
    occurrence = add_occurrence(rhythm, local(2026, 3, 2))

    (entry,) = occurrences(alice)

    assert entry.uid == f"occurrence-{occurrence.uuid}@leerritme"
    assert entry.url == f"https://leerritme.example/o/vonk/occurrences/{occurrence.uuid}/"
    assert entry.location == "Kantine"
    assert entry.start == local(2026, 3, 2) and entry.end == local(2026, 3, 2, 9, 30)
    assert entry.title == "Check-out in het werkoverleg – Onderhoud"
    # The team's own purpose wins over the practice's general one.
    assert entry.description.startswith("We want to end every meeting having learned something.")
    assert "Werkoverleg" in entry.description
    assert "1. Ieder noemt één ding dat hij leerde.\n2. De voorzitter vat samen." in entry.description
    assert occurrences(alice)[0].uid == entry.uid


def test_the_text_follows_the_active_language(org, team, alice, in_org):
    add_occurrence(make_rhythm(org, team), local(2026, 3, 2))

    with translation.override("en"):
        (entry,) = occurrences(alice)

    assert entry.title == "Check-out in the team meeting – Onderhoud"
    assert entry.description.startswith("Close with what we learned.")
    assert "1. Everyone names one thing they learned." in entry.description


def test_a_moved_occurrence_keeps_its_uid_and_raises_its_sequence(org, team, alice, in_org):
    rhythm = make_rhythm(org, team)
    occurrence = add_occurrence(rhythm, local(2026, 3, 2))
    (before,) = occurrences(alice)

    Occurrence.objects.filter(pk=occurrence.pk).update(
        start=local(2026, 3, 3, 14), end=local(2026, 3, 3, 14, 30), sequence=1,
        updated_at=datetime.now(UTC) + timedelta(seconds=1),
    )
    (after,) = occurrences(alice)

    assert after.uid == before.uid
    assert after.start == local(2026, 3, 3, 14)
    assert after.sequence > before.sequence
    assert after.updated_at > before.updated_at


def test_a_change_to_the_rhythm_raises_the_sequence_of_every_occurrence(org, team, alice, in_org):
    rhythm = make_rhythm(org, team)
    add_weekly(rhythm, local(2026, 3, 2), 2)
    before = occurrences(alice)

    type(rhythm).objects.filter(pk=rhythm.pk).update(sequence=1, location="Zaal 2")
    after = occurrences(alice)

    assert [entry.sequence for entry in after] == [entry.sequence + 1 for entry in before]
    assert {entry.location for entry in after} == {"Zaal 2"}


def test_a_note_on_an_occurrence_comes_first_in_its_description(org, team, alice, in_org):
    occurrence = add_occurrence(make_rhythm(org, team), local(2026, 3, 2))
    Occurrence.objects.filter(pk=occurrence.pk).update(note="This time in the workshop.")

    assert occurrences(alice)[0].description.startswith("This time in the workshop.\n\n")


def test_only_occurrences_in_the_window_are_returned(org, team, alice, in_org):
    add_weekly(make_rhythm(org, team), local(2026, 3, 2), 10)

    found = occurrences(alice, local(2026, 3, 9, 9, 15), local(2026, 3, 23, 9, 0))

    assert [entry.start for entry in found] == [local(2026, 3, 9), local(2026, 3, 16)]


def test_a_deactivated_person_sees_nothing(org, team, alice, in_org):
    add_occurrence(make_rhythm(org, team), local(2026, 3, 2))
    alice.is_active = False

    assert occurrences(alice) == []


def test_other_subjects_have_no_occurrences(org, team, in_org):
    add_occurrence(make_rhythm(org, team), local(2026, 3, 2))

    assert occurrence_entries("someone", *WINDOW) == []
    assert occurrence_entries(None, *WINDOW) == []


def test_it_never_shows_another_organisations_occurrences(org, other_org, team, alice, charlie):
    add_occurrence(make_rhythm(org, team), local(2026, 3, 2))
    with scopes_disabled():
        their_team = Team.objects.create(organisation=other_org, name="Onderhoud")
        TeamMembership.objects.create(organisation=other_org, team=their_team, person=charlie)

    with scope(organisation=other_org):
        assert occurrences(charlie) == []
        assert occurrences(their_team) == []
        # Asked about org's team from inside other_org's scope, the source finds nothing either.
        assert occurrences(team) == []


def test_it_costs_two_queries_however_many_occurrences(org, team, other_team, alice, in_org,
                                                       django_assert_num_queries):
    TeamMembership.objects.create(organisation=org, team=other_team, person=alice)
    add_weekly(make_rhythm(org, team), local(2026, 1, 5), 3)
    with django_assert_num_queries(2):
        assert len(occurrence_entries(alice, *WINDOW)) == 3

    add_weekly(make_rhythm(org, team, practice=make_practice(org, name_nl="B", name_en="B")), local(2026, 1, 6), 50)
    add_weekly(make_rhythm(org, other_team), local(2026, 1, 7), 50)
    with django_assert_num_queries(2):
        assert len(occurrence_entries(alice, *WINDOW)) == 103


def test_the_entry_of_one_occurrence_equals_its_entry_in_the_feeds(org, team, alice, in_org):
    occurrence = add_occurrence(make_rhythm(org, team), local(2026, 3, 2), status=OccurrenceStatus.SKIPPED)
    loaded = Occurrence.objects.select_related(
        "rhythm__organisation", "rhythm__adoption__team", "rhythm__adoption__practice"
    ).get(pk=occurrence.pk)

    assert occurrence_entry(loaded) == occurrences(alice)[0]
