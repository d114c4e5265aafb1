"""The weekly digest, "your learning rhythm this week": on Monday from 07:00 (the organisation's time zone)
each person who wants it and has something to hear gets their teams' learning moments of the week, the
proposals waiting for them as team lead, and how many notifications they have not read.

The scheduler runs `digest_due(now)` every hour; outside Monday 07:00-24:00 it does nothing, otherwise
it enqueues a task per organisation, which enqueues the people still without this week's digest in
batches. A digest is a notification of the kind `practices.digest` with the dedupe key
`digest:<person uuid>:<ISO year>-W<week>`, so each person gets at most one a week however often this
runs; its e-mail is sent by the notification e-mail task with the templates `practices/email/digest`.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import batched

from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django_scopes import scope, scopes_disabled

from leerritme.notifications.models import Notification
from leerritme.notifications.selectors import notification_settings_of
from leerritme.notifications.services import notify
from leerritme.orgs.models import Organisation, Person, TeamMembership, TeamRole
from leerritme.practices.models import Adoption, AdoptionStatus, Occurrence, OccurrenceStatus

DIGEST_KIND = "practices.digest"
DIGEST_WEEKDAY = 0  # Monday
DIGEST_FROM = time(7, 0)
BATCH_SIZE = 200


@dataclass(frozen=True)
class Week:
    """An ISO week in the organisation's time zone: its label ("2026-W49") and its half-open bounds."""

    label: str
    start: datetime
    end: datetime


def week_of(moment: datetime) -> Week:
    zone = timezone.get_default_timezone()
    local = moment.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    year, number, _ = monday.isocalendar()
    return Week(
        label=f"{year}-W{number:02d}",
        start=datetime.combine(monday, time(0), tzinfo=zone),
        end=datetime.combine(monday + timedelta(days=7), time(0), tzinfo=zone),
    )


def week_labelled(label: str) -> Week:
    """The week of a label such as "2026-W50" (the end of a digest's dedupe key)."""
    year, number = label.split("-W")
    monday = date.fromisocalendar(int(year), int(number), 1)
    return week_of(datetime.combine(monday, time(12), tzinfo=timezone.get_default_timezone()))


def digest_key(person: Person, week: Week) -> str:
    return f"digest:{person.uuid}:{week.label}"


@dataclass
class Digest:
    """What one person hears in one week's digest."""

    person: Person
    week: Week
    occurrences: list[Occurrence] = field(default_factory=list)
    proposals: list[Adoption] = field(default_factory=list)
    unread: int = 0

    @property
    def has_news(self) -> bool:
        # An unread count alone is no reason to write to someone.
        return bool(self.occurrences or self.proposals)

    @property
    def days(self) -> list[tuple[date, list[Occurrence]]]:
        """The occurrences by local day, in order."""
        by_day: dict[date, list[Occurrence]] = {}
        for occurrence in self.occurrences:
            by_day.setdefault(timezone.localtime(occurrence.start).date(), []).append(occurrence)
        return list(by_day.items())


def digest_due(now: datetime) -> int:
    """The scheduler's due work (hourly): on Monday from 07:00 local, enqueue each organisation's digests."""
    local = timezone.localtime(now)
    if local.weekday() != DIGEST_WEEKDAY or local.time() < DIGEST_FROM:
        return 0
    with scopes_disabled():
        # Without adopted or proposed practices an organisation's people have nothing to hear.
        organisation_ids = sorted(
            set(
                Adoption.objects.filter(status__in=[AdoptionStatus.ACTIVE, AdoptionStatus.PROPOSED]).values_list(
                    "organisation_id", flat=True
                )
            )
        )
    for organisation_id in organisation_ids:
        transaction.on_commit(
            lambda organisation_id=organisation_id: send_digests.enqueue(organisation_id, now.isoformat())
        )
    return len(organisation_ids)


