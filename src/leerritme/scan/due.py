"""This part's time-based work, through the scheduler seam: invitations when a planned run opens, and one
reminder two days before it closes to those who have not answered (known only from the one-time tokens).

Idempotent: the run's `invited`/`reminded` flags and the notifications' dedupe keys."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from leerritme.scan.models import Run
from leerritme.scheduler.registry import DueWork, register_due_work

REMIND_BEFORE = timedelta(days=2)


def surveys_due(now: datetime) -> int:
    from leerritme.scan.tasks import invite_run, remind_run

    today = timezone.localtime(now).date()
    with scopes_disabled():
        live = Run.objects.filter(opens_on__lte=today, closes_on__gte=today, closed_early_on__isnull=True)
        to_invite = list(live.filter(invited=False).values_list("pk", flat=True))
        to_remind = list(live.filter(invited=True, reminded=False, closes_on__lte=today + REMIND_BEFORE)
                         .values_list("pk", flat=True))
    for pk in to_invite:
        transaction.on_commit(lambda pk=pk: invite_run.enqueue(pk))
    for pk in to_remind:
        transaction.on_commit(lambda pk=pk: remind_run.enqueue(pk))
    return len(to_invite) + len(to_remind)


register_due_work(DueWork("scan.surveys", timedelta(hours=1), surveys_due))
