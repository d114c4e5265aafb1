"""Keeping rhythms planned ahead: the daily due work `practices.extend_occurrences` and its task.

Occurrences exist as rows 13 months ahead (`recurrence.HORIZON`). Every day the scheduler asks which
rhythms of adopted practices fall short of that (open-ended ones, and ones whose end lies beyond their
generated horizon) and enqueues one task per organisation and batch; the task extends each rhythm with
`occurrences_generate`, which is idempotent, so a repeated or doubled run adds nothing twice.
"""

from datetime import datetime
from itertools import batched

from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django_scopes import scope, scopes_disabled

from leerritme.orgs.models import Organisation
from leerritme.practices.models import AdoptionStatus, Rhythm
from leerritme.practices.recurrence import HORIZON

BATCH_SIZE = 200


def _short_of_horizon(now: datetime):
    """Rhythms of adopted practices generated less than 13 months ahead that still have times to come."""
    return (
        Rhythm.objects.filter(adoption__status=AdoptionStatus.ACTIVE)
        .exclude(rrule="")
        .filter(Q(generated_until__isnull=True) | Q(generated_until__lt=now + HORIZON))
        .filter(Q(until__isnull=True) | Q(generated_until__isnull=True) | Q(until__gte=F("generated_until__date")))
    )


def extend_occurrences_due(now: datetime) -> int:
    """The scheduler's daily due work: enqueue the extension of every rhythm short of the horizon."""
    with scopes_disabled():
        rows = list(_short_of_horizon(now).order_by("organisation_id", "pk").values_list("organisation_id", "pk"))
    by_organisation: dict[int, list[int]] = {}
    for organisation_id, pk in rows:
        by_organisation.setdefault(organisation_id, []).append(pk)
    for organisation_id, pks in by_organisation.items():
        for batch in batched(pks, BATCH_SIZE):
            transaction.on_commit(lambda organisation_id=organisation_id, ids=list(batch): extend_occurrences.enqueue(
                organisation_id, ids, now.isoformat()))
    return len(rows)


@task()
def extend_occurrences(organisation_id: int, rhythm_ids: list[int], now: str) -> int:
    """Generate the occurrences of these rhythms up to 13 months after `now`; returns how many were added."""
    from leerritme.practices.services.rhythm import horizon_from, occurrences_generate

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    moment = datetime.fromisoformat(now)
    added = 0
    with scope(organisation=organisation):
        for rhythm in Rhythm.objects.filter(pk__in=rhythm_ids, adoption__status=AdoptionStatus.ACTIVE):
            with transaction.atomic():
                added += occurrences_generate(rhythm, horizon_from(moment), now=moment)
    return added
