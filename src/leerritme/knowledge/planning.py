"""Series plan their own sessions: the scheduler's daily run keeps every running series planned ahead.

`series_sessions_due(now)` finds the organisations with a running series that has a pattern and enqueues
one task per organisation; the task plans each series' sessions up to its `weeks_ahead` (idempotent:
`series_plan` never plans a slot twice, and a slot's unique key stops a second scheduler).
"""

from datetime import datetime

from django.db import transaction
from django.tasks import task
from django_scopes import scope, scopes_disabled

from leerritme.knowledge.models import SessionSeries
from leerritme.orgs.models import Organisation


def _running():
    return SessionSeries.objects.filter(ended_at__isnull=True, first_starts_at__isnull=False)


def series_sessions_due(now: datetime) -> int:
    with scopes_disabled():
        organisation_ids = sorted(set(_running().values_list("organisation_id", flat=True)))
    for organisation_id in organisation_ids:
        transaction.on_commit(
            lambda organisation_id=organisation_id: plan_series_sessions.enqueue(organisation_id, now.isoformat()))
    return len(organisation_ids)


@task()
def plan_series_sessions(organisation_id: int, now: str) -> int:
    """Plan the coming sessions of every running series of one organisation; returns how many were added."""
    from leerritme.knowledge.services.sessions import series_plan

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    moment = datetime.fromisoformat(now)
    added = 0
    with scope(organisation=organisation):
        for series in _running().order_by("pk"):
            added += series_plan(series, now=moment)
    return added
