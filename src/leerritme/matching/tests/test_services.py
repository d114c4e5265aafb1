"""The services of duos, circles, coffee, coaching and buddies, on the real database."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from leerritme.learning.models import LearningEvent, LearningKind
from leerritme.matching import services
from leerritme.matching.models import (
    Buddy,
    GroupMember,
    Match,
    MatchStatus,
    ProgrammeKind,
    Protocol,
    Reach,
    RequestStatus,
)
from leerritme.matching.tests.helpers import knows, member, skill
from leerritme.notifications.models import Notification
from leerritme.orgs.models import Person

pytestmark = pytest.mark.django_db


def groups_of(rnd):
    return sorted(sorted(m.person_id for m in g.memberships.all()) for g in rnd.groups.all())


def test_it_pairs_a_team_with_one_trio_for_an_odd_number_and_tells_everyone(org, team, crew, carol):
    extra = member(org, team, "odd@vonk.test", "Oneven")
    with scope(organisation=org):
        programme = services.programme_create(organisation=org, kind=ProgrammeKind.DUOS, name="Duo's",
                                              reach=Reach.TEAM, teams=[team], created_by=carol)
        rnd = services.round_start(programme=programme, by=carol)
        sizes = sorted(len(g) for g in groups_of(rnd))
        assert sizes == [2, 2, 3]
        assert sorted(p for g in groups_of(rnd) for p in g) == sorted(p.pk for p in [*crew, extra])
        assert Notification.objects.filter(kind=services.GROUPED_KIND).count() == 7
        programme.refresh_from_db()
        assert programme.next_round_on == timezone.localdate() + timedelta(weeks=4)


def test_it_avoids_earlier_partners_until_everyone_has_met(org, team, crew, carol):
    with scope(organisation=org):
        programme = services.programme_create(organisation=org, kind=ProgrammeKind.DUOS, name="Duo's",
                                              reach=Reach.TEAM, teams=[team], created_by=carol)
        pairs = set()
        for _ in range(5):  # six people: five rounds without a repeat
            rnd = services.round_start(programme=programme, by=carol)
            for g in groups_of(rnd):
                assert tuple(g) not in pairs
                pairs.add(tuple(g))
        assert len(pairs) == 15


def test_someone_who_opts_out_skips_that_round_only(org, team, crew, carol, alice):
    with scope(organisation=org):
        programme = services.programme_create(organisation=org, kind=ProgrammeKind.DUOS, name="Duo's",
                                              reach=Reach.TEAM, teams=[team], created_by=carol)
        services.opt_out_set(programme=programme, person=alice, round_number=1, skip=True)
        first = services.round_start(programme=programme, by=carol)
        second = services.round_start(programme=programme, by=carol)
        assert alice.pk not in {p for g in groups_of(first) for p in g}
        assert alice.pk in {p for g in groups_of(second) for p in g}


def test_too_few_people_is_a_clear_error_and_nothing_is_stored(org, team, alice, carol):
    with scope(organisation=org):
        programme = services.programme_create(organisation=org, kind=ProgrammeKind.DUOS, name="Duo's",
                                              reach=Reach.TEAM, teams=[team], created_by=carol)
        with pytest.raises(ValidationError, match="Too few|Te weinig"):
            services.round_start(programme=programme, by=carol)
        assert not programme.rounds.exists()


def test_programme_create_checks_sizes_and_teams(org, team, other_team, carol):
    with scope(organisation=org):
        with pytest.raises(ValidationError) as error:
            services.programme_create(organisation=org, kind=ProgrammeKind.CIRCLES, name="Kring",
                                      reach=Reach.TEAMS, teams=[team], group_size=9, created_by=carol)
        assert set(error.value.message_dict) == {"group_size", "teams"}


def test_circles_rotate_their_facilitator_and_stable_circles_stay_together(org, team, carol):
    people = [member(org, team, f"c{i}@vonk.test", f"Kring {i}") for i in range(8)]
    with scope(organisation=org):
        programme = services.programme_create(organisation=org, kind=ProgrammeKind.CIRCLES, name="Intervisie",
                                              reach=Reach.TEAM, teams=[team], group_size=4, rotating=False,
                                              protocol=Protocol.INCIDENT, created_by=carol)
        first = services.round_start(programme=programme, by=carol)
        second = services.round_start(programme=programme, by=carol)
        assert groups_of(first) == groups_of(second)
        assert [len(g) for g in groups_of(first)] == [4, 4]
        leaders = list(GroupMember.objects.filter(group__round__programme=programme, is_facilitator=True)
                       .values_list("person_id", flat=True))
        assert len(leaders) == 4 and len(set(leaders)) == 4  # two per round, never the same one twice
        assert len(people) == 8


def test_skill_based_duos_pair_who_wants_to_learn_with_who_can_teach(org, team, crew, carol):
    found = skill(org, "Plannen")
    knows(crew[2], found, wants_to_learn=True)
    knows(crew[5], found, can_teach=True, level=4)
    with scope(organisation=org):
        programme = services.programme_create(organisation=org, kind=ProgrammeKind.DUOS, name="Leerduo's",
                                              reach=Reach.TEAM, teams=[team], skill=found, created_by=carol)
        rnd = services.round_start(programme=programme, by=carol)
        assert sorted([crew[2].pk, crew[5].pk]) in groups_of(rnd)


def test_coffee_pairs_only_people_who_opted_in(org, team, crew, carol):
    with scope(organisation=org):
        programme = services.programme_create(organisation=org, kind=ProgrammeKind.COFFEE, name="Koffie",
                                              reach=Reach.ORGANISATION, created_by=carol)
        for person in crew[:4]:
            services.participant_set(programme=programme, person=person, joined=True)
        rnd = services.round_start(programme=programme, by=carol)
        assert sorted(p for g in groups_of(rnd) for p in g) == sorted(p.pk for p in crew[:4])


def test_a_reflection_is_stored_once_as_a_learning_event(org, team, crew, carol):
    with scope(organisation=org):
        programme = services.programme_create(organisation=org, kind=ProgrammeKind.DUOS, name="Duo's",
                                              reach=Reach.TEAM, teams=[team], created_by=carol)
        services.round_start(programme=programme, by=carol)
        mine = GroupMember.objects.filter(person=crew[0]).select_related("group__round__programme", "person").get()
        with pytest.raises(ValidationError):
            services.group_reflect(member=mine, text="  ")
        services.group_reflect(member=mine, text="Veel geleerd over plannen.")
        services.group_reflect(member=mine, text="Veel geleerd over plannen, en over de app.")
        assert LearningEvent.objects.filter(person=crew[0]).count() == 1


@pytest.fixture
def coaching_setup(org, team, other_team, alice, bob, carol):
    """alice wants to learn presenting; bob (her lead) and two coaches from another team can teach it."""
    presenting = skill(org, "Presenteren")
    knows(alice, presenting, level=1, wants_to_learn=True)
    far = member(org, other_team, "far@vonk.test", "Verre Coach")
    near = member(org, other_team, "near@vonk.test", "Nabije Coach")
    for coach, level in ((bob, 4), (far, 4), (near, 2)):
        knows(coach, presenting, level=level, can_teach=True)
    with scope(organisation=org):
        for coach in (bob, far, near):
            services.coach_offer_save(person=coach, skills=[presenting], capacity=1, languages=["nl"])
        request = services.coaching_request_create(person=alice, goal="Presenteren op het teamoverleg.",
                                                   skills=[presenting])
    return {"skill": presenting, "far": far, "near": near, "request": request}


def test_matching_never_proposes_the_own_team_lead_and_gives_reasons(org, alice, bob, carol, coaching_setup):
    with scope(organisation=org):
        run = services.matching_run_create(by=carol)
        [match] = run.matches.all()
        assert match.learner == alice
        assert match.coach == coaching_setup["far"]  # the bigger level difference; never bob
        codes = {r["code"] for r in match.reasons}
        assert {"shared_skill", "level_difference", "other_team"} <= codes
        assert match.status == MatchStatus.PROPOSED


def test_an_admin_adjusts_publishes_and_both_accept(org, alice, carol, coaching_setup, bob):
    near = coaching_setup["near"]
    with scope(organisation=org):
        run = services.matching_run_create(by=carol)
        [match] = run.matches.all()
        with pytest.raises(ValidationError):
            services.match_adjust(match=match, coach=bob)
        services.match_adjust(match=match, coach=near)
        assert services.matching_run_publish(run=run, by=carol) == 1
        match.refresh_from_db()
        assert match.status == MatchStatus.PUBLISHED and match.coach == near
        assert Notification.objects.filter(kind=services.MATCH_PUBLISHED_KIND).count() == 2
        match = services.match_answer(match=match, person=near, accept=True)
        assert match.status == MatchStatus.PUBLISHED
        match = services.match_answer(match=match, person=alice, accept=True)
        assert match.status == MatchStatus.ACTIVE


def test_a_decline_reopens_the_request(org, alice, carol, coaching_setup):
    with scope(organisation=org):
        run = services.matching_run_create(by=carol)
        services.matching_run_publish(run=run, by=carol)
        match = run.matches.get()
        services.match_answer(match=match, person=match.coach, accept=False)
        coaching_setup["request"].refresh_from_db()
        assert coaching_setup["request"].status == RequestStatus.OPEN
        assert Match.objects.get(pk=match.pk).status == MatchStatus.DECLINED


def test_meetings_are_learning_events_for_both_and_the_coaching_closes_with_a_reflection(org, alice, carol,
                                                                                         coaching_setup):
    with scope(organisation=org):
        run = services.matching_run_create(by=carol)
        services.matching_run_publish(run=run, by=carol)
        match = run.matches.get()
        services.match_answer(match=match, person=match.coach, accept=True)
        match = services.match_answer(match=match, person=alice, accept=True)
        with pytest.raises(ValidationError):
            services.coaching_meeting_log(match=match, by=alice, held_on=timezone.localdate() + timedelta(days=1),
                                          notes="Te vroeg")
        services.coaching_meeting_log(match=match, by=alice, held_on=timezone.localdate(), notes="Opbouw",
                                      minutes=45, progress=40)
        events = LearningEvent.objects.filter(kind=LearningKind.COACHING_MEETING)
        assert sorted(e.person_id for e in events) == sorted([alice.pk, match.coach_id])
        assert {e.minutes for e in events} == {45}
        services.match_close(match=match, reflection="Ik durf nu te presenteren.")
        assert Match.objects.get(pk=match.pk).status == MatchStatus.CLOSED


def test_reaching_the_goal_is_the_learners_private_learning_once(org, alice, carol, coaching_setup):
    """A coaching goal reached (progress 100%) is learning the learner's celebration card comes from."""
    from leerritme.learning.models import Visibility

    with scope(organisation=org):
        run = services.matching_run_create(by=carol)
        services.matching_run_publish(run=run, by=carol)
        match = run.matches.get()
        services.match_answer(match=match, person=match.coach, accept=True)
        match = services.match_answer(match=match, person=alice, accept=True)
        services.coaching_meeting_log(match=match, by=alice, held_on=timezone.localdate(), notes="Bijna", progress=90)
        assert not LearningEvent.objects.filter(kind=LearningKind.COACHING_GOAL_REACHED).exists()
        services.coaching_meeting_log(match=match, by=alice, held_on=timezone.localdate(), notes="Gelukt",
                                      progress=100)
        services.coaching_meeting_log(match=match, by=alice, held_on=timezone.localdate(), notes="Nazorg",
                                      progress=100)
        [event] = LearningEvent.objects.filter(kind=LearningKind.COACHING_GOAL_REACHED)
        assert event.person_id == alice.pk and event.visibility == Visibility.PRIVATE


