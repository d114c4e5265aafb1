"""Reminders before an action is due: its owner hears about it two days before the due date, once.

The scheduler runs `action_reminders_due(now)` every hour (due.py). It finds the organisations with open,
owned actions due within the lead time and enqueues one task for each; the task notifies the owners in a
fixed number of queries. The dedupe key holds the action and its due date: a repeated run sends nothing
twice, and an action given a later date is reminded again before that date. Done or dropped actions,
and actions without an owner or a due date, are never reminded.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django_scopes import scope, scopes_disabled

from leerritme.notifications.models import Notification
from leerritme.notifications.services import notify
from leerritme.orgs.models import Organisation
from leerritme.reflection.models import Action, ActionStatus

ACTION_DUE_KIND = "reflection.action_due"
LEAD_DAYS = 2
# Reminders go out from this local hour on, so an owner reads them at the start of a working day.
FROM_HOUR = 7


def action_due_key(action: Action) -> str:
    return f"action-due:{action.uuid}:{action.due_date.isoformat()}"


def _due_soon(today: date):
    """Open, owned actions due from today up to the lead time (in the current scope, or all with scopes off)."""
    return Action.objects.filter(
        status=ActionStatus.OPEN, owner__isnull=False, owner__is_active=True,
        due_date__gte=today, due_date__lte=today + timedelta(days=LEAD_DAYS),
    )


def action_reminders_due(now: datetime) -> int:
    """The scheduler's due work: one reminder task per organisation with actions due soon."""
    local = timezone.localtime(now)
    if local.hour < FROM_HOUR:
        return 0
    today = local.date()
    with scopes_disabled():
        organisation_ids = sorted(set(_due_soon(today).values_list("organisation_id", flat=True)))
    for organisation_id in organisation_ids:
        transaction.on_commit(
            lambda organisation_id=organisation_id: send_action_reminders.enqueue(organisation_id, today.isoformat())
        )
    return len(organisation_ids)


@task()
def send_action_reminders(organisation_id: int, today: str) -> int:
    """Remind the owners in one organisation of their actions due soon; returns how many were reminded."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    with scope(organisation=organisation):
        actions = list(_due_soon(date.fromisoformat(today)).select_related("owner__user", "owner__organisation",
                                                                            "team"))
        keys = {action.pk: action_due_key(action) for action in actions}
        already = set(Notification.objects.filter(kind=ACTION_DUE_KIND, dedupe_key__in=keys.values())
                      .values_list("person_id", "dedupe_key"))
        sent = 0
        for action in actions:
            if (action.owner_id, keys[action.pk]) in already:
                continue
            if remind_owner(action) is not None:
                sent += 1
    return sent


def remind_owner(action: Action) -> Notification | None:
    """The owner's reminder of one action (once per action and due date, see action_due_key)."""
    return notify(
        action.owner, ACTION_DUE_KIND, {"action": action, "team": action.team},
        url=reverse("reflection:my_actions", kwargs={"org": action.owner.organisation.slug}),
        dedupe_key=action_due_key(action),
    )


def action_due_email_context(notification: Notification) -> dict:
    """The reminder e-mail is the generic notification e-mail; its button names where it goes."""
    return {"action_label": gettext("Open my actions")}
