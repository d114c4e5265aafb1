"""The period of the dashboard and its buckets (months or weeks) in the installation's time zone.

A period runs from one day up to and including another. Buckets cut it into calendar months or ISO weeks
(Monday to Sunday); the first and last bucket are clipped to the period, so a bucket never counts a day
outside it. Indicators compare moments with each bucket's first moment in the database itself
(`bucket_index`), so a year of data comes back as one row per bucket, not one per record.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import F, Func, IntegerField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONTH, WEEK = "month", "week"
PRESETS = {
    "3m": (_("The last 3 months"), 3),
    "6m": (_("The last 6 months"), 6),
    "12m": (_("The last 12 months"), 12),
    "year": (_("This calendar year"), None),
    "custom": (_("Choose dates"), None),
}
DEFAULT_PRESET = "12m"
MAX_DAYS = 3 * 366  # a custom period of at most three years
MAX_WEEKS = 106  # weekly buckets for at most two years


@dataclass(frozen=True)
class Bucket:
    first: date  # the bucket's first day
    last: date  # its last day (inclusive)

    @property
    def key(self) -> str:
        return self.first.isoformat()


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # inclusive
    bucket: str = MONTH
    preset: str = DEFAULT_PRESET

    @property
    def key(self) -> str:
        return f"{self.first.isoformat()}:{self.last.isoformat()}:{self.bucket}"

    @property
    def buckets(self) -> list[Bucket]:
        found, day = [], self.first
        while day <= self.last:
            if self.bucket == WEEK:
                end = day + timedelta(days=6 - day.weekday())
            else:
                following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
                end = following - timedelta(days=1)
            found.append(Bucket(day, min(end, self.last)))
            day = end + timedelta(days=1)
        return found

    @property
    def start(self) -> datetime:
        """The period's first moment (aware)."""
        return _midnight(self.first)

    @property
    def end(self) -> datetime:
        """The moment after the period's last day (aware, exclusive)."""
        return _midnight(self.last + timedelta(days=1))

    def bucket_starts(self) -> list[datetime]:
        return [_midnight(b.first) for b in self.buckets]


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _months_back(today: date, count: int) -> date:
    month = today.month - (count - 1)
    year = today.year
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1)


def period_from(preset: str = DEFAULT_PRESET, *, first: date | None = None, last: date | None = None,
                bucket: str = MONTH, today: date | None = None) -> Period:
    """A period from a preset ("3m", "6m", "12m", "year") or from chosen dates ("custom"); refuses bad dates."""
    today = today or timezone.localdate()
    if bucket not in (MONTH, WEEK):
        raise ValidationError({"bucket": _("Choose months or weeks.")})
    if preset == "custom":
        if first is None or last is None:
            raise ValidationError({"first": _("Enter both the first and the last day.")})
        if first > last:
            raise ValidationError({"last": _("The last day cannot be before the first day.")})
        if (last - first).days > MAX_DAYS:
            raise ValidationError({"last": _("Choose a period of at most three years.")})
    elif preset == "year":
        first, last = date(today.year, 1, 1), today
    elif preset in PRESETS:
        first, last = _months_back(today, PRESETS[preset][1]), today
    else:
        raise ValidationError({"period": _("Choose one of the periods.")})
    period = Period(first=first, last=last, bucket=bucket, preset=preset)
    if bucket == WEEK and len(period.buckets) > MAX_WEEKS:
        raise ValidationError({"bucket": _("Weeks can be shown for at most two years; choose months.")})
    return period


def bucket_index(field: str, period: Period, *, dates: bool = False) -> "BucketIndex":
    """Which bucket of the period a row falls in, computed by the database from plain comparisons.

    `dates=True` for a DateField, otherwise the field is a datetime compared with each bucket's first
    moment in the installation's time zone. Rows must already be filtered to the period.
    """
    return BucketIndex(F(field), bounds=[b.first for b in period.buckets] if dates else period.bucket_starts(),
                       dates=dates)


def bucket_case(column_sql: str, bounds: list, column_params=()) -> tuple[str, list]:
    """SQL for the bucket of `column_sql` given each bucket's first value (already adapted for the database):
    a balanced tree of comparisons (nested CASE), so a row of a year by week costs six comparisons, not up
    to 52. Returns the SQL and its parameters in order."""

    def tree(low: int, high: int) -> tuple[str, list]:
        if low >= high:
            return str(low), []
        middle = (low + high + 1) // 2
        before, before_params = tree(low, middle - 1)
        after, after_params = tree(middle, high)
        return (f"CASE WHEN {column_sql} < %s THEN {before} ELSE {after} END",
                [*column_params, bounds[middle], *before_params, *after_params])

    return tree(0, len(bounds) - 1)


class BucketIndex(Func):
    """The expression of `bucket_index`, written as SQL directly: Django's own `Case` of 53 `When`s took about
    10 ms to compile per query, more than the database took to answer some of them."""

    output_field = IntegerField()

    def __init__(self, expression, *, bounds: list, dates: bool):
        super().__init__(expression)
        self.bounds = bounds
        self.dates = dates

    def as_sql(self, compiler, connection, **extra_context):
        column_sql, column_params = compiler.compile(self.source_expressions[0])
        adapt = connection.ops.adapt_datefield_value if self.dates else connection.ops.adapt_datetimefield_value
        return bucket_case(column_sql, [adapt(bound) for bound in self.bounds], column_params)
