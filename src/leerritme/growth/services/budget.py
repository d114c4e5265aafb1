"""Budget rules, periods and the ledger: every change of money goes through here.

Concurrency: every write that takes money from a person's budget first locks that person's live budget
period rows (`select_for_update`, in primary-key order so two writers never deadlock) inside the
transaction, then reads the balance and writes. Two approvals at the same moment therefore run one
after the other, and the second sees what the first reserved.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.growth.models import (
    ZERO,
    BudgetPeriod,
    BudgetRule,
    EntryKind,
    GrowthProfile,
    LedgerEntry,
    OfferRequest,
    TimeMode,
)
from leerritme.orgs.models import Organisation, Person

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("99999999.99")


def money(value) -> Decimal:
    """A euro amount from user input or arithmetic, rounded to cents; refuses what is not a number."""
    try:
        amount = Decimal(str(value).strip().replace(",", ".")) if not isinstance(value, Decimal) else value
    except Exception:  # decimal.InvalidOperation and friends: one message for every kind of nonsense
        raise ValidationError(_("Enter an amount in euros, such as 250 or 250.50."), code="not_a_number") from None
    if not amount.is_finite():
        raise ValidationError(_("Enter an amount in euros, such as 250 or 250.50."), code="not_a_number")
    if abs(amount) > MAX_AMOUNT:
        raise ValidationError(_("That amount is too large."), code="too_large")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


# --- The one way lines get into the ledger --------------------------------------------------------------------

# Which running total of its period a line changes, and with which sign of its (signed) amount.
TOTAL_OF_KIND = {
    EntryKind.GRANT: ("granted", 1), EntryKind.ADJUSTMENT: ("granted", 1),
    EntryKind.RESERVATION: ("reserved", -1), EntryKind.RELEASE: ("reserved", -1),
    EntryKind.SPENDING: ("spent", -1), EntryKind.EXPIRY: ("expired", -1),
}


def ledger_write(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """Append lines to the ledger and move their periods' running totals with them, in one transaction.

    One UPDATE per period touched (a request touches one or two), with F() so concurrent writers add up.
    """
    if not entries:
        return []
    with transaction.atomic():
        created = LedgerEntry.objects.bulk_create(entries)
        deltas: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for entry in entries:
            field, sign = TOTAL_OF_KIND[entry.kind]
            deltas[entry.period_id][field] += sign * entry.amount
        for period_id, changes in deltas.items():
            BudgetPeriod.objects.filter(pk=period_id).update(**{f: F(f) + v for f, v in changes.items()})
    return created


def budget_periods_recount(periods=None) -> int:
    """Rebuild the running totals from the ledger (after bulk loading, or to repair): two queries and a bulk update."""
    periods = list(periods if periods is not None else BudgetPeriod.objects.all())
    rows = (LedgerEntry.objects.filter(period__in=periods).order_by().values("period_id", "kind")
            .annotate(total=Sum("amount")).values_list("period_id", "kind", "total"))
    totals: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for period_id, kind, total in rows:
        field, sign = TOTAL_OF_KIND[kind]
        totals[period_id][field] += sign * (total or ZERO)
    for period in periods:
        for field in ("granted", "reserved", "spent", "expired"):
            setattr(period, field, totals[period.pk][field].quantize(CENT))
    BudgetPeriod.objects.bulk_update(periods, ["granted", "reserved", "spent", "expired"], batch_size=2000)
    return len(periods)


def budget_periods_mismatched() -> list[int]:
    """Periods whose running totals differ from their ledger (should always be none)."""
    periods = list(BudgetPeriod.objects.all())
    stored = {p.pk: (p.granted, p.reserved, p.spent, p.expired) for p in periods}
    budget_periods_recount(periods)
    fresh = {p.pk: (p.granted, p.reserved, p.spent, p.expired)
             for p in BudgetPeriod.objects.filter(pk__in=list(stored))}
    return sorted(pk for pk in stored if stored[pk] != fresh[pk])


# --- Rules ---------------------------------------------------------------------------------------------------

def rule_on(organisation: Organisation | int, on: date) -> BudgetRule | None:
    organisation_id = getattr(organisation, "pk", organisation)
    return (BudgetRule.objects.filter(organisation_id=organisation_id, valid_from__lte=on)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on)).order_by("-valid_from").first())


@transaction.atomic
def budget_rule_save(*, organisation: Organisation, name: str, amount, valid_from: date, valid_until: date | None,
                     pro_rata: bool = True, carry_over_years: int = 0, approval_threshold=Decimal("1000"),
                     time_mode: str = TimeMode.HOURS, time_hours=Decimal("40"), time_percent=Decimal("2"),
                     rule: BudgetRule | None = None) -> BudgetRule:
    """Create or change a budget rule; its validity may not overlap another rule's."""
    amount, approval_threshold = money(amount), money(approval_threshold)
    errors = {}
    if amount < ZERO:
        errors["amount"] = _("The amount cannot be negative.")
    if approval_threshold < ZERO:
        errors["approval_threshold"] = _("The amount cannot be negative.")
    if valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = _("The end date cannot be before the start date.")
    if not (name or "").strip():
        errors["name"] = _("Give the rule a name.")
    if errors:
        raise ValidationError(errors)
    others = BudgetRule.objects.filter(organisation=organisation).select_for_update()
    if rule is not None:
        others = others.exclude(pk=rule.pk)
    far = date(9999, 12, 31)
    for other in others:
        if other.valid_from <= (valid_until or far) and valid_from <= (other.valid_until or far):
            raise ValidationError({"valid_from": _("This period overlaps the rule “%(name)s” (%(start)s to %(end)s).")
                                   % {"name": other.name, "start": other.valid_from,
                                      "end": other.valid_until or _("open-ended")}})
    rule = rule or BudgetRule(organisation=organisation)
    rule.name, rule.amount, rule.pro_rata = name.strip(), amount, pro_rata
    rule.carry_over_years, rule.approval_threshold = carry_over_years, approval_threshold
    rule.time_mode, rule.time_hours, rule.time_percent = time_mode, time_hours, time_percent
    rule.valid_from, rule.valid_until = valid_from, valid_until
    rule.full_clean(exclude=["organisation"])
    rule.save()
    return rule


