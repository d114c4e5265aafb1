"""Writing rhythms and their occurrences: set or change a rhythm, generate, skip, move, restore, mark held.

Occurrences are materialised 13 months ahead (`recurrence.HORIZON`), keyed by (rhythm, original_start) so
generating twice never duplicates. Every change a calendar program should see raises the occurrence's
`sequence` (RFC 5545 SEQUENCE); occurrences that no longer fit a changed rhythm are cancelled rather than
deleted, so the feeds can tell calendar programs to remove them.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import (
    learning_event_record,
    learning_events_record_many,
    learning_events_remove_for,
)
from leerritme.orgs.models import Person
from leerritme.practices import recurrence
from leerritme.practices.models import (
    Adoption,
    AdoptionStatus,
    KolbPhase,
    Occurrence,
    OccurrenceStatus,
    Rhythm,
)


@dataclass(frozen=True)
class RhythmChange:
    """What `rhythm_set` did, for the message the lead sees."""

    rhythm: Rhythm
    created: bool
    added: int = 0
    changed: int = 0
    cancelled: int = 0


def horizon_from(now: datetime) -> datetime:
    return now + recurrence.HORIZON


def _instance_end(rhythm: Rhythm, start: datetime) -> datetime:
    return (start.astimezone(UTC) + timedelta(minutes=rhythm.duration_minutes))


def _generation_end(rhythm: Rhythm, until: datetime) -> datetime:
    """The horizon, or the end of the rhythm's last day when that comes first; all of its given dates."""
    if not rhythm.rrule:
        # A handful of given dates (at most 100) are planned all at once, however far ahead.
        last = max((datetime.fromisoformat(value) for value in rhythm.dates), default=None)
        tz = recurrence.zone(rhythm.time_zone)
        return max(until, recurrence.local_to_aware(last + timedelta(days=1), tz)) if last else until
    if rhythm.until is None:
        return until
    tz = recurrence.zone(rhythm.time_zone)
    last = recurrence.local_to_aware(datetime.combine(rhythm.until, time()) + timedelta(days=1), tz)
    return min(until, last)


@transaction.atomic
def rhythm_set(
    *,
    adoption: Adoption,
    by: Person,
    cadence: str,
    starts_at: datetime,
    duration_minutes: int,
    weekdays=(),
    week_of_month: int | None = None,
    month_day: int | None = None,
    month_interval: int = 1,
    until: date | None = None,
    dates=(),
    meeting: str = "",
    location: str = "",
    time_zone: str | None = None,
    now: datetime | None = None,
) -> RhythmChange:
    """Give an adopted practice its rhythm, or change it, and plan its occurrences 13 months ahead.

    `starts_at` is the start date and the local time (aware, or naive in the rhythm's zone); `dates` are
    the given dates (naive local datetimes) for the dates cadence. Changing a rhythm keeps every past
    occurrence and every held or skipped one; a future planned one that still fits stays (moved when the
    time of day changed, its sequence raised), one that no longer fits is cancelled, and new ones are added.
    Raises ValidationError (nothing stored) for choices that make no rhythm.
    """
    if adoption.status != AdoptionStatus.ACTIVE:
        raise ValidationError(_("Only a practice the team has adopted gets a rhythm."), code="not_adopted")
    now = now or timezone.now()
    existing = Rhythm.objects.select_for_update().filter(adoption=adoption).first()
    zone_name = time_zone or (existing.time_zone if existing else None) or timezone.get_default_timezone_name()
    tz = recurrence.zone(zone_name)
    local_start = recurrence.aware_to_local(starts_at, tz) if timezone.is_aware(starts_at) else starts_at
    spec = recurrence.RhythmSpec(
        cadence=cadence, start_date=local_start.date(), at=local_start.time().replace(second=0, microsecond=0),
        duration_minutes=duration_minutes, weekdays=tuple(weekdays), week_of_month=week_of_month,
        month_day=month_day, month_interval=month_interval, until=until, dates=tuple(dates), time_zone=zone_name,
    )
    built = recurrence.build(spec)
    values = {
        "rrule": built.rrule, "dates": built.dates, "starts_at": built.starts_at, "time_zone": built.time_zone,
        "duration_minutes": built.duration_minutes, "until": built.until,
        "meeting": (meeting or "").strip()[:150], "location": (location or "").strip()[:250],
    }
    if existing is None:
        rhythm = Rhythm.objects.create(organisation_id=adoption.organisation_id, adoption=adoption,
                                       updated_at=now, **values)
        added = occurrences_generate(rhythm, horizon_from(now), since=now)
        return RhythmChange(rhythm=rhythm, created=True, added=added)

    rhythm = existing
    schedule_fields = ("rrule", "dates", "starts_at", "time_zone", "duration_minutes", "until")
    schedule_changed = any(getattr(rhythm, name) != values[name] for name in schedule_fields)
    place_changed = rhythm.meeting != values["meeting"] or rhythm.location != values["location"]
    if not (schedule_changed or place_changed):
        return RhythmChange(rhythm=rhythm, created=False)
    for name, value in values.items():
        setattr(rhythm, name, value)
    rhythm.sequence += 1
    rhythm.updated_at = now
    rhythm.save(update_fields=[*values, "sequence", "updated_at"])
    changed, cancelled, added = _reschedule(rhythm, now=now, place_changed=place_changed)
    return RhythmChange(rhythm=rhythm, created=False, added=added, changed=changed, cancelled=cancelled)


