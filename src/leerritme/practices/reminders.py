"""Reminders before learning moments: every active member of a team hears about its planned occurrences
when their own lead time comes (NotificationSettings.reminder_hours, 24 hours unless they chose otherwise).

The scheduler runs `reminders_due(now)` every five minutes. It only finds the organisations with
something coming up and enqueues a task for each; that task works out, in a fixed number of queries,
who is due a reminder for what and enqueues the notifications in batches. Each reminder carries a
dedupe key of the occurrence and its start, so a repeated run sends nothing twice, a moved occurrence
reminds again, and a skipped or cancelled one never does.
"""

from datetime import UTC, datetime, timedelta
from itertools import batched

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext
from django_scopes import scope, scopes_disabled

from leerritme.notifications.models import MAX_REMINDER_HOURS, Notification
from leerritme.notifications.selectors import notification_settings_of
from leerritme.notifications.services import notify
from leerritme.orgs.models import Organisation, Person, TeamMembership
from leerritme.practices.models import AdoptionStatus, Occurrence, OccurrenceStatus

REMINDER_KIND = "practices.reminder"
# Nobody asks to be reminded more than a week ahead (the preferences allow 1 to 168 hours).
LOOK_AHEAD = timedelta(hours=MAX_REMINDER_HOURS)
BATCH_SIZE = 100


def reminder_key(occurrence: Occurrence) -> str:
    """One reminder per occurrence and start time: moving it makes a new key, so it reminds again."""
    return f"reminder:{occurrence.uuid}:{occurrence.start.astimezone(UTC).isoformat()}"


def _upcoming(now: datetime):
    """Planned occurrences of adopted practices starting within the look-ahead (in the current scope)."""
    return Occurrence.objects.filter(
        status=OccurrenceStatus.PLANNED,
        start__gt=now,
        start__lte=now + LOOK_AHEAD,
        rhythm__adoption__status=AdoptionStatus.ACTIVE,
    )


def reminders_due(now: datetime) -> int:
    """The scheduler's due work: enqueue one reminder task per organisation with learning moments coming up."""
    with scopes_disabled():
        organisation_ids = sorted(set(_upcoming(now).values_list("organisation_id", flat=True)))
    for organisation_id in organisation_ids:
        transaction.on_commit(
            lambda organisation_id=organisation_id: send_reminders.enqueue(organisation_id, now.isoformat())
        )
    return len(organisation_ids)


def pending_reminders(now: datetime) -> list[tuple[int, int]]:
    """(person id, occurrence id) for every reminder due at `now` and not yet sent, in the current scope.

    Five queries however many teams and people: the occurrences, their teams' active members, those
    members' settings, and the reminders already sent for these occurrences.
    """
    occurrences = list(_upcoming(now).select_related("rhythm__adoption").order_by("start", "pk"))
    if not occurrences:
        return []
    team_ids = {occurrence.rhythm.adoption.team_id for occurrence in occurrences}
    members: dict[int, list[Person]] = {}
    for membership in TeamMembership.objects.filter(team_id__in=team_ids, person__is_active=True).select_related(
        "person"
    ):
        members.setdefault(membership.team_id, []).append(membership.person)
    people = {person.pk: person for team in members.values() for person in team}
    lead_hours = {pk: found.reminder_hours for pk, found in notification_settings_of(people.values()).items()}
    keys = {occurrence.pk: reminder_key(occurrence) for occurrence in occurrences}
    already = set(
        Notification.objects.filter(kind=REMINDER_KIND, dedupe_key__in=keys.values()).values_list(
            "person_id", "dedupe_key"
        )
    )
    due = []
    for occurrence in occurrences:
        for person in members.get(occurrence.rhythm.adoption.team_id, []):
            if occurrence.start - timedelta(hours=lead_hours[person.pk]) > now:
                continue
            if (person.pk, keys[occurrence.pk]) in already:
                continue
            due.append((person.pk, occurrence.pk))
    return due


@task()
def send_reminders(organisation_id: int, now: str) -> int:
    """Work out who in one organisation is due a reminder and enqueue them in batches; returns how many."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    with scope(organisation=organisation):
        due = pending_reminders(datetime.fromisoformat(now))
    for batch in batched(due, BATCH_SIZE):
        pairs = [list(pair) for pair in batch]
        transaction.on_commit(lambda pairs=pairs: send_reminder_batch.enqueue(organisation_id, now, pairs))
    return len(due)


@task()
def send_reminder_batch(organisation_id: int, now: str, pairs: list[list[int]]) -> int:
    """Notify each (person id, occurrence id) pair that is still due; returns how many were notified."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    moment = datetime.fromisoformat(now)
    with scope(organisation=organisation):
        occurrences = {
            occurrence.pk: occurrence
            for occurrence in Occurrence.objects.filter(pk__in={o for _p, o in pairs}).select_related(
                "rhythm__adoption__practice", "rhythm__adoption__team"
            )
        }
        people = {
            person.pk: person
            for person in Person.objects.filter(pk__in={p for p, _o in pairs}, is_active=True).select_related(
                "user", "organisation"
            )
        }
        lead_hours = {pk: found.reminder_hours for pk, found in notification_settings_of(people.values()).items()}
        sent = 0
        for person_id, occurrence_id in pairs:
            occurrence, person = occurrences.get(occurrence_id), people.get(person_id)
            if occurrence is None or person is None:
                continue
            # Checked again: the occurrence may have been skipped or moved since the batch was made.
            if not _still_due(occurrence, moment, lead_hours[person.pk]):
                continue
            if remind(person, occurrence):
                sent += 1
    return sent


def _still_due(occurrence: Occurrence, now: datetime, hours: int) -> bool:
    return (
        occurrence.status == OccurrenceStatus.PLANNED
        and occurrence.rhythm.adoption.status == AdoptionStatus.ACTIVE
        and occurrence.start - timedelta(hours=hours) <= now < occurrence.start
    )


def occurrence_url(occurrence: Occurrence, organisation: Organisation) -> str:
    return reverse("practices:occurrence", kwargs={"org": organisation.slug, "uuid": occurrence.uuid})


def remind(person: Person, occurrence: Occurrence) -> Notification | None:
    """The reminder of one occurrence for one person (once per occurrence and start, see reminder_key)."""
    rhythm = occurrence.rhythm
    adoption = rhythm.adoption
    return notify(
        person,
        REMINDER_KIND,
        {
            "occurrence": occurrence,
            "rhythm": rhythm,
            "adoption": adoption,
            "practice": adoption.practice,
            "team": adoption.team,
            "time_zone": rhythm.time_zone or settings.TIME_ZONE,
        },
        url=occurrence_url(occurrence, person.organisation),
        dedupe_key=reminder_key(occurrence),
    )


def reminder_email_context(notification: Notification) -> dict:
    """The reminder e-mail is the generic notification e-mail; its button names what it opens."""
    return {"action_label": gettext("Open the learning moment")}
