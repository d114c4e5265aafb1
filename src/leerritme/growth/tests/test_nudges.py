"""Nudges for unused budget: at 6 and 9 months and before expiry, at most one a month, with fitting new offers,
switchable off by the person (on the budget page or in their notification preferences)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scope

from leerritme.growth.due import nudge_milestone, nudge_people, nudges_due, pending_nudges
from leerritme.growth.models import GrowthProfile, Offer
from leerritme.growth.services.budget import budget_period_open
from leerritme.growth.services.requests import offer_request_create, offer_request_decide
from leerritme.notifications.models import Notification, NotificationPreference
from leerritme.people.models import PersonSkill, Skill


@pytest.fixture
def year(rule, alice, bob):
    budget_period_open(person=alice, year=2026)
    budget_period_open(person=bob, year=2026)
    return 2026


@pytest.mark.parametrize(("today", "expires", "expected"), [
    (date(2026, 3, 1), date(2026, 12, 31), ""),
    (date(2026, 7, 2), date(2026, 12, 31), "2026-m6"),
    (date(2026, 10, 5), date(2026, 12, 31), "2026-m9"),
    (date(2026, 11, 15), date(2026, 12, 31), "expiry-2026-12-31"),
    (date(2026, 3, 1), date(2026, 4, 15), "expiry-2026-04-15"),
])
def test_the_milestones(today, expires, expected):
    assert nudge_milestone(today, expires) == expected


def test_nobody_is_nudged_in_spring_with_a_budget_that_expires_at_year_end(year, in_org):
    assert pending_nudges(date(2026, 3, 1)) == []


def test_people_with_unused_budget_are_nudged_at_six_months(year, alice, bob):
    assert pending_nudges(date(2026, 7, 2)) == [(alice.pk, "2026-m6"), (bob.pk, "2026-m6")]


def test_who_used_budget_this_year_gets_no_six_month_nudge(year, alice, bob, offer):
    request = offer_request_create(person=alice, offer=offer, cost=offer.price, hours=1, motivation="m")
    offer_request_decide(request=request, by=bob, approve=True)
    today = timezone.localdate()
    due = dict(pending_nudges(date(2026, 7, 2) if today < date(2026, 7, 2) else today))
    assert alice.pk not in due or due[alice.pk].startswith("expiry")


def test_a_nudge_is_sent_once_per_milestone_and_at_most_once_a_month(year, alice, bob):
    assert nudge_people([(alice.pk, "2026-m6")], date(2026, 7, 2)) == 1
    assert nudge_people([(alice.pk, "2026-m6")], date(2026, 7, 3)) == 0
    assert Notification.objects.filter(person=alice, kind="growth.nudge").count() == 1
    GrowthProfile.objects.filter(person=alice).update(last_nudged_at=timezone.make_aware(datetime(2026, 9, 20)))
    assert alice.pk not in dict(pending_nudges(date(2026, 10, 2)))


def test_a_nudge_names_new_offers_that_fit(year, alice, in_org):
    skill = Skill.objects.create(organisation=in_org, name="Warmtepompen")
    PersonSkill.objects.create(organisation=in_org, person=alice, skill=skill, wants_to_learn=True)
    fitting = Offer.objects.create(organisation=in_org, title="Warmtepomp voor gevorderden", price=Decimal("300"))
    fitting.skills.add(skill)
    Offer.objects.create(organisation=in_org, title="Excel", price=Decimal("100"))
    nudge_people([(alice.pk, "2026-m6")], timezone.localdate())
    nudge = Notification.objects.get(person=alice, kind="growth.nudge")
    assert "Warmtepomp voor gevorderden" in nudge.body and "Excel" not in nudge.body


def test_switched_off_on_the_budget_page_or_in_the_preferences_means_no_nudges(year, alice, bob, login):
    login(alice).post("/o/vonk/growth/budget/reminders/", {})
    assert GrowthProfile.objects.get(person=alice).nudges is False
    NotificationPreference.objects.create(organisation=bob.organisation, person=bob, kind="growth.nudge", email=False)
    assert pending_nudges(date(2026, 7, 2)) == []


def test_the_due_work_enqueues_per_organisation(year, alice, django_capture_on_commit_callbacks):
    moment = timezone.make_aware(datetime(2026, 7, 2, 9))
    with django_capture_on_commit_callbacks(execute=True):
        assert nudges_due(moment) == 1
    with scope(organisation=alice.organisation):
        assert Notification.objects.filter(person=alice, kind="growth.nudge").count() == 1


def test_before_july_the_due_work_only_looks_for_expiring_carry_over(year, alice):
    assert nudges_due(timezone.make_aware(datetime(2026, 3, 1, 9))) == 0