def _reschedule(rhythm: Rhythm, *, now: datetime, place_changed: bool) -> tuple[int, int, int]:
    """Fit the future occurrences to the changed rhythm; the past and held or skipped ones stay as they are."""
    tz = recurrence.zone(rhythm.time_zone)
    horizon = horizon_from(now)
    wanted = {i.original_start: i for i in recurrence.expand_rhythm(rhythm, now, _generation_end(rhythm, horizon))}
    future = list(Occurrence.objects.filter(rhythm=rhythm, original_start__gte=now).order_by("original_start"))
    taken = {occ.original_start for occ in future}
    # A planned one on the same local day as a new time is moved there (the time of day changed) rather
    # than cancelled and replaced: calendar programs then update the event they have.
    free_by_day: dict[date, list[datetime]] = {}
    for start in sorted(wanted):
        if start not in taken:
            free_by_day.setdefault(recurrence.aware_to_local(start, tz).date(), []).append(start)
    updated, changed, cancelled = [], 0, 0
    for occ in future:
        moved = occ.is_moved
        if occ.original_start in wanted:
            if occ.status == OccurrenceStatus.CANCELLED:
                # It fits again (the rhythm was changed back): plan it again.
                occ.status, occ.start = OccurrenceStatus.PLANNED, occ.original_start
                occ.end = _instance_end(rhythm, occ.start)
            elif occ.status != OccurrenceStatus.PLANNED:
                continue  # held and skipped ones are what the team did or decided
            else:
                end = occ.end if moved else _instance_end(rhythm, occ.start)
                if end == occ.end and not place_changed:
                    continue
                occ.end = end
        elif same_day := free_by_day.get(recurrence.aware_to_local(occ.original_start, tz).date()):
            # The time of day changed: this day's occurrence follows it (skipped stays skipped, moved stays
            # where it was put), so calendar programs update the event they have instead of losing it.
            new_start = same_day.pop(0)
            if occ.status == OccurrenceStatus.CANCELLED:
                occ.status = OccurrenceStatus.PLANNED
            if occ.status != OccurrenceStatus.HELD and not moved:
                occ.start, occ.end = new_start, _instance_end(rhythm, new_start)
            occ.original_start = new_start
            taken.add(new_start)
        elif occ.status == OccurrenceStatus.PLANNED and not moved:
            occ.status = OccurrenceStatus.CANCELLED
            cancelled += 1
        elif not (occ.status == OccurrenceStatus.PLANNED and place_changed):
            continue  # history, a cancelled one, or one put there by hand: it stays as it is
        if occ.status != OccurrenceStatus.CANCELLED:
            changed += 1
        occ.sequence += 1
        occ.updated_at = now
        updated.append(occ)
    Occurrence.objects.bulk_update(updated, ["original_start", "start", "end", "status", "sequence", "updated_at"],
                                   batch_size=500)
    fresh = [wanted[start] for start in sorted(wanted) if start not in taken]
    Occurrence.objects.bulk_create(
        [_occurrence(rhythm, instance, now) for instance in fresh], batch_size=500, ignore_conflicts=True)
    rhythm.generated_until = max(horizon, rhythm.generated_until or horizon)
    rhythm.save(update_fields=["generated_until"])
    return changed, cancelled, len(fresh)


