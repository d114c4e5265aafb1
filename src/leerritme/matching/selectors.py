"""Reads: who takes part in a programme, earlier groups, a person's current duo/circle/coach/buddy,
and the L&D participation overview. Each a fixed number of queries."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from leerritme.matching.models import (
    Buddy,
    BuddyStatus,
    CoachingRequest,
    CoachOffer,
    Group,
    GroupMember,
    Match,
    MatchStatus,
    OptOut,
    Participant,
    Programme,
    Reach,
    RequestStatus,
    Round,
)
from leerritme.orgs.models import Person, Team, TeamMembership, TeamRole


def _programme_people(programme: Programme):
    people = Person.objects.filter(is_active=True)
    if programme.opt_in:
        people = people.filter(pk__in=Participant.objects.filter(programme=programme).values("person_id"))
    elif programme.reach != Reach.ORGANISATION:
        people = people.filter(pk__in=TeamMembership.objects.filter(
            team__in=programme.teams.all()).values("person_id"))
    return people


def programme_people(programme: Programme) -> list[Person]:
    """The active people a programme's rounds are made from (before opt-outs of a round)."""
    return list(_programme_people(programme).select_related("user").order_by("pk"))


def programme_people_count(programme: Programme) -> int:
    return _programme_people(programme).count()


def opted_out(programme: Programme, round_number: int) -> set[int]:
    return set(OptOut.objects.filter(programme=programme, round_number=round_number)
               .values_list("person_id", flat=True))


def earlier_groups(programme: Programme) -> list[list[int]]:
    """The person ids of every group of the programme's earlier rounds (oldest first)."""
    groups: dict[int, list[int]] = defaultdict(list)
    for group_id, person_id in (GroupMember.objects.filter(group__round__programme=programme)
                                .order_by("group__round__number", "group_id")
                                .values_list("group_id", "person_id")):
        groups[group_id].append(person_id)
    return list(groups.values())


