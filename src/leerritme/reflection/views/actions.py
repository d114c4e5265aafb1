"""Actions around the board: my actions, a team's actions, changing one (also its status, inline).

Actions belong to the team: its members and leads see and change them (the same rule as joining its
board); the board's `action_update` service does the change, so a live board of the team shows it too.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Team
from leerritme.orgs.rules import can, require
from leerritme.reflection.forms.actions import ActionForm, StatusForm
from leerritme.reflection.models import Action, ActionStatus
from leerritme.reflection.selectors import team as selectors
from leerritme.reflection.services.board import action_update


def _action(request, uuid) -> Action:
    action = get_in_organisation(Action.objects.select_related("team", "owner__user", "session"), uuid=uuid)
    require(request.person, "reflection.join", action)
    return action


def _next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def my_actions(request, org):
    """The actions I own: open ones by due date (overdue marked), and those closed in the last month."""
    mine = selectors.actions_of(request.person)
    return render(request, "reflection/actions/mine.html", {
        "open_actions": mine["open"], "closed_actions": mine["closed"], "today": timezone.localdate(),
        "next_url": request.get_full_path(),
    })


def team_actions(request, org, uuid):
    """All of a team's actions, filtered by status."""
    team = get_in_organisation(Team.objects, uuid=uuid)
    require(request.person, "reflection.join", team)
    status = request.GET.get("status", "")
    if status not in ActionStatus.values:
        status = ""
    actions = selectors.team_actions(team, status=status or None)
    context = {"team": team, "actions": actions, "status": status, "statuses": ActionStatus.choices,
               "today": timezone.localdate(), "next_url": request.get_full_path()}
    if request.htmx:
        return render(request, "reflection/actions/team.html#action_list", context)
    return render(request, "reflection/actions/team.html", context)


def action_edit(request, org, uuid):
    """Change an action: its words, who owns it, when it is due, whether it is done."""
    action = _action(request, uuid)
    team_url = _next(request, redirect("reflection:team_actions", org=org, uuid=action.team.uuid).url)
    initial = {"text": action.text, "owner": action.owner.uuid if action.owner else None,
               "due_date": action.due_date, "status": action.status}
    form = ActionForm(request.POST or None, team=action.team, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action_update(action, by=request.person, text=data["text"], owner=data["owner"],
                          due_date=data["due_date"], status=data["status"])
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise
        else:
            messages.success(request, gettext("The action is saved."))
            return redirect(team_url)
    return render(request, "reflection/actions/edit.html", {
        "action": action, "form": form, "next_url": team_url,
        "can_see_session": action.session_id is not None and can(request.person, "reflection.join", action),
    })


@require_POST
def action_status(request, org, uuid):
    """Mark an action done, dropped or open again; htmx swaps the row, without JavaScript the page reloads."""
    action = _action(request, uuid)
    form = StatusForm(request.POST)
    row_error = ""
    if form.is_valid():
        try:
            action = action_update(action, by=request.person, status=form.cleaned_data["status"])
        except ValidationError as error:
            row_error = " ".join(error.messages)
    else:
        row_error = " ".join(form.errors["status"])
    if request.htmx:
        action = Action.objects.select_related("team", "owner__user", "session").get(pk=action.pk)
        return render(request, "reflection/actions/_row.html#action_row", {
            "action": action, "today": timezone.localdate(), "row_error": row_error,
            "next_url": request.POST.get("next", ""), "show_team": request.POST.get("show_team") == "1",
            "row_message": "" if row_error else gettext("Saved: %(status)s.") % {"status": action.get_status_display()},
        })
    if row_error:
        messages.error(request, row_error)
    else:
        messages.success(request, gettext("Saved: %(status)s.") % {"status": action.get_status_display()})
    return redirect(_next(request, redirect("reflection:my_actions", org=org).url))
