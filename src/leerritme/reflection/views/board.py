"""The board: start a session (ad hoc or from a rhythm's meeting), the live board page, and the plain form
posts that make the board work without JavaScript. With JavaScript, board.js sends the same operations over
the WebSocket and refreshes the board's partial when an event arrives."""

import json
from datetime import date
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Person, Team
from leerritme.orgs.rules import require
from leerritme.practices.models import Occurrence
from leerritme.reflection.boards import DEFAULT_FOR_FORMAT
from leerritme.reflection.forms import board as forms
from leerritme.reflection.models import Action, Card, CardGroup, Format, Phase, ReflectionSession
from leerritme.reflection.parts import board_for_practice
from leerritme.reflection.selectors.board import board_state, my_anonymous_cards, templates_for_team
from leerritme.reflection.services import board as services

PAGE = "reflection/board/board.html"
# Practices of the catalogue whose meeting is a retrospective or a project evaluation.
WRITE_PHASES = {Phase.WRITE, Phase.GROUP, Phase.DISCUSS}
ACTION_PHASES = {Phase.DISCUSS, Phase.ACTIONS}


# --- Starting ---------------------------------------------------------------------------------------------------

def session_start_view(request, org, uuid):
    """Start a reflection round, retrospective or project evaluation for a team, now."""
    team = get_in_organisation(Team.objects, uuid=uuid)
    require(request.person, "reflection.start", team)
    return _start(request, team=team, occurrence=None)


def session_start_from_occurrence(request, org, uuid):
    """Start the session of a rhythm's meeting: closing it marks that meeting held."""
    occurrence = get_in_organisation(Occurrence.objects.select_related("rhythm__adoption__team",
                                                                       "rhythm__adoption__practice"), uuid=uuid)
    team = occurrence.rhythm.adoption.team
    require(request.person, "reflection.start", team)
    running = (ReflectionSession.objects.filter(occurrence=occurrence).exclude(phase=Phase.CLOSED)
               .order_by("-created_at").first())
    if running is not None:
        # Someone already opened this meeting's board: everyone joins the same one.
        return redirect(_board_url(running))
    return _start(request, team=team, occurrence=occurrence)


