"""Writing on the live board: start, join, phases, cards, groups, votes, actions, follow-up, check-out, close.

Every service checks the person may do it (the named rules), validates (ValidationError with a message
for the person), locks the session row so concurrent writes are applied one after the other, bumps
`session.version` and, after commit, broadcasts one event to the board (`live.broadcast`). The HTTP views
and the WebSocket consumer call the same services.
"""

import hashlib
import secrets
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import learning_event_record, learning_events_record_many, learning_events_remove_for
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.orgs.rules import can
from leerritme.reflection import live
from leerritme.reflection.boards import BOARDS, DEFAULT_FOR_FORMAT
from leerritme.reflection.models import (
    ACTION_MAX_LENGTH,
    CARD_MAX_LENGTH,
    MAX_COLUMNS,
    Action,
    ActionReview,
    ActionStatus,
    Card,
    CardGroup,
    CheckOutAnswered,
    CheckOutResponse,
    Format,
    Participant,
    Phase,
    ReflectionSession,
    ReflectionTemplate,
    ReviewOutcome,
    Vote,
)

# Phases in which cards are written, moved or voted on.
WRITING_PHASES = (Phase.WRITE, Phase.GROUP, Phase.DISCUSS)
MOVING_PHASES = (Phase.WRITE, Phase.GROUP, Phase.VOTE, Phase.DISCUSS)
MAX_TIMER_MINUTES = 120


class CardConflict(Exception):
    """Someone else changed the card since this person started editing: they choose between both texts."""

    def __init__(self, card: Card):
        super().__init__("card changed meanwhile")
        self.card = card


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _refuse(message, code: str = "invalid") -> ValidationError:
    return ValidationError(message, code=code)


def _require(person: Person, name: str, obj) -> None:
    if not can(person, name, obj):
        raise PermissionDenied


def _locked(session: ReflectionSession) -> ReflectionSession:
    """The session row, locked until the transaction ends, so versions and vote counts never race."""
    fresh = ReflectionSession.objects.select_for_update().get(pk=session.pk)
    session.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
    return session


def _open(session: ReflectionSession, person: Person) -> ReflectionSession:
    """Lock the session for a write by a participant; refuses outsiders and closed sessions."""
    _require(person, "reflection.join", session)
    _locked(session)
    if session.is_closed:
        raise _refuse(_("This session is closed."), "closed")
    return session


def _bump(session: ReflectionSession, *fields: str) -> None:
    session.version += 1
    session.save(update_fields=["version", *fields])


def _in_phase(session: ReflectionSession, phases, message) -> None:
    if session.phase not in phases:
        raise _refuse(message, "phase")


def _clean_text(text: str, *, max_length: int, empty: str, too_long: str) -> str:
    text = (text or "").strip()
    if not text:
        raise _refuse(empty, "empty")
    if len(text) > max_length:
        raise _refuse(too_long % {"max": max_length, "length": len(text)}, "too_long")
    return text


def _clean_card_text(text: str) -> str:
    return _clean_text(text, max_length=CARD_MAX_LENGTH, empty=_("Write something on the card first."),
                       too_long=_("A card holds at most %(max)s characters; this one has %(length)s."))


def _column(session: ReflectionSession, column: str) -> str:
    if column not in session.column_keys():
        raise _refuse(_("Choose one of the board's columns."), "column")
    return column


def _team_member(team: Team, person: Person | None, message) -> Person | None:
    if person is None:
        return None
    if person.organisation_id != team.organisation_id or not person.is_active \
            or not TeamMembership.objects.filter(team=team, person=person).exists():
        raise _refuse(message, "owner")
    return person


# --- Sessions -------------------------------------------------------------------------------------------------

def _columns_for(format: str, template_key: str, template: ReflectionTemplate | None, team: Team):
    if template is not None:
        if template.organisation_id != team.organisation_id or template.archived \
                or (template.team_id is not None and template.team_id != team.pk):
            raise _refuse(_("This template cannot be used for this team."), "template")
        columns = [dict(c) for c in template.columns]
        if not 1 <= len(columns) <= MAX_COLUMNS:
            raise _refuse(_("A template has one to eight columns."), "template")
        return "", columns
    key = template_key or DEFAULT_FOR_FORMAT[format]
    if key not in BOARDS:
        raise _refuse(_("Choose one of the board templates."), "template")
    return key, BOARDS[key].columns_json()


