"""The scheduler's tick: claim each registered piece of due work once per time slot, then let it enqueue.

Two schedulers may run at the same time (a second machine, a restart that overlaps): the unique
(work, slot) key of `TickClaim` lets exactly one of them claim a slot. The claim and the work's
`run(now)` share one transaction, so a run that fails leaves the slot unclaimed and the next tick
tries it again; the tasks it enqueued (in `transaction.on_commit`) are dropped with it.
"""

import logging
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from leerritme.scheduler.models import TickClaim
from leerritme.scheduler.registry import DueWork, registered_due_work

logger = logging.getLogger(__name__)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Claims are only needed while their slot could still be claimed; a month is plenty to look back on.
KEEP_CLAIMS = timedelta(days=30)


def slot_for(work: DueWork, now: datetime) -> datetime:
    """The start of the slot `now` falls in: now floored to the work's interval, counted from the epoch."""
    return EPOCH + ((now - EPOCH) // work.every) * work.every


def scheduler_tick(now: datetime | None = None, *, worker_id: str) -> list[str]:
    """Claim and run every piece of due work whose current slot nobody has claimed; returns their names."""
    now = now or timezone.now()
    if timezone.is_naive(now):
        raise ValueError("The scheduler needs an aware datetime.")
    claimed = []
    for work in registered_due_work():
        slot = slot_for(work, now)
        try:
            with transaction.atomic():
                try:
                    # A savepoint of its own, so that losing the race does not spoil the outer transaction.
                    with transaction.atomic():
                        TickClaim.objects.create(work=work.name, slot=slot, claimed_at=now,
                                                 claimed_by=worker_id[:100])
                except IntegrityError:
                    continue  # another scheduler has this slot
                work.run(now)
        except Exception:
            # The claim rolled back with the failed run, so a later tick in this slot tries it again.
            logger.exception("Due work %s failed for the slot of %s", work.name, slot.isoformat())
            continue
        claimed.append(work.name)
    TickClaim.objects.filter(claimed_at__lt=now - KEEP_CLAIMS).delete()
    return claimed
