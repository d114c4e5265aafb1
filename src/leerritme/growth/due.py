"""This part's time-based work, through the scheduler seam: transfer reminders, budget nudges, expiry and the
opening of each year's budgets.

`run(now)` only finds the organisations with something due and enqueues one task each (on commit); the
tasks are idempotent: reminders and nudges carry a dedupe key, expiry writes off only what is still free,
and a year's budget is opened once per person.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Min, Sum
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from leerritme.growth.models import (
    BudgetPeriod,
    BudgetRule,
    EntryKind,
    GrowthProfile,
    LedgerEntry,
    OfferRequest,
    RequestStatus,
)
from leerritme.growth.selectors import FREE
from leerritme.notifications.models import Notification, NotificationPreference
from leerritme.notifications.services import notify
from leerritme.orgs.models import Organisation, Person
from leerritme.scheduler.registry import DueWork, register_due_work

NUDGE_KIND = "growth.nudge"
NUDGE_GAP = timedelta(days=30)
BEFORE_EXPIRY = timedelta(days=60)
NEW_OFFERS = timedelta(days=90)


def _today(now: datetime) -> date:
    return timezone.localtime(now).date()


# --- Transfer reminders -------------------------------------------------------------------------------------

def transfer_reminders_due(now: datetime) -> int:
    today = _today(now)
    with scopes_disabled():
        ids = sorted(set(OfferRequest.objects.filter(
            status=RequestStatus.COMPLETED, transfer_reminder_on__lte=today, transfer_reminded_at__isnull=True,
        ).values_list("organisation_id", flat=True)))
    for organisation_id in ids:
        transaction.on_commit(lambda pk=organisation_id: send_transfer_reminders.enqueue(pk, today.isoformat()))
    return len(ids)


@task()
def send_transfer_reminders(organisation_id: int, today: str) -> int:
    from leerritme.growth.services.requests import transfer_remind

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    sent = 0
    with scope(organisation=organisation):
        due = (OfferRequest.objects.filter(status=RequestStatus.COMPLETED, transfer_reminded_at__isnull=True,
                                           transfer_reminder_on__lte=date.fromisoformat(today))
               .select_related("person__user", "person__organisation", "offer"))
        for request in due:
            sent += transfer_remind(request)
    return sent


# --- Nudges for unused budget ----------------------------------------------------------------------------

def nudge_milestone(today: date, expires_on: date) -> str:
    """Which reminder is due today for a budget of this year: before expiry, 9 months, 6 months, or none."""
    if expires_on - BEFORE_EXPIRY <= today <= expires_on:
        return f"expiry-{expires_on.isoformat()}"
    if today >= date(today.year, 10, 1):
        return f"{today.year}-m9"
    if today >= date(today.year, 7, 1):
        return f"{today.year}-m6"
    return ""


def nudges_due(now: datetime) -> int:
    today = _today(now)
    if not nudge_milestone(today, date(today.year, 12, 31)) and today.month < 7:
        # Before July only an expiring carry-over can be due; look for one.
        with scopes_disabled():
            if not BudgetPeriod.objects.filter(expires_on__gte=today, expires_on__lte=today + BEFORE_EXPIRY).exists():
                return 0
    with scopes_disabled():
        ids = sorted(set(BudgetPeriod.objects.filter(starts_on__lte=today, expires_on__gte=today)
                         .values_list("organisation_id", flat=True)))
    for organisation_id in ids:
        transaction.on_commit(lambda pk=organisation_id: send_nudges.enqueue(pk, today.isoformat()))
    return len(ids)


def pending_nudges(today: date) -> list[tuple[int, str]]:
    """(person id, milestone) for everyone in the current scope due a nudge today; a fixed number of queries."""
    live = BudgetPeriod.objects.filter(starts_on__lte=today, expires_on__gte=today, person__is_active=True)
    rows = (live.order_by().values("person_id").annotate(free=Sum(FREE), first=Min("expires_on"))
            .filter(free__gte=Decimal("0.01")).values_list("person_id", "first"))
    first_expiry = dict(rows)
    free = list(first_expiry)
    if not free:
        return []
    # "Unused": nothing reserved or spent this year yet (from whichever period it was taken).
    used = set(LedgerEntry.objects.filter(kind__in=[EntryKind.RESERVATION, EntryKind.SPENDING],
                                          occurred_on__gte=date(today.year, 1, 1), occurred_on__lte=today,
                                          person_id__in=free).values_list("person_id", flat=True).distinct())
    off = set(GrowthProfile.objects.filter(person_id__in=list(free), nudges=False).values_list("person_id", flat=True))
    off |= set(NotificationPreference.objects.filter(kind=NUDGE_KIND, email=False, person_id__in=list(free))
               .values_list("person_id", flat=True))
    recent = set(GrowthProfile.objects.filter(person_id__in=list(free),
                                              last_nudged_at__gte=_aware(today) - NUDGE_GAP)
                 .values_list("person_id", flat=True))
    due = []
    for person_id in free:
        if person_id in off or person_id in recent:
            continue
        expires_on = first_expiry.get(person_id)
        milestone = nudge_milestone(today, expires_on) if expires_on else ""
        if milestone.startswith("expiry") or (milestone and person_id not in used):
            due.append((person_id, milestone))
    return sorted(due)


def _aware(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@task()
def send_nudges(organisation_id: int, today: str) -> int:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    day = date.fromisoformat(today)
    with scope(organisation=organisation):
        return nudge_people(pending_nudges(day), day)


def nudge_people(due: list[tuple[int, str]], today: date) -> int:
    from leerritme.growth.selectors import recommendations
    from leerritme.growth.services.budget import budget_summary

    people = {p.pk: p for p in Person.objects.filter(pk__in=[pk for pk, _m in due], is_active=True)
              .select_related("user", "organisation")}
    already = set(Notification.objects.filter(person_id__in=list(people), kind=NUDGE_KIND)
                  .values_list("person_id", "dedupe_key"))
    sent = 0
    for person_id, milestone in due:
        person = people.get(person_id)
        if person is None or (person_id, f"growth.nudge:{milestone}") in already:
            continue
        summary = budget_summary(person, today)
        offers = recommendations(person, limit=3, since=_aware(today) - NEW_OFFERS, max_price=summary.available)
        expiring = summary.expiring if milestone.startswith("expiry") else None
        url = reverse("growth:budget", kwargs={"org": person.organisation.slug})
        notification = notify(person, NUDGE_KIND,
                              {"available": summary.available, "expiring": expiring,
                               "expiring_on": summary.expiring_on, "offers": offers},
                              url=url, dedupe_key=f"growth.nudge:{milestone}")
        if notification is not None:
            profile, _created = GrowthProfile.objects.get_or_create(
                person=person, defaults={"organisation_id": person.organisation_id})
            profile.last_nudged_at = timezone.now()
            profile.save(update_fields=["last_nudged_at"])
            sent += 1
    return sent


# --- Expiry and the yearly opening ----------------------------------------------------------------------------

def budgets_due(now: datetime) -> int:
    """Daily: write off expired budget, and open this year's budget for people who have none yet."""
    today = _today(now)
    with scopes_disabled():
        ids = sorted(set(BudgetRule.objects.values_list("organisation_id", flat=True)))
    for organisation_id in ids:
        transaction.on_commit(lambda pk=organisation_id: keep_budgets.enqueue(pk, today.isoformat()))
    return len(ids)


@task()
def keep_budgets(organisation_id: int, today: str) -> dict:
    from leerritme.growth.services.budget import budget_expire, budget_periods_open_for_year

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return {}
    day = date.fromisoformat(today)
    with scope(organisation=organisation):
        return {"expired": budget_expire(organisation=organisation, on=day),
                "opened": budget_periods_open_for_year(organisation=organisation, year=day.year)}


register_due_work(DueWork("growth.transfer_reminders", timedelta(hours=1), transfer_reminders_due))
register_due_work(DueWork("growth.nudges", timedelta(days=1), nudges_due))
register_due_work(DueWork("growth.budgets", timedelta(days=1), budgets_due))
