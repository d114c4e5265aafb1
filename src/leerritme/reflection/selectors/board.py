"""Reading the live board: what one person may see of it, in a fixed number of queries.

Before the facilitator reveals the cards each person sees the text of their own cards only; the others'
cards are placeholders (a card exists, in that column) so nobody anchors on what others wrote. An
anonymous card is "mine" only for a browser that shows its edit token: the server never knows its author.
"""

from collections import Counter

from django.db.models import Count, Q

from leerritme.orgs.models import Person, TeamMembership
from leerritme.orgs.rules import can
from leerritme.reflection.models import (
    PHASES,
    Action,
    ActionReview,
    ActionStatus,
    Card,
    CardGroup,
    CheckOutAnswered,
    CheckOutResponse,
    Participant,
    Phase,
    ReflectionSession,
    ReflectionTemplate,
    Vote,
)

CHECKOUT_MINIMUM = 3


def checkout_threshold(organisation) -> int:
    """How many answers a check-out needs before its aggregate shows (never fewer than three)."""
    return max(CHECKOUT_MINIMUM, organisation.anonymity_threshold or CHECKOUT_MINIMUM)


def checkout_aggregate(session: ReflectionSession) -> dict | None:
    """The check-out as the team's averages, score counts and words; None while too few answered."""
    rows = list(CheckOutResponse.objects.filter(session=session).values_list("quality", "dynamics", "word"))
    if len(rows) < checkout_threshold(_organisation(session)):
        return None
    quality = Counter(r[0] for r in rows)
    dynamics = Counter(r[1] for r in rows)
    words = Counter(r[2].lower() for r in rows if r[2])
    return {
        "answered": len(rows),
        "quality": round(sum(r[0] for r in rows) / len(rows), 1),
        "dynamics": round(sum(r[1] for r in rows) / len(rows), 1),
        "quality_counts": [quality.get(score, 0) for score in range(1, 6)],
        "dynamics_counts": [dynamics.get(score, 0) for score in range(1, 6)],
        # Most given first, then alphabetical: never in the order they were given.
        "words": [[w, n] for w, n in sorted(words.items(), key=lambda item: (-item[1], item[0]))],
    }


def _organisation(session: ReflectionSession):
    from leerritme.orgs.models import Organisation

    cached = session._state.fields_cache.get("organisation")
    return cached if cached is not None else Organisation.objects.get(pk=session.organisation_id)


def checkout_summary(session: ReflectionSession) -> dict:
    """How many answered, how many are needed, and the aggregate once there are enough."""
    return {
        "answered": CheckOutAnswered.objects.filter(session=session).count(),
        "threshold": checkout_threshold(_organisation(session)),
        "aggregate": checkout_aggregate(session),
    }


def open_actions(team):
    """The team's open actions, soonest due first, with their owners."""
    return (Action.objects.filter(team=team, status=ActionStatus.OPEN)
            .select_related("owner__user").order_by("due_date", "created_at"))


def followup_actions(session: ReflectionSession) -> list[Action]:
    """What this session follows up: the team's open actions from before it, and those it already reviewed."""
    reviews = {r.action_id: r.outcome for r in ActionReview.objects.filter(session=session)}
    actions = list(
        Action.objects.filter(team_id=session.team_id)
        .filter(Q(status=ActionStatus.OPEN) | Q(pk__in=list(reviews)))
        .exclude(session=session)
        .select_related("owner__user", "session")
        .order_by("due_date", "created_at")
    )
    for action in actions:
        action.review_outcome = reviews.get(action.pk, "")
    return actions


def _person(person: Person | None) -> dict | None:
    if person is None:
        return None
    return {"uuid": str(person.uuid), "name": person.display_name, "initials": person.initials}


def action_dict(action: Action) -> dict:
    return {
        "uuid": str(action.uuid), "text": action.text, "status": action.status,
        "status_label": action.get_status_display(), "owner": _person(action.owner),
        "due_date": action.due_date.isoformat() if action.due_date else None,
        "review": getattr(action, "review_outcome", ""),
    }


def visible_text(card_payload: dict, *, person_uuid: str, revealed: bool, mine: bool) -> dict:
    """A card as this person may see it: others' texts stay hidden until the reveal."""
    author = card_payload.get("author")
    own = mine or (author is not None and author["uuid"] == person_uuid)
    shown = revealed or own
    return {**card_payload, "text": card_payload["text"] if shown else "", "hidden": not shown, "mine": own}