def _occurrence(rhythm: Rhythm, instance: recurrence.Instance, now: datetime) -> Occurrence:
    return Occurrence(organisation_id=rhythm.organisation_id, rhythm=rhythm, original_start=instance.original_start,
                      start=instance.start, end=instance.end, sequence=rhythm.sequence, updated_at=now)


def occurrences_generate(rhythm: Rhythm, until: datetime | None = None, *, since: datetime | None = None,
                         now: datetime | None = None) -> int:
    """Add the occurrences between `since` and `until` that do not exist yet; returns how many were added.

    Idempotent: occurrences are keyed by (rhythm, original_start), so running it twice, or in two workers
    at once, adds nothing the second time. By default it continues where the last run stopped (or starts
    now, for a new rhythm) and goes 13 months ahead.
    """
    now = now or timezone.now()
    until = until or horizon_from(now)
    since = since or rhythm.generated_until or max(rhythm.starts_at, now)
    end = _generation_end(rhythm, until)
    added = 0
    if since < end:
        instances = recurrence.expand_rhythm(rhythm, since, end)
        if instances:
            known = set(
                Occurrence.objects.filter(
                    rhythm=rhythm, original_start__gte=instances[0].original_start,
                    original_start__lte=instances[-1].original_start,
                ).values_list("original_start", flat=True)
            )
            fresh = [_occurrence(rhythm, i, now) for i in instances if i.original_start not in known]
            Occurrence.objects.bulk_create(fresh, batch_size=500, ignore_conflicts=True)
            added = len(fresh)
    if rhythm.generated_until is None or rhythm.generated_until < until:
        rhythm.generated_until = until
        Rhythm.objects.filter(pk=rhythm.pk).update(generated_until=until)
    return added


# --- One occurrence --------------------------------------------------------------------------------------

def _locked(occurrence: Occurrence) -> Occurrence:
    return (Occurrence.objects.select_for_update(of=("self",))
            .select_related("rhythm__adoption__practice", "rhythm__adoption__team")
            .get(pk=occurrence.pk))


def _refuse(message, code: str) -> ValidationError:
    return ValidationError(message, code=code)


@transaction.atomic
def occurrence_skip(occurrence: Occurrence, *, by: Person, note: str = "") -> Occurrence:
    """This time it does not happen; the others are not touched."""
    occ = _locked(occurrence)
    if occ.status != OccurrenceStatus.PLANNED:
        raise _refuse(_("Only a planned time can be skipped."), "not_planned")
    occ.status = OccurrenceStatus.SKIPPED
    occ.note = (note or "").strip()[:1000]
    occ.recorded_by = by
    occ.sequence += 1
    occ.updated_at = timezone.now()
    occ.save(update_fields=["status", "note", "recorded_by", "sequence", "updated_at"])
    return occ


@transaction.atomic
def occurrence_move(occurrence: Occurrence, *, by: Person, start: datetime, end: datetime,
                    note: str = "") -> Occurrence:
    """This time happens at another time; it keeps its original start (its RECURRENCE-ID)."""
    recurrence.check_times(start, end)
    occ = _locked(occurrence)
    if occ.status != OccurrenceStatus.PLANNED:
        raise _refuse(_("Only a planned time can be moved."), "not_planned")
    if occ.start == start and occ.end == end:
        return occ
    occ.start, occ.end = start, end
    if note:
        occ.note = note.strip()[:1000]
    occ.recorded_by = by
    occ.sequence += 1
    occ.updated_at = timezone.now()
    occ.save(update_fields=["start", "end", "note", "recorded_by", "sequence", "updated_at"])
    return occ


@transaction.atomic
def occurrence_restore(occurrence: Occurrence, *, by: Person) -> Occurrence:
    """Undo a skip, a move or a mistaken "held": planned again at the time the rhythm gave it."""
    occ = _locked(occurrence)
    if occ.status == OccurrenceStatus.CANCELLED:
        raise _refuse(_("This time no longer fits the rhythm; change the rhythm instead."), "cancelled")
    if occ.status == OccurrenceStatus.PLANNED and not occ.is_moved:
        return occ
    if occ.status == OccurrenceStatus.HELD:
        learning_events_remove_for(occ)
    occ.status = OccurrenceStatus.PLANNED
    occ.start, occ.end = occ.original_start, _instance_end(occ.rhythm, occ.original_start)
    occ.held_at, occ.record_type, occ.record_id = None, "", ""
    occ.recorded_by = by
    occ.sequence += 1
    occ.updated_at = timezone.now()
    occ.save(update_fields=["status", "start", "end", "held_at", "record_type", "record_id", "recorded_by",
                            "sequence", "updated_at"])
    return occ


