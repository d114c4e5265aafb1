"""Growth fixtures: a CAO-style budget rule, budgets for alice, bob and carol, an offer and a POP goal."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from leerritme.growth.models import DevelopmentPlan, Offer, OfferKind, PlanGoal
from leerritme.growth.services.budget import budget_period_open, budget_rule_save


@pytest.fixture
def rule(in_org):
    return budget_rule_save(organisation=in_org, name="CAO Metaal", amount=Decimal("1500.00"),
                            valid_from=date(2020, 1, 1), valid_until=None, carry_over_years=1,
                            approval_threshold=Decimal("1000.00"))


@pytest.fixture
def budgets(rule, alice, bob, carol):
    year = timezone.localdate().year
    return {p.pk: budget_period_open(person=p, year=year) for p in (alice, bob, carol)}


@pytest.fixture
def offer(in_org):
    return Offer.objects.create(organisation=in_org, title="Warmtepompen in de praktijk", provider="ISSO",
                                price=Decimal("650.00"), hours=Decimal("16"), kind=OfferKind.COURSE)


@pytest.fixture
def dear_offer(in_org):
    return Offer.objects.create(organisation=in_org, title="Leergang projectleiding", provider="NCOI",
                                price=Decimal("1200.00"), hours=Decimal("40"))


@pytest.fixture
def goal(alice):
    plan = DevelopmentPlan.objects.create(organisation=alice.organisation, person=alice,
                                          year=timezone.localdate().year)
    return PlanGoal.objects.create(organisation=alice.organisation, plan=plan,
                                   title="Zelfstandig warmtepompen inregelen",
                                   why="Klanten vragen er steeds vaker om")
