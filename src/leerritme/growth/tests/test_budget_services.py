"""Budget rules, periods and the append-only ledger: grants pro rata, adjustments, balances at any date."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leerritme.growth.models import BudgetPeriod, BudgetRule, EntryKind, GrowthProfile, LedgerEntry
from leerritme.growth.services.budget import (
    balance_on,
    budget_adjust,
    budget_expire,
    budget_period_open,
    budget_periods_open_for_year,
    budget_rule_save,
    budget_summary,
    money,
)


def test_a_full_timer_gets_the_rule_amount_and_a_part_timer_pro_rata(rule, alice, bob):
    GrowthProfile.objects.create(organisation=bob.organisation, person=bob, fte=Decimal("0.6"))
    year = timezone.localdate().year
    budget_period_open(person=alice, year=year)
    budget_period_open(person=bob, year=year)
    assert budget_summary(alice).granted == Decimal("1500.00")
    assert budget_summary(bob).granted == Decimal("900.00")


def test_opening_a_year_twice_grants_once(rule, alice):
    year = timezone.localdate().year
    first = budget_period_open(person=alice, year=year)
    assert budget_period_open(person=alice, year=year) == first
    assert LedgerEntry.objects.filter(person=alice, kind=EntryKind.GRANT).count() == 1


def test_carry_over_makes_the_grant_usable_until_the_end_of_the_next_year(rule, alice):
    period = budget_period_open(person=alice, year=2024)
    assert period.expires_on == date(2025, 12, 31)


def test_opening_a_year_for_everyone_uses_bulk_queries(rule, alice, bob, carol, dave, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert budget_periods_open_for_year(organisation=rule.organisation, year=2030) == 4
    assert budget_periods_open_for_year(organisation=rule.organisation, year=2030) == 0
    assert LedgerEntry.objects.filter(period__year=2030, kind=EntryKind.GRANT).count() == 4


def test_overlapping_rules_are_refused(rule, in_org):
    with pytest.raises(ValidationError) as error:
        budget_rule_save(organisation=in_org, name="Nieuw", amount="900", valid_from=date(2025, 1, 1),
                         valid_until=None)
    assert "valid_from" in error.value.message_dict
    assert BudgetRule.objects.count() == 1


def test_a_rule_that_ends_before_it_starts_is_refused(in_org):
    with pytest.raises(ValidationError) as error:
        budget_rule_save(organisation=in_org, name="Kort", amount="100", valid_from=date(2026, 6, 1),
                         valid_until=date(2026, 1, 1))
    assert "valid_until" in error.value.message_dict


@pytest.mark.parametrize("value", ["abc", "1e999999", "NaN", "", "12,3.4"])
def test_non_numeric_amounts_get_a_clear_message(value):
    with pytest.raises(ValidationError):
        money(value)


def test_negative_rule_amounts_are_refused(in_org):
    with pytest.raises(ValidationError) as error:
        budget_rule_save(organisation=in_org, name="Min", amount="-5", valid_from=date(2026, 1, 1), valid_until=None)
    assert "amount" in error.value.message_dict


def test_an_adjustment_needs_a_reason_and_cannot_go_below_zero(budgets, alice, carol):
    with pytest.raises(ValidationError):
        budget_adjust(person=alice, amount="100", reason=" ", by=carol)
    with pytest.raises(ValidationError):
        budget_adjust(person=alice, amount="-2000", reason="Te veel", by=carol)
    budget_adjust(person=alice, amount="250,50", reason="Extra voor de BHV-opleiding", by=carol)
    assert budget_summary(alice).available == Decimal("1750.50")


def test_the_ledger_is_append_only(budgets, alice):
    entry = LedgerEntry.objects.filter(person=alice).first()
    entry.amount = Decimal("1")
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()


def test_balance_at_any_date_reads_the_ledger_as_it_was(budgets, alice, carol):
    today = timezone.localdate()
    budget_adjust(person=alice, amount="100", reason="Extra", by=carol)
    yesterday = today - timedelta(days=1)
    assert balance_on(alice, yesterday) == (Decimal("1500.00") if yesterday.year == today.year else Decimal("0"))
    assert balance_on(alice, today) == Decimal("1600.00")


def test_expiry_writes_off_only_what_is_free_once(rule, alice):
    period = budget_period_open(person=alice, year=2020)
    assert period.expires_on == date(2021, 12, 31)
    assert budget_expire(organisation=rule.organisation, on=date(2022, 1, 1)) == 1
    assert budget_expire(organisation=rule.organisation, on=date(2022, 1, 2)) == 0
    expired = LedgerEntry.objects.get(person=alice, kind=EntryKind.EXPIRY)
    assert expired.amount == Decimal("-1500.00")
    assert budget_summary(alice, date(2021, 6, 1)).available == Decimal("1500.00")


def test_a_period_cannot_end_before_it_starts(alice):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetPeriod.objects.create(organisation=alice.organisation, person=alice, year=2026,
                                    starts_on=date(2026, 12, 31), ends_on=date(2026, 1, 1),
                                    expires_on=date(2026, 12, 31))


def test_the_running_totals_always_match_the_ledger(budgets, alice, bob, carol, offer, dear_offer):
    from leerritme.growth.services.budget import budget_periods_mismatched
    from leerritme.growth.services.requests import (
        offer_request_book,
        offer_request_cancel,
        offer_request_create,
        offer_request_decide,
    )

    budget_adjust(person=alice, amount="120.55", reason="Extra", by=carol)
    first = offer_request_create(person=alice, offer=offer, cost=offer.price, hours=1, motivation="m")
    second = offer_request_create(person=alice, offer=dear_offer, cost="900", hours=1, motivation="m")
    offer_request_decide(request=first, by=bob, approve=True)
    offer_request_book(request=first, by=alice)
    offer_request_decide(request=second, by=bob, approve=True)
    offer_request_cancel(request=second, by=alice)
    budget_period_open(person=alice, year=2020)
    budget_expire(organisation=alice.organisation, on=date(2021, 1, 1))
    assert budget_periods_mismatched() == []
    period = BudgetPeriod.objects.get(person=alice, year=timezone.localdate().year)
    assert (period.granted, period.reserved, period.spent) == (Decimal("1620.55"), Decimal("0"), Decimal("650.00"))
    assert period.available == Decimal("970.55")


def test_the_migration_gives_older_periods_their_totals_from_the_ledger(budgets, alice, carol):
    from importlib import import_module

    from django.apps import apps

    budget_adjust(person=alice, amount="10", reason="Extra", by=carol)
    BudgetPeriod.objects.filter(person=alice).update(granted=0)
    import_module("leerritme.growth.migrations.0002_period_running_totals").recount(apps, None)
    assert BudgetPeriod.objects.get(person=alice).granted == Decimal("1510.00")