def _check_occurrence(occurrence, team: Team, now) -> None:
    from leerritme.practices import recurrence
    from leerritme.practices.models import OccurrenceStatus

    if occurrence.organisation_id != team.organisation_id or occurrence.rhythm.adoption.team_id != team.pk:
        raise _refuse(_("This meeting belongs to another team."), "occurrence")
    if occurrence.status == OccurrenceStatus.CANCELLED:
        raise _refuse(_("This meeting was cancelled."), "occurrence")
    tz = recurrence.zone(occurrence.rhythm.time_zone)
    if recurrence.aware_to_local(occurrence.start, tz).date() > recurrence.aware_to_local(now, tz).date():
        raise _refuse(_("This meeting is on a later day; start its session on the day itself."), "occurrence")


@transaction.atomic
def session_start(*, team: Team, by: Person, format: str, template_key: str = "",
                  template: ReflectionTemplate | None = None, title: str = "", occurrence=None,
                  project_name: str = "", project_start: date | None = None, project_end: date | None = None,
                  votes_per_person: int = 3, allow_anonymous: bool = True) -> ReflectionSession:
    """Open a board for the team; it starts with the follow-up when the team has open actions."""
    _require(by, "reflection.start", team)
    if format not in Format.values:
        raise _refuse(_("Choose a format."), "format")
    if not 1 <= int(votes_per_person) <= 10:
        raise _refuse(_("Give everyone between 1 and 10 votes."), "votes")
    now = timezone.now()
    if occurrence is not None:
        _check_occurrence(occurrence, team, now)
    project_name = (project_name or "").strip()
    if format == Format.EVALUATION and not project_name:
        raise ValidationError({"project_name": [_("Name the project you look back on.")]})
    if project_start and project_end and project_end < project_start:
        raise ValidationError({"project_end": [_("The project cannot end before it started.")]})
    template_key, columns = _columns_for(format, template_key, template, team)
    has_open = Action.objects.filter(team=team, status=ActionStatus.OPEN).exists()
    session = ReflectionSession.objects.create(
        organisation_id=team.organisation_id, team=team, format=format, title=(title or "").strip()[:150],
        template_key=template_key, template=template, columns=columns, project_name=project_name[:150],
        project_start=project_start, project_end=project_end, occurrence=occurrence, facilitator=by,
        phase=Phase.FOLLOWUP if has_open else Phase.WRITE, phase_started_at=now,
        votes_per_person=int(votes_per_person), allow_anonymous=allow_anonymous, version=1, created_by=by,
        created_at=now,
    )
    Participant.objects.create(organisation_id=team.organisation_id, session=session, person=by, joined_at=now,
                               last_seen_at=now)
    return session


def session_join(session: ReflectionSession, *, person: Person) -> Participant:
    """Take part (again): the first time records the participant, later times when they were last here.

    Nothing is broadcast: who is on the board right now is presence, which the consumers announce."""
    _require(person, "reflection.join", session)
    now = timezone.now()
    participant, created = Participant.objects.get_or_create(
        session=session, person=person,
        defaults={"organisation_id": session.organisation_id, "joined_at": now, "last_seen_at": now})
    if not created:
        Participant.objects.filter(pk=participant.pk).update(last_seen_at=now)
        participant.last_seen_at = now
    return participant


@transaction.atomic
def session_phase_set(session: ReflectionSession, *, by: Person, phase: str,
                      minutes: int | None = None) -> ReflectionSession:
    """Move the session to any phase (forward, back or skipping some), with a timer when minutes are given."""
    if phase == Phase.CLOSED:
        return session_close(session, by=by)
    _require(by, "reflection.facilitate", session)
    _open(session, by)
    if phase not in Phase.values:
        raise _refuse(_("Choose a phase."), "phase")
    if minutes is not None and not 1 <= int(minutes) <= MAX_TIMER_MINUTES:
        raise _refuse(_("Set a timer between 1 and %(max)s minutes.") % {"max": MAX_TIMER_MINUTES}, "timer")
    now = timezone.now()
    if phase != session.phase:
        session.phase, session.phase_started_at = phase, now
    session.phase_ends_at = now + timedelta(minutes=int(minutes)) if minutes else None
    _bump(session, "phase", "phase_started_at", "phase_ends_at")
    live.broadcast(session, {"type": "refresh", "why": "phase"})
    return session


