"""Fill the daily roll-up from the learning events already recorded (existing installations).

The same counting as `leerritme.metrics.rollup.rebuild`, written against the migration's own models so that
later changes to the code cannot change what this migration does. Reads the events once, in chunks.
"""

from collections import defaultdict

from django.db import migrations
from django.utils import timezone

COUNTED_KINDS = ("experiment_concluded", "lesson_shared", "idea_adopted", "kudos_received")


def fill(apps, schema_editor):
    LearningEvent = apps.get_model("learning", "LearningEvent")
    LearningDay = apps.get_model("metrics", "LearningDay")
    totals = defaultdict(lambda: [0, 0, 0])
    rows = (LearningEvent._base_manager.order_by()
            .values_list("organisation_id", "occurred_at", "kind", "object_id", "minutes").iterator(chunk_size=5000))
    for organisation_id, occurred_at, kind, object_id, minutes in rows:
        key = (organisation_id, timezone.localdate(occurred_at), kind, object_id if kind in COUNTED_KINDS else "")
        row = totals[key]
        row[0] += 1
        row[1] += 0 if object_id else 1
        row[2] += minutes if minutes and minutes > 0 else 0
    LearningDay._base_manager.bulk_create(
        [LearningDay(organisation_id=key[0], day=key[1], kind=key[2], object_id=key[3], events=counts[0],
                     loose=counts[1], minutes=counts[2]) for key, counts in totals.items()],
        batch_size=500)


def empty(apps, schema_editor):
    apps.get_model("metrics", "LearningDay")._base_manager.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("metrics", "0001_learning_day"),
        ("learning", "0005_coaching_goal"),
    ]

    operations = [migrations.RunPython(fill, empty)]
