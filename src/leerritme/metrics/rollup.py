"""The daily roll-up of learning events that the organisation's learning indicators read.

Counting a year of learning events on every view of the organisation's dashboard read every event of the
year; `LearningDay` holds per organisation, local day (the installation's time zone, the same days the
dashboard's buckets are cut from) and learning kind:

- `events`: how many events, `loose`: how many without an object, `minutes`: the sum of positive minutes;
- for the kinds counted per object (`COUNTED_KINDS`: one concluded experiment recorded for several people
  counts once), one row per object and day, so a bucket counts each object once however many days it
  spans (COUNT DISTINCT over the bucket's rows). Other kinds keep one row per day.

The organisation's figures are sums of these rows, so they equal counting the events directly (the
equivalence is a property test: `tests/test_rollup.py`). Which team an event counts for follows the person's
team memberships of today, so a person who changes teams takes their history along; that is why a team or
department keeps reading the events of its people directly (through the person index, a small share of
the organisation) and the roll-up has no team column: it would go stale with every change of team.

Kept up to date in the same transaction as the learning, through the learning part's listeners (also for
bulk recording, and for withdrawn or erased learning). Concurrency: two transactions recording learning for
the same day each add their own counts with one `INSERT … ON CONFLICT … DO UPDATE SET events = events +
excluded.events` (an increment, not a recomputation of the day): on PostgreSQL the second waits for the
first's row and then adds to the committed value, so no count is lost, where recomputing the day would
have read a snapshot without the other transaction's events. Withdrawing subtracts with an UPDATE (which
locks the row the same way) and removes rows that reach zero.

What bypasses the listeners (a bulk UPDATE of `occurred_at`, as the knowledge demo does to date its
history back) is repaired by `rebuild()`: the demo runs it as its last part, the scheduler once a night per
organisation (`metrics.rollup`), `leerritme metrics-rollup` on demand, and the migration that made the
table filled it for existing data. A rebuild takes the table's lock on PostgreSQL (SHARE ROW EXCLUSIVE:
it waits for transactions that already added to the roll-up, and holds back new additions until it commits),
so it never drops or doubles a concurrent recording.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django_scopes import scope

from leerritme.learning.listeners import on_learning_recorded, on_learning_removed
from leerritme.metrics.models import LearningDay

# The kinds whose indicators count objects, not events: kept per object in the roll-up.
COUNTED_KINDS = ("experiment_concluded", "lesson_shared", "idea_adopted", "kudos_received")
BATCH = 500

Key = tuple  # (organisation_id, day, kind, object_id)


def _add(totals: dict, organisation_id: int, occurred_at, kind: str, object_id: str, minutes) -> None:
    key = (organisation_id, timezone.localdate(occurred_at), kind, object_id if kind in COUNTED_KINDS else "")
    row = totals[key]
    row[0] += 1
    row[1] += 0 if object_id else 1
    row[2] += minutes if minutes and minutes > 0 else 0


def summed_events(events: Iterable) -> dict[Key, list[int]]:
    """The roll-up rows of some events: {(organisation_id, day, kind, object_id): [events, loose, minutes]}."""
    totals: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
    for event in events:
        _add(totals, event.organisation_id, event.occurred_at, event.kind, event.object_id, event.minutes)
    return totals


def _table() -> str:
    return connection.ops.quote_name(LearningDay._meta.db_table)


def add(totals: dict[Key, list[int]]) -> None:
    """Add counts to the roll-up: one upsert per batch that increments what is there."""
    table = _table()
    rows = list(totals.items())
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]
        values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
        params = [value for (key, counts) in chunk for value in (*key, *counts)]
        # The table's quoted name and placeholders only; every value is a parameter.
        sql = (f"INSERT INTO {table} (organisation_id, day, kind, object_id, events, loose, minutes) "  # noqa: S608  # nosec B608
               f"VALUES {values} ON CONFLICT (organisation_id, day, kind, object_id) DO UPDATE SET "
               f"events = {table}.events + excluded.events, loose = {table}.loose + excluded.loose, "
               f"minutes = {table}.minutes + excluded.minutes")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def subtract(totals: dict[Key, list[int]]) -> None:
    """Take counts off the roll-up (never below zero) and drop the rows that reach zero events."""
    table = _table()
    clamp = "CASE WHEN {0} > %s THEN {0} - %s ELSE 0 END"
    sql = (f"UPDATE {table} SET events = {clamp.format('events')}, loose = {clamp.format('loose')}, "  # noqa: S608  # nosec B608
           f"minutes = {clamp.format('minutes')} "
           "WHERE organisation_id = %s AND day = %s AND kind = %s AND object_id = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(events, events, loose, loose, minutes, minutes, *key)
                                 for key, (events, loose, minutes) in totals.items()])
    organisations = {key[0] for key in totals}
    days = {key[1] for key in totals}
    # The plain manager: listeners also run outside an organisation's scope (erasure, imports).
    LearningDay._base_manager.filter(organisation_id__in=organisations, day__in=days, events=0).delete()


@on_learning_recorded
def learning_recorded(events: Sequence) -> None:
    add(summed_events(events))


@on_learning_removed
def learning_removed(events: Sequence) -> None:
    subtract(summed_events(events))


def _lock_table() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {_table()} IN SHARE ROW EXCLUSIVE MODE")


@transaction.atomic
def rebuild(organisation) -> int:
    """Recount the organisation's roll-up from its learning events (existing installations, repairs).
    Returns the number of rows."""
    from leerritme.learning.models import LearningEvent

    _lock_table()
    LearningDay._base_manager.filter(organisation=organisation).delete()
    with scope(organisation=organisation):
        totals: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
        rows = (LearningEvent.objects.order_by().values_list("occurred_at", "kind", "object_id", "minutes")
                .iterator(chunk_size=5000))
        for occurred_at, kind, object_id, minutes in rows:
            _add(totals, organisation.pk, occurred_at, kind, object_id, minutes)
    LearningDay._base_manager.bulk_create(
        [LearningDay(organisation_id=key[0], day=key[1], kind=key[2], object_id=key[3], events=counts[0],
                     loose=counts[1], minutes=counts[2]) for key, counts in totals.items()],
        batch_size=BATCH)
    return len(totals)


def period_rows(ctx, bucket_index) -> dict[tuple[int, str], dict]:
    """Per bucket and kind of the context's period: the minutes, the distinct counted objects and the events
    without an object, from the roll-up (one grouped query over at most a row per day and kind, plus the
    counted objects)."""
    rows = (LearningDay.objects.filter(day__gte=ctx.period.first, day__lte=ctx.period.last)
            .annotate(bucket=bucket_index("day", ctx.period, dates=True)).order_by()
            .values("bucket", "kind")
            .annotate(minutes=Sum("minutes"), objects=Count("object_id", distinct=True, filter=~Q(object_id="")),
                      loose=Sum("loose")))
    return {(row["bucket"], row["kind"]): row for row in rows}