@transaction.atomic
def session_reveal(session: ReflectionSession, *, by: Person) -> ReflectionSession:
    """Show everyone's cards to everyone (until now each saw only their own)."""
    _require(by, "reflection.facilitate", session)
    _open(session, by)
    if not session.revealed:
        session.revealed = True
        _bump(session, "revealed")
        live.broadcast(session, {"type": "refresh", "why": "revealed"})
    return session


@transaction.atomic
def session_close(session: ReflectionSession, *, by: Person) -> ReflectionSession:
    """End the session: the meeting counts as held, each participant's reflection is recorded, summaries go out."""
    _require(by, "reflection.facilitate", session)
    _open(session, by)
    now = timezone.now()
    session.phase, session.phase_started_at, session.phase_ends_at, session.closed_at = Phase.CLOSED, now, None, now
    session.revealed = True
    _bump(session, "phase", "phase_started_at", "phase_ends_at", "closed_at", "revealed")
    if session.occurrence_id:
        _mark_occurrence_held(session, by)
    people = Person.objects.filter(reflection_participations__session=session).distinct()
    learning_events_record_many([
        {"person": person, "kind": LearningKind.REFLECTION_HELD, "title": _session_event_title(session),
         "visibility": Visibility.TEAM, "team": session.team, "obj": session, "occurred_at": now}
        for person in people
    ])
    live.broadcast(session, {"type": "refresh", "why": "closed"})
    session_id = session.pk
    transaction.on_commit(lambda: _enqueue_summaries(session_id))
    return session


def _session_event_title(session: ReflectionSession) -> str:
    # Only the format and team: card texts are the team's, not a learning record's.
    return _("%(format)s with %(team)s") % {"format": session.get_format_display(), "team": session.team.name}


def _mark_occurrence_held(session: ReflectionSession, by: Person) -> None:
    from leerritme.practices.services.rhythm import occurrence_mark_held

    try:
        with transaction.atomic():
            occurrence_mark_held(session.occurrence, by=by, record=session)
    except ValidationError:
        # The meeting was cancelled meanwhile: the session still closes, the rhythm keeps its own record.
        pass


def _enqueue_summaries(session_id: int) -> None:
    from leerritme.reflection.tasks import send_summaries

    send_summaries.enqueue(session_id=session_id)


# --- Cards ----------------------------------------------------------------------------------------------------

def _next_position(queryset) -> int:
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


def card_payload(card: Card) -> dict:
    """The full card as it travels over the channel layer; consumers hide text their person may not see."""
    author = None
    if card.author_id and not card.anonymous:
        author = {"uuid": str(card.author.uuid), "name": card.author.display_name}
    return {
        "uuid": str(card.uuid), "column": card.column, "text": card.text, "anonymous": card.anonymous,
        "author": author, "group": str(card.group.uuid) if card.group_id else None, "position": card.position,
        "version": card.version,
    }


@transaction.atomic
def card_add(session: ReflectionSession, *, by: Person, column: str, text: str,
             anonymous: bool = False) -> tuple[Card, str | None]:
    """Put a card on the board; an anonymous one gets a token (returned once) instead of an author."""
    _open(session, by)
    _in_phase(session, WRITING_PHASES, _("Cards are written in the write, group and discuss phases."))
    column = _column(session, column)
    text = _clean_card_text(text)
    if anonymous and not session.allow_anonymous:
        raise _refuse(_("This session has no anonymous cards."), "anonymous")
    token = secrets.token_urlsafe(24) if anonymous else None
    # An anonymous card carries no time of its own either: a timestamp could be matched to a request log.
    now = session.created_at if anonymous else timezone.now()
    card = Card.objects.create(
        organisation_id=session.organisation_id, session=session, column=column, text=text,
        author=None if anonymous else by, anonymous=bool(anonymous),
        edit_token_hash=token_hash(token) if token else "",
        position=_next_position(Card.objects.filter(session=session, column=column)), created_at=now,
        updated_at=now)
    _bump(session)
    live.broadcast(session, {"type": "card.added", "card": card_payload(card)})
    return card, token


def _stamp(card: Card):
    return card.updated_at if card.anonymous else timezone.now()


def _may_change_card(card: Card, by: Person, token: str | None, session: ReflectionSession) -> bool:
    if card.anonymous:
        if token and card.edit_token_hash and secrets.compare_digest(token_hash(token), card.edit_token_hash):
            return True
    elif card.author_id == by.pk:
        return True
    # After the reveal the facilitator tidies the board: fixes, merges, removes duplicates.
    return session.revealed and can(by, "reflection.facilitate", session)