def board_state(session: ReflectionSession, person: Person, *, my_cards=frozenset()) -> dict:
    """Everything one person's board shows, JSON-ready; `my_cards` are the anonymous cards whose tokens
    their browser showed (uuids as strings)."""
    session = (ReflectionSession.objects.select_related("facilitator__user", "team", "organisation")
               .get(pk=session.pk))
    me = str(person.uuid)
    groups = list(CardGroup.objects.filter(session=session).annotate(n_votes=Count("votes")))
    group_uuid = {g.pk: str(g.uuid) for g in groups}
    cards = list(Card.objects.filter(session=session).select_related("author__user")
                 .annotate(n_votes=Count("votes")).order_by("column", "position", "created_at"))
    my_votes = Counter()
    for card_id, group_id in Vote.objects.filter(session=session, person=person).values_list("card_id", "group_id"):
        my_votes[("card", card_id) if card_id else ("group", group_id)] += 1
    card_rows = []
    for card in cards:
        payload = {
            "uuid": str(card.uuid), "column": card.column, "text": card.text, "anonymous": card.anonymous,
            "author": _person(card.author) if not card.anonymous else None,
            "group": group_uuid.get(card.group_id), "position": card.position, "version": card.version,
        }
        row = visible_text(payload, person_uuid=me, revealed=session.revealed, mine=str(card.uuid) in my_cards)
        row["votes"] = card.n_votes
        row["my_votes"] = my_votes[("card", card.pk)]
        card_rows.append(row)
    actions = list(Action.objects.filter(session=session).select_related("owner__user").order_by("created_at"))
    members = list(team_members(session))
    participants = list(Participant.objects.filter(session=session).select_related("person__user")
                        .order_by("joined_at"))
    can_facilitate = can(person, "reflection.facilitate", session)
    return {
        "session": {
            "uuid": str(session.uuid), "title": str(session), "format": session.format,
            "format_label": session.get_format_display(), "phase": session.phase,
            "phase_label": session.get_phase_display(),
            "phases": [{"key": p.value, "label": str(p.label)} for p in PHASES],
            "phase_started_at": session.phase_started_at.isoformat(),
            "phase_ends_at": session.phase_ends_at.isoformat() if session.phase_ends_at else None,
            "revealed": session.revealed, "votes_per_person": session.votes_per_person,
            "allow_anonymous": session.allow_anonymous, "version": session.version,
            "facilitator": _person(session.facilitator), "closed": session.phase == Phase.CLOSED,
            "team": session.team.name, "project_name": session.project_name,
        },
        "me": {
            "uuid": me, "name": person.display_name, "can_facilitate": can_facilitate,
            "votes_used": sum(my_votes.values()),
            "checked_out": session.phase == Phase.CHECKOUT
            and CheckOutAnswered.objects.filter(session=session, person=person).exists(),
        },
        "columns": [dict(c) for c in session.columns],
        "groups": [{"uuid": str(g.uuid), "column": g.column, "title": g.title, "position": g.position,
                    "votes": g.n_votes, "my_votes": my_votes[("group", g.pk)]} for g in groups],
        "cards": card_rows,
        "actions": [action_dict(a) for a in actions],
        "followup": [action_dict(a) for a in followup_actions(session)],
        "participants": [_person(p.person) for p in participants],
        "members": [_person(m) for m in members],
        # Only asked for when it shows: in the check-out and once closed.
        "checkout": checkout_summary(session) if session.phase in (Phase.CHECKOUT, Phase.CLOSED) else None,
        "version": session.version,
    }


def team_members(session: ReflectionSession):
    """Who may own an action of the session: the team's active members and leads."""
    return (Person.objects.filter(pk__in=TeamMembership.objects.filter(team_id=session.team_id).values("person"),
                                  is_active=True).select_related("user").order_by("user__name", "user__email"))


def templates_for_team(team):
    """The templates a team may start from: its own and the organisation's, not archived."""
    return ReflectionTemplate.objects.filter(Q(team=team) | Q(team__isnull=True), archived=False).order_by("name")


def my_anonymous_cards(session: ReflectionSession, tokens: dict) -> set[str]:
    """The anonymous cards whose edit tokens this browser showed (checked, never stored)."""
    import secrets
    import uuid

    from leerritme.reflection.services.board import token_hash

    wanted = {}
    for key, token in list(tokens.items())[:200]:
        try:
            wanted[uuid.UUID(str(key))] = str(token)
        except ValueError:
            continue
    if not wanted:
        return set()
    hashes = Card.objects.filter(session=session, anonymous=True, uuid__in=list(wanted)).values_list(
        "uuid", "edit_token_hash")
    return {str(u) for u, h in hashes if h and secrets.compare_digest(h, token_hash(wanted[u]))}
