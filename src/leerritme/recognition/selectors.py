"""Reading recognition, always as the viewer may see it; hidden kudos and cards are never returned.

Each reader costs a fixed number of queries whatever the number of rows (prefetches, no per-row queries).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from leerritme.learning.models import Visibility
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.recognition.models import (
    BadgeAward,
    Celebration,
    Challenge,
    ChallengeParticipant,
    Congratulation,
    Kudos,
    KudosRecipient,
    KudosVisibility,
)


def _my_teams(viewer: Person):
    return TeamMembership.objects.filter(person=viewer).values("team_id")


def kudos_visible_to(viewer: Person) -> QuerySet[Kudos]:
    """Kudos the viewer may see: shared with everyone, with a team of theirs, or given or received by them;
    only with at least one recipient who has not hidden it, and listing only those recipients."""
    shown = KudosRecipient.objects.filter(kudos=OuterRef("pk"), hidden_at__isnull=True)
    mine = KudosRecipient.objects.filter(kudos=OuterRef("pk"), person=viewer)
    return (
        Kudos.objects.filter(organisation_id=viewer.organisation_id)
        .filter(Exists(shown))
        .filter(Q(visibility=KudosVisibility.ORGANISATION)
                | Q(visibility=KudosVisibility.TEAM, team_id__in=_my_teams(viewer))
                | Q(giver=viewer) | Exists(mine))
        .select_related("giver__user", "skill", "team")
        .prefetch_related(Prefetch("recipients", KudosRecipient.objects.filter(hidden_at__isnull=True)
                                   .select_related("person__user").order_by("pk"), to_attr="shown_recipients"))
    )


def celebrations_visible_to(viewer: Person) -> QuerySet[Celebration]:
    """Cards the viewer may see: their own, their teams' team-visible ones and organisation-wide ones."""
    return (
        Celebration.objects.filter(organisation_id=viewer.organisation_id, hidden_at__isnull=True)
        .filter(Q(person=viewer) | Q(visibility=Visibility.ORGANISATION)
                | Q(visibility=Visibility.TEAM, team_id__in=_my_teams(viewer)))
        .select_related("person__user")
        .annotate(cheers=Count("congratulations"),
                  cheered=Exists(Congratulation.objects.filter(celebration=OuterRef("pk"), person=viewer)))
    )


def for_team(kudos: QuerySet[Kudos], celebrations: QuerySet[Celebration], team: Team):
    """Narrow both to one team: its own team-visible items and anything about its members."""
    members = TeamMembership.objects.filter(team=team).values("person_id")
    in_team = KudosRecipient.objects.filter(kudos=OuterRef("pk"), person_id__in=members, hidden_at__isnull=True)
    return (kudos.filter(Q(team=team) | Exists(in_team)),
            celebrations.filter(Q(team=team) | Q(person_id__in=members)))


@dataclass
class FeedItem:
    kind: str  # "kudos" or "celebration"
    at: datetime
    item: object


def feed(viewer: Person, *, team: Team | None = None, before: datetime | None = None, limit: int = 30):
    """The wall: kudos and celebration cards, newest first, merged; (items, next_before or None)."""
    kudos, cards = kudos_visible_to(viewer), celebrations_visible_to(viewer)
    if team is not None:
        kudos, cards = for_team(kudos, cards, team)
    if before is not None:
        kudos, cards = kudos.filter(created_at__lt=before), cards.filter(occurred_at__lt=before)
    items = [FeedItem("kudos", k.created_at, k) for k in kudos.order_by("-created_at")[: limit + 1]]
    items += [FeedItem("celebration", c.occurred_at, c) for c in cards.order_by("-occurred_at")[: limit + 1]]
    items.sort(key=lambda i: i.at, reverse=True)
    more = len(items) > limit
    items = items[:limit]
    return items, (items[-1].at if more and items else None)


def awards_of(person: Person, viewer: Person) -> QuerySet[BadgeAward]:
    """A person's badges: all valid ones for themselves, the ones they show for everyone else."""
    awards = (BadgeAward.objects.filter(person=person, revoked_at__isnull=True)
              .select_related("badge", "awarded_by__user"))
    if person.pk != viewer.pk:
        awards = awards.filter(hidden=False)
    return awards.order_by("-issued_on")


def kudos_received(person: Person, viewer: Person) -> QuerySet[Kudos]:
    received = KudosRecipient.objects.filter(kudos=OuterRef("pk"), person=person, hidden_at__isnull=True)
    return kudos_visible_to(viewer).filter(Exists(received)).order_by("-created_at")


def challenges_for(viewer: Person) -> QuerySet[Challenge]:
    """Challenges the viewer may see: organisation-wide ones and those for a team of theirs."""
    return (Challenge.objects.filter(Q(team__isnull=True) | Q(team_id__in=_my_teams(viewer)))
            .select_related("team")
            .annotate(joined=Count("participants", distinct=True),
                      me=Exists(ChallengeParticipant.objects.filter(challenge=OuterRef("pk"), person=viewer))))