@transaction.atomic
def card_edit(card: Card, *, by: Person, text: str, expected_version: int, token: str | None = None) -> Card:
    """Change a card's text; if someone changed it since `expected_version`, raise CardConflict with theirs."""
    session = _open(card.session, by)
    card = Card.objects.select_related("author", "group").get(pk=card.pk)
    if not _may_change_card(card, by, token, session):
        raise PermissionDenied
    text = _clean_card_text(text)
    if card.version != int(expected_version):
        raise CardConflict(card)
    if text != card.text:
        card.text, card.version, card.updated_at = text, card.version + 1, _stamp(card)
        card.save(update_fields=["text", "version", "updated_at"])
        _bump(session)
        live.broadcast(session, {"type": "card.updated", "card": card_payload(card)})
    return card


@transaction.atomic
def card_delete(card: Card, *, by: Person, token: str | None = None) -> None:
    session = _open(card.session, by)
    if not _may_change_card(card, by, token, session):
        raise PermissionDenied
    uuid = str(card.uuid)
    card.delete()
    _bump(session)
    live.broadcast(session, {"type": "card.deleted", "card": {"uuid": uuid}})


@transaction.atomic
def card_move(card: Card, *, by: Person, column: str | None = None, group: CardGroup | None = None,
              position: int | None = None) -> Card:
    """Move a card to another column, into or out of a group (group=None with a column takes it out)."""
    session = _open(card.session, by)
    _in_phase(session, MOVING_PHASES, _("Cards are moved in the write, group, vote and discuss phases."))
    card = Card.objects.select_related("author", "group").get(pk=card.pk)
    if not session.revealed and not (card.author_id == by.pk and not card.anonymous) \
            and not can(by, "reflection.facilitate", session):
        raise _refuse(_("Cards are moved once they are revealed."), "hidden")
    fields = ["updated_at"]
    if group is not None:
        if group.session_id != session.pk:
            raise _refuse(_("That group is on another board."), "group")
        card.group, card.column = group, group.column
        fields += ["group", "column"]
    elif column is not None:
        card.column, card.group = _column(session, column), None
        fields += ["column", "group"]
    if position is not None:
        card.position = max(0, int(position))
        fields.append("position")
    card.updated_at = _stamp(card)
    card.save(update_fields=fields)
    _bump(session)
    live.broadcast(session, {"type": "card.moved", "card": card_payload(card)})
    return card


# --- Groups ---------------------------------------------------------------------------------------------------

def _clean_group_title(title: str) -> str:
    return _clean_text(title, max_length=150, empty=_("Give the group a title."),
                       too_long=_("A group title holds at most %(max)s characters; this one has %(length)s."))


@transaction.atomic
def group_create(session: ReflectionSession, *, by: Person, column: str, title: str, cards=()) -> CardGroup:
    """Put cards together under a title (group phase); cards of other boards are refused."""
    _open(session, by)
    _in_phase(session, (Phase.GROUP, Phase.DISCUSS), _("Cards are grouped in the group phase."))
    column = _column(session, column)
    group = CardGroup.objects.create(
        organisation_id=session.organisation_id, session=session, column=column, title=_clean_group_title(title),
        position=_next_position(CardGroup.objects.filter(session=session, column=column)))
    card_ids = [c.pk for c in cards]
    if card_ids:
        if Card.objects.filter(pk__in=card_ids).exclude(session=session).exists():
            raise _refuse(_("Those cards are on another board."), "group")
        Card.objects.filter(pk__in=card_ids, session=session).update(group=group, column=column,
                                                                      updated_at=timezone.now())
    _bump(session)
    live.broadcast(session, {"type": "refresh", "why": "group"})
    return group


@transaction.atomic
def group_rename(group: CardGroup, *, by: Person, title: str) -> CardGroup:
    session = _open(group.session, by)
    group.title = _clean_group_title(title)
    group.save(update_fields=["title"])
    _bump(session)
    live.broadcast(session, {"type": "refresh", "why": "group"})
    return group


@transaction.atomic
def group_delete(group: CardGroup, *, by: Person) -> None:
    """Dissolve a group; its cards stay on the board in the same column."""
    session = _open(group.session, by)
    _in_phase(session, (Phase.GROUP, Phase.DISCUSS), _("Groups are changed in the group phase."))
    group.delete()
    _bump(session)
    live.broadcast(session, {"type": "refresh", "why": "group"})