@task()
def send_digests(organisation_id: int, now: str) -> int:
    """Enqueue, in batches, the people of one organisation who may get this week's digest; returns how many."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    week = week_of(datetime.fromisoformat(now))
    with scope(organisation=organisation):
        done = Notification.objects.filter(
            kind=DIGEST_KIND, created_at__gte=week.start, dedupe_key__endswith=week.label
        )
        candidates = list(
            Person.objects.filter(is_active=True)
            .filter(Exists(TeamMembership.objects.filter(person=OuterRef("pk"))))
            .exclude(notification_settings__weekly_digest=False)
            .exclude(pk__in=done.values("person_id"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    for batch in batched(candidates, BATCH_SIZE):
        person_ids = list(batch)
        transaction.on_commit(
            lambda person_ids=person_ids: send_digest_batch.enqueue(organisation_id, now, person_ids)
        )
    return len(candidates)


@task()
def send_digest_batch(organisation_id: int, now: str, person_ids: list[int]) -> int:
    """Send this week's digest to each of these people who wants it and has news; returns how many got one."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    moment = datetime.fromisoformat(now)
    with scope(organisation=organisation):
        people = list(Person.objects.filter(pk__in=person_ids, is_active=True).select_related("user", "organisation"))
        wanted = notification_settings_of(people)
        people = [person for person in people if wanted[person.pk].weekly_digest]
        home = reverse("home", kwargs={"org": organisation.slug})
        sent = 0
        for digest in digests_for(people, moment):
            if not digest.has_news:
                continue
            notify(digest.person, DIGEST_KIND, {"digest": digest}, url=home,
                   dedupe_key=digest_key(digest.person, digest.week))
            sent += 1
    return sent


def digests_for(people: list[Person], moment: datetime, *, leave_out: int | None = None) -> list[Digest]:
    """The digests of these people for the week of `moment`, in four queries (in the current scope).

    `leave_out` is a notification not to count as unread (the digest itself, when its e-mail is made).
    """
    week = week_of(moment)
    digests = {person.pk: Digest(person=person, week=week) for person in people}
    if not digests:
        return []
    teams: dict[int, set[int]] = {}
    leads: dict[int, set[int]] = {}
    for person_id, team_id, role in TeamMembership.objects.filter(person_id__in=digests).values_list(
        "person_id", "team_id", "role"
    ):
        teams.setdefault(team_id, set()).add(person_id)
        if role == TeamRole.LEAD:
            leads.setdefault(team_id, set()).add(person_id)
    occurrences = (
        Occurrence.objects.filter(
            rhythm__adoption__team_id__in=teams,
            rhythm__adoption__status=AdoptionStatus.ACTIVE,
            status__in=[OccurrenceStatus.PLANNED, OccurrenceStatus.HELD],
            start__gte=week.start,
            start__lt=week.end,
        )
        .select_related("rhythm__adoption__practice", "rhythm__adoption__team")
        .order_by("start", "pk")
    )
    for occurrence in occurrences:
        for person_id in teams[occurrence.rhythm.adoption.team_id]:
            digests[person_id].occurrences.append(occurrence)
    if leads:
        proposals = (
            Adoption.objects.filter(status=AdoptionStatus.PROPOSED, team_id__in=leads)
            .select_related("practice", "team")
            .order_by("team__name", "created_at")
        )
        for adoption in proposals:
            for person_id in leads[adoption.team_id]:
                digests[person_id].proposals.append(adoption)
    unread = Notification.objects.filter(person_id__in=digests, read_at__isnull=True)
    if leave_out is not None:
        unread = unread.exclude(pk=leave_out)
    # order_by() clears the default ordering, which would otherwise split the groups.
    for person_id, count in unread.order_by().values("person_id").annotate(count=Count("id")).values_list(
        "person_id", "count"
    ):
        digests[person_id].unread = count
    return list(digests.values())


def digest_email_context(notification: Notification) -> dict:
    """The digest e-mail shows the week in full: made afresh from the data when the e-mail is sent."""
    week = week_labelled(notification.dedupe_key.rsplit(":", 1)[-1])
    [digest] = digests_for([notification.person], week.start, leave_out=notification.pk)
    return {"digest": digest, "action_label": gettext("Open Leerritme")}
