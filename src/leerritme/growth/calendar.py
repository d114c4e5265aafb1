"""This part's registration with the calendar seam: a person's recurring learning-time blocks.

One query per feed (the person's active blocks); the blocks are expanded with the rhythm's own RRULE
tools (`practices.recurrence.expand`), so daylight-saving changes keep a Friday 14:00 at 14:00.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from leerritme.growth.models import TimeBlock
from leerritme.lib.calendar import CalendarEntry, register_calendar_source
from leerritme.orgs.models import Person
from leerritme.practices.recurrence import Instance, expand

SOURCE = "growth.learning_time"
STOPPED_SHOWN = timedelta(days=60)


def _instances(block: TimeBlock, start: datetime, end: datetime) -> list[Instance]:
    return expand(rrule=block.rrule, dates=[], starts_at=block.starts_at, time_zone=block.time_zone,
                  duration_minutes=block.duration_minutes, start=start - timedelta(minutes=block.duration_minutes),
                  end=end)


def block_entries(subject, start: datetime, end: datetime) -> list[CalendarEntry]:
    if not isinstance(subject, Person) or not subject.is_active:
        return []
    # A block stopped lately stays in the feed as cancelled entries, so calendar programs remove them.
    recently = timezone.now() - STOPPED_SHOWN
    blocks = list(TimeBlock.objects.filter(Q(active=True) | Q(updated_at__gte=recently), person=subject,
                                           starts_at__lt=end).select_related("organisation"))
    entries = []
    for block in blocks:
        url = settings.SITE_URL + reverse("growth:time", kwargs={"org": block.organisation.slug})
        for instance in _instances(block, start, end):
            entries.append(CalendarEntry(
                uid=f"learning-time-{block.uuid}-{instance.original_start:%Y%m%dT%H%M}@leerritme",
                title=block.title or gettext("Learning time"), start=instance.start, end=instance.end,
                description=gettext("Learning time you reserved. Register what you learned afterwards."),
                url=url, source=SOURCE, updated_at=block.updated_at, cancelled=not block.active,
                sequence=0 if block.active else 1,
            ))
    return entries


def next_blocks(blocks: list[TimeBlock], count: int = 5) -> list[tuple[TimeBlock, Instance]]:
    """The next few times of the given blocks, soonest first (for the learning-time page)."""
    now = timezone.now()
    found = [(block, instance) for block in blocks for instance in _instances(block, now, now + timedelta(days=60))]
    return sorted(found, key=lambda pair: pair[1].start)[:count]


register_calendar_source(SOURCE, block_entries)