# --- Votes ----------------------------------------------------------------------------------------------------

def _vote_target(session: ReflectionSession, card: Card | None, group: CardGroup | None) -> dict:
    if (card is None) == (group is None):
        raise _refuse(_("Vote on one card or one group."), "target")
    target = card or group
    if target.session_id != session.pk:
        raise _refuse(_("That is on another board."), "target")
    return {"card": card} if card is not None else {"group": group}


def _votes_event(session: ReflectionSession, by: Person, target: dict) -> dict:
    [(kind, obj)] = target.items()
    votes = Vote.objects.filter(session=session)
    return {
        "type": "votes", "target": {"kind": kind, "uuid": str(obj.uuid)},
        "count": votes.filter(**target).count(),
        # The consumer keeps these two for the voter's own screen and strips them for everyone else.
        "voter": str(by.uuid), "voter_on_target": votes.filter(person=by, **target).count(),
        "voter_used": votes.filter(person=by).count(),
    }


@transaction.atomic
def vote_cast(session: ReflectionSession, *, by: Person, card: Card | None = None,
              group: CardGroup | None = None) -> Vote:
    """Put one dot on a card or a group (several on one are fine), up to the session's votes per person."""
    _open(session, by)
    _in_phase(session, (Phase.VOTE,), _("Votes are cast in the vote phase."))
    target = _vote_target(session, card, group)
    used = Vote.objects.filter(session=session, person=by).count()
    if used >= session.votes_per_person:
        raise _refuse(_("You have used all %(n)s of your votes; take one back to vote again.")
                      % {"n": session.votes_per_person}, "no_votes_left")
    vote = Vote.objects.create(organisation_id=session.organisation_id, session=session, person=by, **target)
    _bump(session)
    live.broadcast(session, _votes_event(session, by, target))
    return vote


@transaction.atomic
def vote_withdraw(session: ReflectionSession, *, by: Person, card: Card | None = None,
                  group: CardGroup | None = None) -> None:
    """Take back one of one's own dots from a card or group."""
    _open(session, by)
    _in_phase(session, (Phase.VOTE,), _("Votes are cast in the vote phase."))
    target = _vote_target(session, card, group)
    vote = Vote.objects.filter(session=session, person=by, **target).order_by("-pk").first()
    if vote is None:
        raise _refuse(_("You have no vote there to take back."), "no_vote")
    vote.delete()
    _bump(session)
    live.broadcast(session, _votes_event(session, by, target))


# --- Actions and their follow-up ------------------------------------------------------------------------------

def action_payload(action: Action) -> dict:
    return {
        "uuid": str(action.uuid), "text": action.text, "status": action.status,
        "owner": {"uuid": str(action.owner.uuid), "name": action.owner.display_name} if action.owner_id else None,
        "due_date": action.due_date.isoformat() if action.due_date else None,
    }


def _clean_action_text(text: str) -> str:
    return _clean_text(text, max_length=ACTION_MAX_LENGTH, empty=_("Describe the action."),
                       too_long=_("An action holds at most %(max)s characters; this one has %(length)s."))


@transaction.atomic
def action_create(session: ReflectionSession, *, by: Person, text: str, owner: Person | None = None,
                  due_date: date | None = None) -> Action:
    """Agree on an action in the session; it is followed up in the team's next session."""
    _open(session, by)
    text = _clean_action_text(text)
    owner = _team_member(session.team, owner, _("The owner must be a member of the team."))
    action = Action.objects.create(organisation_id=session.organisation_id, team=session.team, session=session,
                                   text=text, owner=owner, due_date=due_date, created_by=by)
    _bump(session)
    live.broadcast(session, {"type": "action.added", "action": action_payload(action)})
    return action


_UNSET = object()


