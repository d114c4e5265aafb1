"""The demo organisation's growth: a CAO-style rule, budgets for everyone, about 80 offers, requests in every state,
development plans, learning time and paths."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django_scopes import scope

from leerritme.growth.models import (
    BudgetPeriod,
    BudgetRule,
    DevelopmentPlan,
    LearningPath,
    Offer,
    OfferRequest,
    RequestStatus,
    TimeEntry,
)
from leerritme.growth.services.budget import budget_summary
from leerritme.orgs.models import Organisation, Person


@pytest.fixture
def demo(db):
    call_command("demo", "-v0", stdout=StringIO())
    organisation = Organisation.objects.get(slug="demo")
    with scope(organisation=organisation):
        yield organisation


def test_the_demo_has_budgets_offers_requests_plans_and_paths(demo):
    assert BudgetRule.objects.count() == 1
    people = Person.objects.filter(is_active=True).count()
    assert BudgetPeriod.objects.count() == 2 * people
    assert 80 <= Offer.objects.count() <= 90
    states = Counter(OfferRequest.objects.values_list("status", flat=True))
    assert set(states) == set(RequestStatus.values)
    assert DevelopmentPlan.objects.exists() and TimeEntry.objects.exists()
    assert LearningPath.objects.filter(published=True, steps__isnull=False).distinct().count() == 3


def test_no_demo_budget_is_overspent(demo):
    member = Person.objects.get(user__email="medewerker@demo.leerritme.nl")
    assert budget_summary(member).available >= 0
    from django.db.models import Sum

    from leerritme.growth.models import LedgerEntry

    negative = (LedgerEntry.objects.values("period_id").annotate(total=Sum("amount")).filter(total__lt=0))
    assert not negative.exists()


def test_the_demo_teams_have_learning_plans_for_this_year_and_last_year(demo):
    from django.utils import timezone

    from leerritme.growth.models import TeamPlan, TeamPlanSkill
    from leerritme.orgs.models import Team

    year = timezone.localdate().year
    teams = Team.objects.count()
    assert TeamPlan.objects.filter(year=year - 1).count() == teams
    assert 0 < TeamPlan.objects.filter(year=year).count() <= teams
    assert not TeamPlan.objects.filter(focus__isnull=True).exists()
    assert TeamPlanSkill.objects.exclude(why="").exists()
