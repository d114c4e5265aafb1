"""Time-based work: rounds start every N weeks, reflections are asked for, newcomers get a buddy;
coaching meetings and rounds appear in the calendar."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from leerritme.lib.calendar import entries_for
from leerritme.matching import due, services
from leerritme.matching.models import Buddy, MatchStatus, ProgrammeKind, Reach, Round
from leerritme.matching.tests.helpers import knows, member, skill
from leerritme.notifications.models import Notification
from leerritme.orgs.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def run_due(work, now):
    with transaction.atomic():
        work(now)


def test_a_round_starts_when_it_is_due_and_only_once(org, team, crew, carol):
    with scope(organisation=org):
        programme = services.programme_create(organisation=org, kind=ProgrammeKind.DUOS, name="Duo's",
                                              reach=Reach.TEAM, teams=[team], created_by=carol,
                                              first_round_on=timezone.localdate())
    now = timezone.now()
    run_due(due.rounds_due, now)
    run_due(due.rounds_due, now)
    with scope(organisation=org):
        assert Round.objects.filter(programme=programme).count() == 1
        programme.refresh_from_db()
        assert programme.next_round_on == timezone.localdate() + timedelta(weeks=4)


def test_members_are_asked_to_reflect_two_days_before_a_round_ends(org, team, crew, carol):
    with scope(organisation=org):
        programme = services.programme_create(organisation=org, kind=ProgrammeKind.DUOS, name="Duo's",
                                              reach=Reach.TEAM, teams=[team], created_by=carol)
        rnd = services.round_start(programme=programme)
    now = timezone.make_aware(timezone.datetime.combine(rnd.ends_on - timedelta(days=2),
                                                        timezone.datetime.min.time()).replace(hour=12))
    run_due(due.reflections_due, now)
    run_due(due.reflections_due, now)
    with scope(organisation=org):
        assert Notification.objects.filter(kind=services.REFLECT_KIND).count() == len(crew)


def test_a_newcomer_gets_a_buddy_from_the_hourly_work(org, team, other_team, crew):
    with scope(organisation=org):
        Person.objects.filter(pk__in=[p.pk for p in crew]).update(joined_at=timezone.now() - timedelta(days=900))
    veteran = member(org, other_team, "vet@vonk.test", "Veteraan")
    newcomer = member(org, team, "new@vonk.test", "Nieuw")
    with scope(organisation=org):
        Person.objects.filter(pk=veteran.pk).update(joined_at=timezone.now() - timedelta(days=900))
    run_due(due.buddies_due, timezone.now())
    with scope(organisation=org):
        assert Buddy.objects.get().newcomer == newcomer
        assert Notification.objects.filter(kind=services.BUDDY_KIND).count() == 2


def test_rounds_and_coaching_meetings_are_calendar_entries(org, team, other_team, crew, alice, carol):
    found = skill(org)
    knows(alice, found, level=1, wants_to_learn=True)
    coach = member(org, other_team, "coach@vonk.test", "Coach")
    knows(coach, found, level=4, can_teach=True)
    with scope(organisation=org):
        programme = services.programme_create(organisation=org, kind=ProgrammeKind.DUOS, name="Duo's",
                                              reach=Reach.TEAM, teams=[team], created_by=carol)
        services.round_start(programme=programme)
        services.coach_offer_save(person=coach, skills=[found], capacity=1)
        services.coaching_request_create(person=alice, goal="Presenteren", skills=[found])
        run = services.matching_run_create(by=carol)
        services.matching_run_publish(run=run, by=carol)
        match = run.matches.get()
        services.match_answer(match=match, person=coach, accept=True)
        match = services.match_answer(match=match, person=alice, accept=True)
        assert match.status == MatchStatus.ACTIVE
        soon = timezone.now() + timedelta(days=3)
        services.coaching_meeting_log(match=match, by=alice, held_on=timezone.localdate(), notes="Start",
                                      next_meeting_at=soon)
        start, end = timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=7)
        group = alice.matching_groups.get().group
        urls = [e.url for e in entries_for(alice, start, end) if e.source == "matching"]
        assert urls == [f"/o/{org.slug}/together/groups/{group.uuid}/",
                        f"/o/{org.slug}/together/coaching/matches/{match.uuid}/"]
        [meeting] = [e for e in entries_for(coach, start, end) if e.source == "matching"]
        assert meeting.start == soon and meeting.title.endswith(alice.display_name)