@transaction.atomic
def action_update(action: Action, *, by: Person, text: str | None = None, owner=_UNSET, due_date=_UNSET,
                  status: str | None = None) -> Action:
    """Change an action's text, owner, due date or status (owner=None and due_date=None clear them)."""
    _require(by, "reflection.join", action)
    action = Action.objects.select_for_update().get(pk=action.pk)
    fields = []
    if text is not None:
        action.text = _clean_action_text(text)
        fields.append("text")
    if owner is not _UNSET:
        action.owner = _team_member(action.team, owner, _("The owner must be a member of the team."))
        fields.append("owner")
    if due_date is not _UNSET:
        action.due_date = due_date
        fields.append("due_date")
    if status is not None:
        if status not in ActionStatus.values:
            raise _refuse(_("Choose a status."), "status")
        if status != action.status:
            was = action.status
            action.status = status
            action.closed_at = None if status == ActionStatus.OPEN else timezone.now()
            fields += ["status", "closed_at"]
    if fields:
        action.save(update_fields=fields)
        if "status" in fields:
            _record_action_done(action, by=by, was=was)
        # Whichever live board shows it (where it was made, or where it is being followed up) refreshes.
        for session in ReflectionSession.objects.filter(team=action.team).exclude(phase=Phase.CLOSED):
            _locked(session)
            _bump(session)
            live.broadcast(session, {"type": "action.updated", "action": action_payload(action)})
    return action


@transaction.atomic
def action_review(session: ReflectionSession, *, by: Person, action: Action, outcome: str) -> ActionReview:
    """Follow up an open action: done and dropped close it, kept leaves it open for the next session."""
    _open(session, by)
    if outcome not in ReviewOutcome.values:
        raise _refuse(_("Choose done, kept or dropped."), "outcome")
    if action.team_id != session.team_id:
        raise _refuse(_("That action belongs to another team."), "action")
    action = Action.objects.select_for_update().get(pk=action.pk)
    already = ActionReview.objects.filter(session=session, action=action).exists()
    if action.status != ActionStatus.OPEN and not already:
        raise _refuse(_("This action was already closed."), "closed_action")
    review, _created = ActionReview.objects.update_or_create(
        session=session, action=action,
        defaults={"organisation_id": session.organisation_id, "outcome": outcome, "by": by, "at": timezone.now()})
    status = {ReviewOutcome.DONE: ActionStatus.DONE, ReviewOutcome.DROPPED: ActionStatus.DROPPED}.get(
        outcome, ActionStatus.OPEN)
    if status != action.status:
        was = action.status
        action.status = status
        action.closed_at = None if status == ActionStatus.OPEN else timezone.now()
        action.save(update_fields=["status", "closed_at"])
        _record_action_done(action, by=by, was=was)
    _bump(session)
    live.broadcast(session, {"type": "refresh", "why": "review"})
    return review


def _record_action_done(action: Action, *, by: Person, was: str) -> None:
    """A done action is the team's learning (ACTION_DONE, team-visible, for its owner or who marked it done);
    opened again or dropped, the event is withdrawn."""
    if was == ActionStatus.DONE and action.status != ActionStatus.DONE:
        learning_events_remove_for(action)
    elif action.status == ActionStatus.DONE and was != ActionStatus.DONE:
        person = action.owner if action.owner_id and action.owner.is_active else by
        learning_event_record(person=person, kind=LearningKind.ACTION_DONE, title=action.text, obj=action,
                              visibility=Visibility.TEAM, team=action.team, occurred_at=action.closed_at)


# --- Check-out ------------------------------------------------------------------------------------------------

def _score(value, label) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise ValidationError({label: [_("Choose a score from 1 to 5.")]})
    return value


@transaction.atomic
def checkout_submit(session: ReflectionSession, *, by: Person, quality, dynamics, word: str = "") -> None:
    """Answer the check-out once; the answer is stored apart from who answered, so nothing links the two."""
    from leerritme.reflection.selectors.board import checkout_summary

    _open(session, by)
    _in_phase(session, (Phase.CHECKOUT,), _("The check-out opens in the check-out phase."))
    quality, dynamics = _score(quality, "quality"), _score(dynamics, "dynamics")
    word = " ".join((word or "").split())
    if len(word) > 40 or len(word.split()) > 1:
        raise ValidationError({"word": [_("One word of at most 40 characters.")]})
    if CheckOutAnswered.objects.filter(session=session, person=by).exists():
        raise _refuse(_("You already answered the check-out."), "answered")
    CheckOutAnswered.objects.create(organisation_id=session.organisation_id, session=session, person=by)
    CheckOutResponse.objects.create(organisation_id=session.organisation_id, session=session, quality=quality,
                                    dynamics=dynamics, word=word)
    _bump(session)
    live.broadcast(session, {"type": "checkout", "checkout": checkout_summary(session), "answered_by": str(by.uuid)})