@transaction.atomic
def occurrence_mark_held(occurrence: Occurrence, *, by: Person, record=None,
                         now: datetime | None = None) -> Occurrence:
    """It took place. Parts call this when they record it (a knowledge session held, a reflection closed),
    passing their object as `record`; the lead can also mark it by hand.

    Records one learning event for the team (no private content: the practice and the team), only the
    first time; marking it again only adds the part's record. Raises ValidationError for a cancelled time
    or one whose day has not come yet.
    """
    now = now or timezone.now()
    occ = _locked(occurrence)
    if occ.status == OccurrenceStatus.CANCELLED:
        raise _refuse(_("This time was cancelled; it cannot have been held."), "cancelled")
    tz = recurrence.zone(occ.rhythm.time_zone)
    if recurrence.aware_to_local(occ.start, tz).date() > recurrence.aware_to_local(now, tz).date():
        raise _refuse(_("This time has not come yet; mark it as held on the day itself or later."), "future")
    fields = ["recorded_by", "updated_at"]
    if record is not None:
        occ.record_type = f"{record._meta.app_label}.{record._meta.model_name}"
        occ.record_id = str(record.pk)
        fields += ["record_type", "record_id"]
    first_time = occ.status != OccurrenceStatus.HELD
    if first_time:
        if occ.status == OccurrenceStatus.SKIPPED:
            occ.sequence += 1  # calendars showed it as cancelled; it is back
            fields.append("sequence")
        occ.status, occ.held_at = OccurrenceStatus.HELD, now
        fields += ["status", "held_at"]
    occ.recorded_by = by
    occ.updated_at = now
    occ.save(update_fields=fields)
    if first_time:
        learning_event_record(**_held_event(occ, by))
    return occ


@transaction.atomic
def occurrences_mark_held_many(occurrences, *, by: Person, now: datetime | None = None) -> int:
    """Mark many past planned or skipped times held at once (the demo's year of history, a part catching
    up): bulk writes and one learning event each, as `occurrence_mark_held` would record; returns how many.
    Cancelled, already held and not yet due times are left as they are."""
    now = now or timezone.now()
    chosen = [
        occ for occ in occurrences
        if occ.status in (OccurrenceStatus.PLANNED, OccurrenceStatus.SKIPPED) and occ.start <= now
    ]
    rhythms = Rhythm.objects.select_related("adoption__practice", "adoption__team").in_bulk(
        {occ.rhythm_id for occ in chosen})
    skipped = [occ.pk for occ in chosen if occ.status == OccurrenceStatus.SKIPPED]
    for occ in chosen:
        occ.rhythm = rhythms[occ.rhythm_id]
        if occ.status == OccurrenceStatus.SKIPPED:
            occ.sequence += 1
        occ.status, occ.held_at, occ.recorded_by, occ.updated_at = OccurrenceStatus.HELD, now, by, now
    # Every row gets the same values, so two plain UPDATEs per batch instead of bulk_update's CASE per row
    # (which made the large demo's year of history take over a minute).
    pks = [occ.pk for occ in chosen]
    for start in range(0, len(pks), 900):
        batch = pks[start:start + 900]
        Occurrence.objects.filter(pk__in=batch).update(status=OccurrenceStatus.HELD, held_at=now, recorded_by=by,
                                                       updated_at=now)
    for start in range(0, len(skipped), 900):
        Occurrence.objects.filter(pk__in=skipped[start:start + 900]).update(sequence=F("sequence") + 1)
    learning_events_record_many(_held_event(occ, by) for occ in chosen)
    return len(chosen)


def _held_event(occ: Occurrence, by: Person) -> dict:
    adoption = occ.rhythm.adoption
    practice = adoption.practice
    return {
        "person": by,
        "kind": LearningKind.REFLECTION_HELD if practice.kolb_phase == KolbPhase.REFLECT else LearningKind.OTHER,
        "title": _("%(practice)s with %(team)s") % {"practice": practice.name, "team": adoption.team.name},
        "visibility": Visibility.TEAM,
        "team": adoption.team,
        "obj": occ,
        "occurred_at": occ.start,
        "minutes": max(0, int((occ.end - occ.start).total_seconds() // 60)),
    }