def earlier_groups_of_round(rnd: Round) -> list[list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for group_id, person_id in GroupMember.objects.filter(group__round=rnd).order_by("group_id", "pk").values_list(
            "group_id", "person_id"):
        groups[group_id].append(person_id)
    return list(groups.values())


def facilitation_counts(programme: Programme) -> Counter:
    return Counter(GroupMember.objects.filter(group__round__programme=programme, is_facilitator=True)
                   .values_list("person_id", flat=True))


def team_and_department(person_ids) -> tuple[dict[int, int], dict[int, int]]:
    """Each person's first team and that team's department (the top of its tree): two queries."""
    parents = dict(Team.objects.values_list("pk", "parent_id"))

    def top(team_id: int) -> int:
        seen = set()
        while parents.get(team_id) and team_id not in seen:
            seen.add(team_id)
            team_id = parents[team_id]
        return team_id

    team: dict[int, int] = {}
    for person_id, team_id in (TeamMembership.objects.filter(person_id__in=person_ids)
                               .order_by("pk").values_list("person_id", "team_id")):
        team.setdefault(person_id, team_id)
    return team, {p: top(t) for p, t in team.items()}


def teams_of(person_ids) -> dict[int, set[int]]:
    teams: dict[int, set[int]] = defaultdict(set)
    for person_id, team_id in TeamMembership.objects.filter(person_id__in=person_ids).values_list(
            "person_id", "team_id"):
        teams[person_id].add(team_id)
    return teams


def leads_of(person_ids) -> dict[int, set[int]]:
    """Per person, the people who lead one of their teams."""
    memberships = list(TeamMembership.objects.filter(person_id__in=person_ids).values_list("person_id", "team_id"))
    lead_rows = TeamMembership.objects.filter(team_id__in={t for _, t in memberships}, role=TeamRole.LEAD)
    leads_by_team: dict[int, set[int]] = defaultdict(set)
    for team_id, person_id in lead_rows.values_list("team_id", "person_id"):
        leads_by_team[team_id].add(person_id)
    result: dict[int, set[int]] = defaultdict(set)
    for person_id, team_id in memberships:
        result[person_id] |= leads_by_team[team_id] - {person_id}
    return result


def latest_round(programme: Programme) -> Round | None:
    return programme.rounds.order_by("-number").first()


def round_groups(rnd: Round) -> list[Group]:
    """The round's groups with their members (two queries)."""
    return list(rnd.groups.prefetch_related("memberships__person__user"))


@dataclass
class Together:
    """What one person takes part in now."""

    groups: list[GroupMember] = field(default_factory=list)
    coaching: list[Match] = field(default_factory=list)
    buddies: list[Buddy] = field(default_factory=list)
    requests: list[CoachingRequest] = field(default_factory=list)
    offer: CoachOffer | None = None


def together_for(person: Person) -> Together:
    """The person's groups in the latest round of each running programme, coaching, buddies, requests."""
    members = list(
        GroupMember.objects.filter(person=person, group__round__programme__is_active=True)
        .select_related("group__round__programme")
        .order_by("-group__round__starts_at")
    )
    newest: dict[int, int] = {}
    for m in members:
        newest.setdefault(m.group.round.programme_id, m.group.round.number)
    current = [m for m in members if newest[m.group.round.programme_id] == m.group.round.number]
    if current:
        others = (GroupMember.objects.filter(group_id__in=[m.group_id for m in current])
                  .select_related("person__user").order_by("pk"))
        by_group: dict[int, list[GroupMember]] = defaultdict(list)
        for other in others:
            by_group[other.group_id].append(other)
        for m in current:
            m.group.all_members = by_group[m.group_id]
    coaching = list(
        Match.objects.filter(Q(learner=person) | Q(coach=person),
                             status__in=[MatchStatus.PUBLISHED, MatchStatus.ACTIVE])
        .select_related("learner__user", "coach__user", "request")
    )
    buddies = list(
        Buddy.objects.filter(Q(newcomer=person) | Q(buddy=person),
                             status__in=[BuddyStatus.PROPOSED, BuddyStatus.ACTIVE])
        .select_related("newcomer__user", "buddy__user")
    )
    requests = list(CoachingRequest.objects.filter(person=person, status=RequestStatus.OPEN)
                    .prefetch_related("skills"))
    offer = CoachOffer.objects.filter(person=person).prefetch_related("skills").first()
    return Together(groups=current, coaching=coaching, buddies=buddies, requests=requests, offer=offer)


def programmes_for(person: Person) -> list[Programme]:
    """Running programmes the person can see: organisation-wide ones and those of their teams."""
    my_teams = TeamMembership.objects.filter(person=person).values("team_id")
    query = Programme.objects.filter(is_active=True)
    if not person.is_ld_admin:
        query = query.filter(Q(reach=Reach.ORGANISATION) | Q(opt_in=True) | Q(teams__in=my_teams)
                             | Q(created_by=person))
    return list(query.distinct().annotate(round_count=Count("rounds", distinct=True)).order_by("name"))


@dataclass
class Overview:
    """Participation across the organisation for L&D."""

    programmes: list[Programme]
    people: int
    in_groups: int
    reflected: int
    requests_open: int
    coaches: int
    places: int
    matches: dict[str, int]
    meetings: int
    buddies: dict[str, int]


def participation_overview() -> Overview:
    programmes = list(
        Programme.objects.annotate(
            round_count=Count("rounds", distinct=True),
            member_count=Count("rounds__groups__memberships", distinct=True),
            reflected_count=Count("rounds__groups__memberships",
                                  filter=Q(rounds__groups__memberships__reflected_at__isnull=False), distinct=True),
        ).order_by("-is_active", "name")
    )
    people = Person.objects.filter(is_active=True).count()
    in_groups = (GroupMember.objects.filter(group__round__programme__is_active=True)
                 .values("person_id").distinct().count())
    reflected = GroupMember.objects.filter(reflected_at__isnull=False).count()
    matches = dict(Match.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    offers = CoachOffer.objects.filter(is_active=True, person__is_active=True)
    from leerritme.matching.models import CoachingMeeting

    return Overview(
        programmes=programmes,
        people=people,
        in_groups=in_groups,
        reflected=reflected,
        requests_open=CoachingRequest.objects.filter(status=RequestStatus.OPEN).count(),
        coaches=offers.count(),
        places=sum(offers.values_list("capacity", flat=True)),
        matches=matches,
        meetings=CoachingMeeting.objects.count(),
        buddies=dict(Buddy.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")),
    )