def _start(request, *, team: Team, occurrence):
    templates = list(templates_for_team(team))
    initial = {"format": "retrospective", "board": "went_well"}
    if occurrence is not None:
        practice = occurrence.rhythm.adoption.practice
        initial["title"] = f"{practice.name} {timezone.localtime(occurrence.start):%d-%m-%Y}"
        # The practice suggests the format and board (reflection/parts.py), the same one adopting it chose.
        initial["format"], initial["board"] = board_for_practice(practice)
    fmt = request.GET.get("format")
    if fmt in Format.values:
        initial["format"], initial["board"] = fmt, DEFAULT_FOR_FORMAT[fmt]
    form = forms.SessionStartForm(request.POST or None, templates=templates, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_start(
                team=team, by=request.person, format=data["format"], template_key=data["template_key"],
                template=data["template"], title=data["title"], occurrence=occurrence,
                project_name=data["project_name"], project_start=data["project_start"],
                project_end=data["project_end"], votes_per_person=data["votes_per_person"],
                allow_anonymous=data["allow_anonymous"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect(_board_url(session))
    return render(request, "reflection/board/start.html", {
        "team": team, "occurrence": occurrence, "form": form,
        "boards": _board_previews(templates),
    })


def _board_previews(templates) -> dict:
    from leerritme.reflection.boards import BOARDS

    previews = {key: {"format": b.format, "columns": [str(c.title) for c in b.columns]} for key, b in BOARDS.items()}
    for t in templates:
        previews[f"t:{t.uuid}"] = {"format": t.format, "columns": [c.get("title", "") for c in t.columns]}
    return previews


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- The board ----------------------------------------------------------------------------------------------------

def _board_url(session: ReflectionSession) -> str:
    return reverse("reflection:board", kwargs={"org": session.organisation.slug, "uuid": session.uuid})


def _tokens(request) -> dict:
    """Edit tokens of anonymous cards, which board.js sends in a header so the author sees their own text."""
    raw = request.headers.get("X-Card-Tokens", "")
    try:
        tokens = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return tokens if isinstance(tokens, dict) else {}


def _layout(state: dict) -> list[dict]:
    """Columns with their groups (each with its cards) and the cards in no group, in board order."""
    groups_by_column = {key: list(items) for key, items in groupby(
        sorted(state["groups"], key=lambda g: g["column"]), key=lambda g: g["column"])}
    cards_by_group: dict[str | None, list] = {}
    tidy = state["session"]["revealed"] and state["me"]["can_facilitate"]
    for card in state["cards"]:
        card["can_edit"] = card["mine"] or tidy
        cards_by_group.setdefault(card["group"], []).append(card)
    columns = []
    for column in state["columns"]:
        groups = [{**g, "cards": cards_by_group.get(g["uuid"], [])} for g in groups_by_column.get(column["key"], [])]
        loose = [c for c in cards_by_group.get(None, []) if c["column"] == column["key"]]
        columns.append({**column, "groups": groups, "cards": loose,
                        "count": len(loose) + sum(len(g["cards"]) for g in groups)})
    return columns


def _with_dates(actions: list[dict], today: date) -> list[dict]:
    """Due dates as dates for the template (localised there), and whether an open action is overdue."""
    for action in actions:
        action["due"] = date.fromisoformat(action["due_date"]) if action["due_date"] else None
        action["overdue"] = bool(action["due"] and action["due"] < today and action["status"] == "open")
    return actions


def _context(request, session: ReflectionSession, state: dict, **extra) -> dict:
    today = timezone.localdate()
    _with_dates(state["actions"], today)
    _with_dates(state["followup"], today)
    phase = state["session"]["phase"]
    phase_keys = [p["key"] for p in state["session"]["phases"]]
    ws_path = f"/ws/o/{session.organisation.slug}/reflection/{session.uuid}/"
    return {
        "session": session, "state": state, "columns": _layout(state), "phase": phase,
        "phase_index": phase_keys.index(phase),
        "next_phase": next((p for p in state["session"]["phases"][phase_keys.index(phase) + 1:]
                            if p["key"] != Phase.CLOSED), None),
        "can_write": phase in WRITE_PHASES, "can_vote": phase == Phase.VOTE, "can_group": phase == Phase.GROUP,
        "show_actions": phase in ACTION_PHASES, "votes_left": state["session"]["votes_per_person"]
        - state["me"]["votes_used"], "ws_path": ws_path, "phase_form": forms.PhaseForm(initial={"phase": phase}),
        "checkout_form": forms.CheckOutForm(), "strings": _strings(), "now": timezone.now().isoformat(), **extra,
    }


def _strings() -> dict:
    """What board.js says, in the person's language."""
    return {
        "live": _("Live"), "connecting": _("Connecting…"),
        "offline": _("Connection lost, trying again…"),
        "refused": _("You cannot join this board."),
        "newCard": _("A new card in %(column)s."), "cardChanged": _("A card was changed."),
        "cardRemoved": _("A card was removed."), "votes": _("Votes changed."),
        "phase": _("Phase: %(phase)s."), "revealed": _("All cards are revealed."),
        "action": _("A new action: %(text)s."), "checkout": _("%(answered)s answered the check-out."),
        "joined": _("%(name)s joined."), "left": _("%(name)s left."),
        "timeLeft": _("%(time)s left"), "timeUp": _("Time is up."),
        "conflict": _("Someone changed this card meanwhile: choose which text it keeps."),
        "saved": _("Saved."), "you": _("you"),
    }


def board(request, org, uuid):
    """The live board: everyone of the team sees the session as it happens."""
    session = get_in_organisation(ReflectionSession.objects.select_related("team", "organisation"), uuid=uuid)
    require(request.person, "reflection.join", session)
    if not session.is_closed and not request.htmx:
        services.session_join(session, person=request.person)
    state = board_state(session, request.person, my_cards=my_anonymous_cards(session, _tokens(request)))
    context = _context(request, session, state)
    if request.htmx:
        return render(request, PAGE + "#board", context)
    return render(request, PAGE, context)


# --- Doing things on the board without JavaScript ----------------------------------------------------------------

def _card(session, uuid) -> Card:
    return Card.objects.select_related("author", "group", "session").get(session=session, uuid=uuid)


def _group(session, uuid) -> CardGroup:
    return CardGroup.objects.select_related("session").get(session=session, uuid=uuid)


def _do(op: str, session: ReflectionSession, person: Person, data: dict):
    """Call the service for one board operation; returns a message to show, or None."""
    match op:
        case "card.add":
            form = _valid(forms.CardAddForm, data)
            _card_obj, token = services.card_add(session, by=person, column=form["column"], text=form["text"],
                                                 anonymous=form["anonymous"])
            if token:
                return _("Your anonymous card is on the board. Without JavaScript it cannot be changed later.")
            return None
        case "card.edit":
            form = _valid(forms.CardEditForm, data)
            services.card_edit(_card(session, form["card"]), by=person, text=form["text"],
                               expected_version=form["version"])
        case "card.delete":
            form = _valid(forms.CardForm, data)
            services.card_delete(_card(session, form["card"]), by=person)
        case "card.move":
            form = _valid(forms.CardMoveForm, data)
            target = form["group"]
            card = _card(session, form["card"])
            if target.startswith("column:"):
                services.card_move(card, by=person, column=target.removeprefix("column:"))
            else:
                services.card_move(card, by=person, group=_group(session, target))
        case "group.create":
            form = _valid(forms.GroupCreateForm, data)
            services.group_create(session, by=person, column=form["column"], title=form["title"])
        case "group.rename":
            form = _valid(forms.GroupForm, data)
            services.group_rename(_group(session, form["group"]), by=person, title=form["title"])
        case "group.delete":
            form = _valid(forms.GroupForm, data)
            services.group_delete(_group(session, form["group"]), by=person)
        case "vote.cast" | "vote.withdraw":
            form = _valid(forms.VoteForm, data)
            card = _card(session, form["card"]) if form["card"] else None
            group = _group(session, form["group"]) if form["group"] else None
            fn = services.vote_cast if op == "vote.cast" else services.vote_withdraw
            fn(session, by=person, card=card, group=group)
        case "action.create":
            form = _valid(forms.ActionCreateForm, data)
            owner = Person.objects.get(uuid=form["owner"]) if form["owner"] else None
            services.action_create(session, by=person, text=form["text"], owner=owner, due_date=form["due_date"])
        case "action.review":
            form = _valid(forms.ActionReviewForm, data)
            action = Action.objects.get(team_id=session.team_id, uuid=form["action"])
            services.action_review(session, by=person, action=action, outcome=form["outcome"])
        case "checkout.submit":
            form = _valid(forms.CheckOutForm, data)
            services.checkout_submit(session, by=person, quality=form["quality"], dynamics=form["dynamics"],
                                     word=form["word"])
            return _("Thank you. Your answer is counted without your name.")
        case "phase.set":
            form = _valid(forms.PhaseForm, data)
            services.session_phase_set(session, by=person, phase=form["phase"], minutes=form["minutes"])
        case "reveal":
            services.session_reveal(session, by=person)
        case "close":
            services.session_close(session, by=person)
        case _:
            raise Http404
    return None


def _valid(form_class, data) -> dict:
    form = form_class(data)
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])
    return form.cleaned_data


@require_POST
def board_do(request, org, uuid):
    """One operation on the board from a plain form; back to the board with a message."""
    session = get_in_organisation(ReflectionSession.objects.select_related("team", "organisation"), uuid=uuid)
    require(request.person, "reflection.join", session)
    op = request.POST.get("op", "")
    try:
        message = _do(op, session, request.person, request.POST)
    except services.CardConflict as conflict:
        # Both texts side by side: the person chooses, nothing is lost silently.
        state = board_state(session, request.person)
        return render(request, PAGE, _context(request, session, state, conflict={
            "card": conflict.card, "yours": request.POST.get("text", "")}), status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        messages.error(request, _("You may not do that on this board."))
    except (ObjectDoesNotExist, ValueError):
        messages.error(request, _("That is no longer on the board."))
    else:
        if message:
            messages.success(request, message)
    return redirect(_board_url(session))