# --- Profiles and periods ------------------------------------------------------------------------------------

def profile_of(person: Person) -> GrowthProfile:
    """The person's growth profile, or an unsaved one with the defaults (full-time, 36 hours)."""
    found = GrowthProfile.objects.filter(person=person).first()
    return found or GrowthProfile(organisation_id=person.organisation_id, person=person)


def growth_profile_update(*, person: Person, fte, contract_hours, time_hours_override=None,
                          nudges: bool | None = None) -> GrowthProfile:
    profile = profile_of(person)
    profile.fte, profile.contract_hours, profile.time_hours_override = fte, contract_hours, time_hours_override
    if nudges is not None:
        profile.nudges = nudges
    profile.full_clean(exclude=["organisation", "person"])
    profile.save()
    return profile


def grant_for(rule: BudgetRule, fte: Decimal) -> Decimal:
    amount = rule.amount * fte if rule.pro_rata else rule.amount
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _period_dates(rule: BudgetRule | None, year: int) -> tuple[date, date, date]:
    carry = rule.carry_over_years if rule else 0
    return date(year, 1, 1), date(year, 12, 31), date(year + carry, 12, 31)


@transaction.atomic
def budget_period_open(*, person: Person, year: int, by: Person | None = None) -> BudgetPeriod:
    """The person's budget for the year, granted under the rule valid on 1 January; opened once."""
    existing = BudgetPeriod.objects.filter(person=person, year=year).first()
    if existing is not None:
        return existing
    rule = rule_on(person.organisation_id, date(year, 1, 1))
    starts, ends, expires = _period_dates(rule, year)
    period = BudgetPeriod.objects.create(organisation_id=person.organisation_id, person=person, rule=rule, year=year,
                                         starts_on=starts, ends_on=ends, expires_on=expires)
    if rule is not None:
        amount = grant_for(rule, profile_of(person).fte)
        if amount > ZERO:
            ledger_write([LedgerEntry(organisation_id=person.organisation_id, period=period, person=person,
                                      kind=EntryKind.GRANT, amount=amount, occurred_on=starts,
                                      reason=rule.name, created_by=by)])
            period.refresh_from_db(fields=["granted"])
    return period


