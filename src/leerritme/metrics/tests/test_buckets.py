"""The database's bucket of a row (a balanced tree of comparisons) is the bucket the period's days say, at every
bucket's first moment and the moment before it, by week across the change to summer and winter time and by month."""

from bisect import bisect_right
from datetime import date, timedelta

import pytest
from django_scopes import scope

from leerritme.learning.models import LearningEvent
from leerritme.metrics.periods import bucket_index, period_from


@pytest.mark.parametrize(("first", "last", "bucket"), [
    (date(2025, 12, 31), date(2026, 12, 30), "week"),  # 53 buckets, both changes of the clock
    (date(2025, 11, 15), date(2026, 11, 14), "month"),  # 13 buckets, clipped at both ends
    (date(2026, 3, 2), date(2026, 3, 8), "week"),  # one bucket
])
def test_every_row_lands_in_the_bucket_of_its_day(org, alice, first, last, bucket):
    period = period_from("custom", first=first, last=last, bucket=bucket)
    starts = period.bucket_starts()
    moments = [period.start] + [moment for start in starts[1:] for moment in (start - timedelta(seconds=1), start)]
    moments.append(period.end - timedelta(seconds=1))
    with scope(organisation=org):
        LearningEvent.objects.bulk_create([
            LearningEvent(organisation=org, person=alice, kind="learning_time", title=str(i), occurred_at=moment)
            for i, moment in enumerate(moments)])
        found = dict(LearningEvent.objects.annotate(bucket=bucket_index("occurred_at", period))
                     .values_list("title", "bucket"))
    expected = {str(i): bisect_right(starts, moment) - 1 for i, moment in enumerate(moments)}
    assert found == expected
    assert max(found.values()) == len(period.buckets) - 1
