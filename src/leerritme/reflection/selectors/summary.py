"""What a closed session leaves behind: its summary, read in a fixed number of queries.

The summary is for the team: cards by column and group with their dots, the actions with owners and due
dates, the follow-up of earlier actions, and the check-out as a team aggregate. It never names a card's
author (an anonymous card must not stand out by being the only one without a name), and the check-out
shows only when enough people answered (`checkout_threshold`), never per person.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils import timezone

from leerritme.reflection.boards import BOARDS
from leerritme.reflection.models import (
    Action,
    ActionReview,
    Card,
    CardGroup,
    CheckOutResponse,
    Participant,
    ReflectionSession,
    Vote,
)

# The design's floor for check-out aggregates, whatever the organisation chose for surveys.
CHECKOUT_MINIMUM = 3


def checkout_threshold(organisation) -> int:
    """How many check-outs a session needs before its aggregate is shown."""
    return max(CHECKOUT_MINIMUM, organisation.anonymity_threshold or CHECKOUT_MINIMUM)


@dataclass(frozen=True)
class CheckoutAggregate:
    """A session's check-out as the team's aggregate: averages, how often each score was given, the words."""

    answered: int
    quality: float
    dynamics: float
    quality_counts: tuple[int, ...]  # how many gave 1, 2, 3, 4, 5
    dynamics_counts: tuple[int, ...]
    words: tuple[tuple[str, int], ...]  # most given first, then alphabetical (never in the order given)


@dataclass
class SummaryCard:
    text: str
    votes: int


@dataclass
class SummaryGroup:
    title: str
    votes: int  # dots on the group and on its cards
    cards: list[SummaryCard] = field(default_factory=list)


@dataclass
class SummaryColumn:
    key: str
    title: str
    prompt: str
    groups: list[SummaryGroup] = field(default_factory=list)
    cards: list[SummaryCard] = field(default_factory=list)  # cards outside any group

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.cards


@dataclass
class SummaryAction:
    text: str
    owner: str
    due_date: date | None
    status: str
    status_label: str


@dataclass
class SummaryReview:
    text: str
    outcome: str
    outcome_label: str


@dataclass
class Summary:
    session: ReflectionSession
    title: str
    team: str
    format_label: str
    held_on: date
    facilitator: str
    participants: list[str]
    columns: list[SummaryColumn]
    actions: list[SummaryAction]
    reviews: list[SummaryReview]
    checkout: CheckoutAggregate | None
    checkout_answered: int
    checkout_needed: int

    @property
    def has_cards(self) -> bool:
        """A check-out on its own leaves no cards: the summary then says so once, not per column."""
        return any(not column.is_empty for column in self.columns)

    @property
    def project(self) -> dict | None:
        s = self.session
        if not s.project_name:
            return None
        return {"name": s.project_name, "start": s.project_start, "end": s.project_end}


def session_title(session: ReflectionSession) -> str:
    """The session's own title, or its format and day ("Retrospective 3 March 2026")."""
    if session.title:
        return session.title
    from django.utils.formats import date_format

    return f"{session.get_format_display()} {date_format(timezone.localdate(session.created_at), 'j F Y')}"


def columns_of(session: ReflectionSession) -> list[dict]:
    """The session's columns; a built-in board's titles in the reader's language, a custom one as snapshot."""
    board = BOARDS.get(session.template_key)
    built_in = {c.key: c for c in board.columns} if board else {}
    columns = []
    for column in session.columns:
        known = built_in.get(column.get("key"))
        columns.append({
            "key": column.get("key", ""),
            "title": str(known.title) if known else column.get("title", ""),
            "prompt": str(known.prompt) if known else column.get("prompt", ""),
        })
    return columns


def checkout_aggregates(sessions, *, threshold: int) -> dict[int, tuple[int, CheckoutAggregate | None]]:
    """session id → (how many answered, the aggregate or None below the threshold); one query."""
    ids = [s.pk for s in sessions]
    answers: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for session_id, quality, dynamics, word in CheckOutResponse.objects.filter(session_id__in=ids).values_list(
        "session_id", "quality", "dynamics", "word"
    ):
        answers[session_id].append((quality, dynamics, word))
    found = {}
    for session_id in ids:
        rows = answers.get(session_id, [])
        found[session_id] = (len(rows), aggregate_of(rows) if len(rows) >= threshold else None)
    return found