@transaction.atomic
def budget_periods_open_for_year(*, organisation: Organisation, year: int, batch_size: int = 2000) -> int:
    """Open the year's budget for every active person who has none yet (a fixed number of queries per batch)."""
    rule = rule_on(organisation, date(year, 1, 1))
    starts, ends, expires = _period_dates(rule, year)
    have = BudgetPeriod.objects.filter(year=year).values("person_id")
    people = list(Person.objects.filter(is_active=True).exclude(pk__in=have).values_list("pk", flat=True))
    if not people:
        return 0
    fte = dict(GrowthProfile.objects.filter(person_id__in=people).values_list("person_id", "fte")) if rule else {}
    # The grant's running total is set with the row: the bulk path writes its grant lines just below.
    periods = BudgetPeriod.objects.bulk_create(
        [BudgetPeriod(organisation=organisation, person_id=pk, rule=rule, year=year, starts_on=starts, ends_on=ends,
                      expires_on=expires, granted=grant_for(rule, fte.get(pk, Decimal("1"))) if rule else ZERO)
         for pk in people], batch_size=batch_size)
    if rule is not None:
        if not all(p.pk for p in periods):  # backends that do not return ids from bulk_create
            periods = list(BudgetPeriod.objects.filter(year=year, person_id__in=people))
        entries = []
        for period in periods:
            amount = period.granted
            if amount > ZERO:
                entries.append(LedgerEntry(organisation=organisation, period=period, person_id=period.person_id,
                                           kind=EntryKind.GRANT, amount=amount, occurred_on=starts, reason=rule.name))
        LedgerEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(periods)


# --- Balances ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BudgetSummary:
    granted: Decimal
    reserved: Decimal
    spent: Decimal
    expired: Decimal
    available: Decimal
    expiring: Decimal  # available now, gone at `expiring_on` unless used
    expiring_on: date | None

    @property
    def used_percent(self) -> int:
        if self.granted <= ZERO:
            return 0
        return min(100, int((self.reserved + self.spent) * 100 / self.granted))


def sums_by_kind(entries) -> dict[str, Decimal]:
    """Signed sums of a ledger queryset per entry kind, in one query."""
    return {kind: total or ZERO for kind, total in
            entries.order_by().values("kind").annotate(total=Sum("amount")).values_list("kind", "total")}


def summary_from(sums: dict[str, Decimal], expiring: Decimal = ZERO, expiring_on: date | None = None) -> BudgetSummary:
    def get(kind):
        return sums.get(kind, ZERO)

    return BudgetSummary(
        granted=get(EntryKind.GRANT) + get(EntryKind.ADJUSTMENT),
        reserved=-(get(EntryKind.RESERVATION) + get(EntryKind.RELEASE)),
        spent=-get(EntryKind.SPENDING),
        expired=-get(EntryKind.EXPIRY),
        available=sum(sums.values(), ZERO),
        expiring=expiring,
        expiring_on=expiring_on,
    )


def live_periods(person: Person, on: date):
    """The person's periods whose budget can still be used on `on`: started, and not yet expired."""
    return BudgetPeriod.objects.filter(person=person, starts_on__lte=on, expires_on__gte=on)


def budget_summary(person: Person, on: date | None = None) -> BudgetSummary:
    """Granted, reserved, spent, expired and available on a date (today by default), over the live periods;
    and how much of it expires first. Two queries."""
    on = on or timezone.localdate()
    periods = list(live_periods(person, on).order_by("expires_on").values_list("pk", "expires_on"))
    if not periods:
        return summary_from({})
    per_period = dict(LedgerEntry.objects.filter(period_id__in=[p for p, _e in periods], occurred_on__lte=on)
                      .order_by().values("period_id").annotate(total=Sum("amount")).values_list("period_id", "total"))
    sums = sums_by_kind(LedgerEntry.objects.filter(period_id__in=[p for p, _e in periods], occurred_on__lte=on))
    first_pk, first_expiry = periods[0]
    return summary_from(sums, expiring=max(per_period.get(first_pk) or ZERO, ZERO), expiring_on=first_expiry)


def balance_on(person: Person, on: date) -> Decimal:
    """What the person had available on a date, from the ledger as it was written up to then."""
    return budget_summary(person, on).available


def _locked_free(person: Person, on: date) -> list[tuple[BudgetPeriod, Decimal]]:
    """Lock the person's live periods and return each with its free balance, soonest-expiring first."""
    periods = list(live_periods(person, on).select_for_update().order_by("pk"))
    periods.sort(key=lambda p: (p.expires_on, p.pk))
    # Read under the lock: the running totals are exactly what the committed ledger says.
    return [(period, period.available) for period in periods]


def available_now(person: Person) -> Decimal:
    return budget_summary(person).available


# --- Writing to the ledger ----------------------------------------------------------------------------------

