"""This part's time-based work, through the scheduler seam: the nightly recount of the learning roll-up.

The roll-up follows every recording and withdrawal through the learning listeners; the recount repairs what
changed learning events without them (see `rollup.py`). `run(now)` only enqueues one task per organisation
with learning (on commit); the task is idempotent (it recounts from the events).
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.tasks import task
from django_scopes import scopes_disabled

from leerritme.orgs.models import Organisation
from leerritme.scheduler.registry import DueWork, register_due_work


def rollup_due(now: datetime) -> int:
    from leerritme.learning.models import LearningEvent

    with scopes_disabled():
        ids = sorted(set(LearningEvent.objects.order_by().values_list("organisation_id", flat=True).distinct()))
    for organisation_id in ids:
        transaction.on_commit(lambda pk=organisation_id: recount_rollup.enqueue(pk))
    return len(ids)


@task()
def recount_rollup(organisation_id: int) -> int:
    from leerritme.metrics.rollup import rebuild

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    return rebuild(organisation) if organisation is not None else 0


register_due_work(DueWork("metrics.rollup", timedelta(days=1), rollup_due))