def aggregate_of(rows: list[tuple[int, int, str]]) -> CheckoutAggregate:
    qualities = Counter(q for q, _d, _w in rows)
    dynamics = Counter(d for _q, d, _w in rows)
    words = Counter(w.strip().lower() for _q, _d, w in rows if w and w.strip())
    return CheckoutAggregate(
        answered=len(rows),
        quality=round(sum(q for q, _d, _w in rows) / len(rows), 1),
        dynamics=round(sum(d for _q, d, _w in rows) / len(rows), 1),
        quality_counts=tuple(qualities.get(score, 0) for score in range(1, 6)),
        dynamics_counts=tuple(dynamics.get(score, 0) for score in range(1, 6)),
        words=tuple(sorted(words.items(), key=lambda item: (-item[1], item[0]))),
    )


def session_summary(session: ReflectionSession) -> Summary:
    """Everything the summary shows, in eight queries however many cards, votes and actions there are."""
    session = (
        ReflectionSession.objects.select_related("team", "facilitator__user", "organisation")
        .get(pk=session.pk)
    )
    participants = sorted(
        (p.person.display_name for p in Participant.objects.filter(session=session).select_related("person__user")),
        key=str.casefold,
    )
    card_votes = dict(
        Vote.objects.filter(session=session, card__isnull=False).values_list("card_id").annotate(n=Count("pk"))
    )
    group_votes = dict(
        Vote.objects.filter(session=session, group__isnull=False).values_list("group_id").annotate(n=Count("pk"))
    )
    groups = {g.pk: g for g in CardGroup.objects.filter(session=session)}
    by_group: dict[int, SummaryGroup] = {
        pk: SummaryGroup(title=g.title, votes=group_votes.get(pk, 0)) for pk, g in groups.items()
    }
    loose: dict[str, list[SummaryCard]] = defaultdict(list)
    for card in Card.objects.filter(session=session).only("pk", "column", "text", "group_id", "position"):
        item = SummaryCard(text=card.text, votes=card_votes.get(card.pk, 0))
        if card.group_id in by_group:
            by_group[card.group_id].cards.append(item)
            by_group[card.group_id].votes += item.votes
        else:
            loose[card.column].append(item)
    columns = []
    for column in columns_of(session):
        summary_column = SummaryColumn(key=column["key"], title=column["title"], prompt=column["prompt"])
        column_groups = [by_group[pk] for pk, g in groups.items() if g.column == column["key"]]
        # Python's sort is stable: equal dots keep the board's order.
        summary_column.groups = sorted(column_groups, key=lambda g: -g.votes)
        for group in summary_column.groups:
            group.cards.sort(key=lambda c: -c.votes)
        summary_column.cards = sorted(loose.get(column["key"], []), key=lambda c: -c.votes)
        columns.append(summary_column)
    actions = [
        SummaryAction(text=a.text, owner=a.owner.display_name if a.owner else "", due_date=a.due_date,
                      status=a.status, status_label=a.get_status_display())
        for a in Action.objects.filter(session=session).select_related("owner__user").order_by("created_at", "pk")
    ]
    reviews = [
        SummaryReview(text=r.action.text, outcome=r.outcome, outcome_label=r.get_outcome_display())
        for r in ActionReview.objects.filter(session=session).select_related("action").order_by("at", "pk")
    ]
    threshold = checkout_threshold(session.organisation)
    answered, checkout = checkout_aggregates([session], threshold=threshold)[session.pk]
    return Summary(
        session=session,
        title=session_title(session),
        team=session.team.name,
        format_label=session.get_format_display(),
        held_on=timezone.localdate(session.closed_at or session.created_at),
        facilitator=session.facilitator.display_name,
        participants=participants,
        columns=columns,
        actions=actions,
        reviews=reviews,
        checkout=checkout,
        checkout_answered=answered,
        checkout_needed=threshold,
    )