@transaction.atomic
def budget_adjust(*, person: Person, amount, reason: str, by: Person) -> LedgerEntry:
    """An individual adjustment with its reason, on the current year's budget; it cannot make the balance negative."""
    amount = money(amount)
    if amount == ZERO:
        raise ValidationError({"amount": _("An adjustment cannot be zero.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the budget is adjusted.")})
    today = timezone.localdate()
    period = budget_period_open(person=person, year=today.year, by=by)
    free = {p.pk: f for p, f in _locked_free(person, today)}
    if amount < ZERO and free.get(period.pk, ZERO) + amount < ZERO:
        raise ValidationError({"amount": _("This would take the budget below zero: %(free)s is free this year.")
                               % {"free": free.get(period.pk, ZERO)}})
    [entry] = ledger_write([LedgerEntry(organisation_id=person.organisation_id, period=period, person=person,
                                        kind=EntryKind.ADJUSTMENT, amount=amount, occurred_on=today,
                                        reason=reason.strip()[:300], created_by=by)])
    return entry


def reserve(request: OfferRequest, *, by: Person | None) -> list[LedgerEntry]:
    """Reserve the request's cost, soonest-expiring budget first; refuses (nothing written) when it does not fit.

    Must run inside the caller's transaction: it locks the person's budget periods until the commit.
    """
    cost = request.cost
    if cost <= ZERO:
        return []
    today = timezone.localdate()
    budget_period_open(person=request.person, year=today.year)
    free = _locked_free(request.person, today)
    total = sum((f for _p, f in free), ZERO)
    if cost > total:
        raise ValidationError(_("Not enough budget left: %(cost)s is needed, %(free)s is available.")
                              % {"cost": cost, "free": total}, code="over_budget")
    entries, left = [], cost
    for period, available in free:
        if left <= ZERO:
            break
        take = min(available, left)
        if take <= ZERO:
            continue
        entries.append(LedgerEntry(organisation_id=request.organisation_id, period=period, person=request.person,
                                   kind=EntryKind.RESERVATION, amount=-take, occurred_on=today, request=request,
                                   created_by=by, reason=request.offer.title[:300]))
        left -= take
    return ledger_write(entries)


def _outstanding(request: OfferRequest) -> dict[int, Decimal]:
    """Per period, how much of the request is still reserved."""
    rows = (LedgerEntry.objects.filter(request=request, kind__in=[EntryKind.RESERVATION, EntryKind.RELEASE])
            .order_by().values("period_id").annotate(total=Sum("amount")).values_list("period_id", "total"))
    return {period_id: -total for period_id, total in rows if total and total < ZERO}


def release(request: OfferRequest, *, by: Person | None, then_spend: bool = False) -> list[LedgerEntry]:
    """Release what is still reserved for the request (and, when it is paid, write it as spent instead)."""
    today = timezone.localdate()
    entries = []
    for period_id, amount in _outstanding(request).items():
        common = {"organisation_id": request.organisation_id, "period_id": period_id, "person_id": request.person_id,
                  "occurred_on": today, "request": request, "created_by": by, "reason": request.offer.title[:300]}
        entries.append(LedgerEntry(kind=EntryKind.RELEASE, amount=amount, **common))
        if then_spend:
            entries.append(LedgerEntry(kind=EntryKind.SPENDING, amount=-amount, **common))
    return ledger_write(entries)


@transaction.atomic
def budget_expire(*, organisation: Organisation, on: date | None = None) -> int:
    """Write off the free balance of every period that expired before `on`.

    Idempotent: a period with nothing free left gets nothing written."""
    on = on or timezone.localdate()
    free = F("granted") - F("reserved") - F("spent") - F("expired")
    rows = list(BudgetPeriod.objects.filter(organisation=organisation, expires_on__lt=on).select_for_update()
                .annotate(free=free).filter(free__gte=CENT).values_list("pk", "person_id", "free"))
    LedgerEntry.objects.bulk_create(
        [LedgerEntry(organisation=organisation, period_id=pk, person_id=person_id, kind=EntryKind.EXPIRY,
                     amount=-Decimal(free).quantize(CENT), occurred_on=on) for pk, person_id, free in rows],
        batch_size=2000)
    # One UPDATE for all of them instead of ledger_write's one per period: everything free expires, so the
    # expired total becomes what was granted and not reserved or spent.
    BudgetPeriod.objects.filter(pk__in=[pk for pk, _p, _f in rows]).update(
        expired=F("granted") - F("reserved") - F("spent"))
    return len(rows)