def test_a_full_coach_is_not_proposed_again(org, alice, carol, coaching_setup, team):
    second = member(org, team, "second@vonk.test", "Tweede Leerling")
    knows(second, coaching_setup["skill"], level=1, wants_to_learn=True)
    with scope(organisation=org):
        services.coaching_request_create(person=second, goal="Ook presenteren.", skills=[coaching_setup["skill"]])
        run = services.matching_run_create(by=carol)
        # far and near each take one: both learners matched, each coach once
        assert sorted(m.coach_id for m in run.matches.all()) == sorted([coaching_setup["far"].pk,
                                                                        coaching_setup["near"].pk])


def test_newcomers_get_a_buddy_from_another_team_once(org, team, other_team, crew):
    old = timezone.now() - timedelta(days=800)
    with scope(organisation=org):
        Person.objects.filter(pk__in=[p.pk for p in crew]).update(joined_at=old)
        veteran = member(org, other_team, "vet@vonk.test", "Veteraan")
        Person.objects.filter(pk=veteran.pk).update(joined_at=old)
        newcomer = member(org, team, "new@vonk.test", "Nieuwkomer")
        made = services.buddies_propose(organisation=org)
        assert [(b.newcomer_id, b.buddy_id) for b in made] == [(newcomer.pk, veteran.pk)]
        assert services.buddies_propose(organisation=org) == []
        buddy = Buddy.objects.get()
        with pytest.raises(ValidationError):
            services.buddy_answer(buddy=buddy, person=newcomer, accept=True)
        services.buddy_answer(buddy=buddy, person=veteran, accept=True)



@pytest.fixture
def runs_duos():
    from leerritme.matching import parts
    from leerritme.practices.parts import unregister_part_handler

    parts.register()
    yield
    unregister_part_handler("duos")
    unregister_part_handler("circles")


def test_adopting_rotating_duos_for_a_team_creates_its_programme_and_stopping_stops_it(org, team, crew, bob,
                                                                                      runs_duos):
    from leerritme.matching.models import Programme
    from leerritme.practices.services.adoption import adoption_create, adoption_stop
    from leerritme.practices.tests.helpers import practice

    found = practice(org, "rotating-duos")
    with scope(organisation=org):
        adopted = adoption_create(team=team, practice=found, owner=bob, purpose="Van elkaar leren.", adopted_by=bob)
        programme = Programme.objects.get()
        assert adopted.part_url.endswith(f"/together/programmes/{programme.uuid}/")
        assert list(programme.teams.all()) == [team] and programme.kind == ProgrammeKind.DUOS
        services.round_start(programme=programme, by=bob)
        adoption_stop(adoption=adopted.adoption, stopped_by=bob)
        programme.refresh_from_db()
        assert not programme.is_active
