"""Set-up for the indicator tests: a department with two teams, and rows made at exact moments.

The period used throughout is January to March 2026 by month (three buckets); every figure the tests
expect is worked out by hand from the rows below.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scope

from leerritme.metrics.periods import period_from
from leerritme.metrics.registry import Context, Scope
from leerritme.orgs.models import Team, TeamMembership
from tests import english


def at(*args) -> datetime:
    """An aware moment in the installation's time zone: at(2026, 1, 10, 9) is 10 January 2026 09:00."""
    return timezone.make_aware(datetime(*args))

# Messages are read in English here: the people logged in as choose English (see tests/english.py).
alice, bob, carol, dave = english.alice, english.bob, english.carol, english.dave
english_messages = english.english_messages


@pytest.fixture
def quarter():
    return period_from("custom", first=date(2026, 1, 1), last=date(2026, 3, 31))


@pytest.fixture
def department(org, team):
    with scope(organisation=org):
        found = Team.objects.create(organisation=org, name="Techniek")
        team.parent = found
        team.save(update_fields=["parent"])
    return found


@pytest.fixture
def sales(org):
    with scope(organisation=org):
        return Team.objects.create(organisation=org, name="Verkoop")


@pytest.fixture
def erik(org, sales):
    from conftest import make_person

    person = make_person(org, "erik@vonk.test", "Erik Mulder")
    with scope(organisation=org):
        TeamMembership.objects.create(organisation=org, team=sales, person=person)
    return person


def org_scope(org) -> Scope:
    return Scope(kind="organisation", name=org.name)


def team_scope(*teams) -> Scope:
    return Scope(kind="team", name=teams[0].name, uuid=str(teams[0].uuid), team_ids=frozenset(t.pk for t in teams))


def compute(slug: str, org, scope_, period):
    """The indicator's values and totals, or None when it is absent."""
    from leerritme.metrics.registry import get_indicator

    indicator = get_indicator(slug)
    with scope(organisation=org):
        ctx = Context(organisation=org, scope=scope_, period=period)
        if not indicator.available(ctx):
            return None
        return indicator.compute(ctx)


def event(person, kind, when, *, minutes=None, obj_id="", team=None):
    """A learning event with a given object id, stored as the learning service stores it: with the listeners
    (the indicators' roll-up among them) in the same transaction."""
    from django.db import transaction

    from leerritme.learning import listeners
    from leerritme.learning.models import LearningEvent

    with scope(organisation=person.organisation), transaction.atomic():
        found = LearningEvent.objects.create(organisation=person.organisation, person=person, kind=kind,
                                             title=kind, occurred_at=when, minutes=minutes, object_id=obj_id,
                                             team=team)
        listeners.recorded([found])
    return found


def budget(person, *amounts_on):
    """A budget rule and period for the person, and spending lines (amount, date)."""
    from leerritme.growth.models import BudgetPeriod, BudgetRule, EntryKind, LedgerEntry

    org = person.organisation
    with scope(organisation=org):
        rule = BudgetRule.objects.filter(organisation=org).first() or BudgetRule.objects.create(
            organisation=org, name="Opleidingsbudget", amount=Decimal("1000"), valid_from=date(2026, 1, 1))
        period = BudgetPeriod.objects.create(organisation=org, person=person, rule=rule, year=2026,
                                             starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
                                             expires_on=date(2027, 12, 31))
        LedgerEntry.objects.create(organisation=org, period=period, person=person, kind=EntryKind.GRANT,
                                   amount=Decimal("1000"), occurred_on=date(2026, 1, 1))
        for amount, day in amounts_on:
            LedgerEntry.objects.create(organisation=org, period=period, person=person, kind=EntryKind.RESERVATION,
                                       amount=-Decimal(amount), occurred_on=day)
            LedgerEntry.objects.create(organisation=org, period=period, person=person, kind=EntryKind.SPENDING,
                                       amount=-Decimal(amount), occurred_on=day)
    return rule


def occurrences(team, *starts_statuses):
    from leerritme.practices.tests.scheduling import make_adoption, make_occurrence, make_practice, make_rhythm

    with scope(organisation=team.organisation):
        from leerritme.practices.models import Practice

        practice = Practice.objects.filter(key="check-out").first() or make_practice(team.organisation)
    rhythm = make_rhythm(make_adoption(team, practice), starts_at=starts_statuses[0][0])
    return [make_occurrence(rhythm, start, status=status) for start, status in starts_statuses]


def article(owner, published_at, *, status="published"):
    from leerritme.knowledge.models import Article

    with scope(organisation=owner.organisation):
        return Article.objects.create(organisation=owner.organisation, title="Offertes", body="Tekst", owner=owner,
                                      status=status, published_at=published_at if status == "published" else None)


def feedback(article_, person, when):
    from leerritme.knowledge.models import ArticleFeedback

    with scope(organisation=person.organisation):
        return ArticleFeedback.objects.create(organisation=person.organisation, article=article_, person=person,
                                              helpful=True, created_at=when)


def knowledge_session(speaker, starts_at, *, status="held", attendees=(), no_shows=(), series_team=None):
    from leerritme.knowledge.models import KnowledgeSession, SessionSeries, SessionSignup

    org = speaker.organisation if speaker else series_team.organisation
    with scope(organisation=org):
        series = SessionSeries.objects.create(organisation=org, title="Lunch", team=series_team) \
            if series_team else None
        found = KnowledgeSession.objects.create(organisation=org, title="Warmtepompen", speaker=speaker,
                                                series=series, starts_at=starts_at,
                                                ends_at=starts_at + timedelta(minutes=45), status=status)
        for person in attendees:
            SessionSignup.objects.create(organisation=org, session=found, person=person, attended=True)
        for person in no_shows:
            SessionSignup.objects.create(organisation=org, session=found, person=person, attended=False)
    return found


def coaching(learner, coach, *meeting_days):
    from leerritme.matching.models import CoachingMeeting, CoachingRequest, Match, MatchStatus

    org = learner.organisation
    with scope(organisation=org):
        request = CoachingRequest.objects.create(organisation=org, person=learner, goal="Beter presenteren")
        match = Match.objects.create(organisation=org, request=request, learner=learner, coach=coach,
                                     status=MatchStatus.ACTIVE)
        for day in meeting_days:
            CoachingMeeting.objects.create(organisation=org, match=match, held_on=day, notes="Geoefend")
    return match


def duo_round(starts_at, ends_on, *pairs, kind="duos"):
    from leerritme.matching.models import Group, GroupMember, Programme, Round

    org = pairs[0][0].organisation
    with scope(organisation=org):
        programme = Programme.objects.filter(kind=kind).first() or Programme.objects.create(
            organisation=org, kind=kind, name="Duo's")
        number = Round.objects.filter(programme=programme).count() + 1
        found = Round.objects.create(organisation=org, programme=programme, number=number, starts_at=starts_at,
                                     ends_on=ends_on)
        for pair in pairs:
            group = Group.objects.create(organisation=org, round=found)
            for person in pair:
                GroupMember.objects.create(organisation=org, group=group, person=person)
    return found


def reflection_session(team, facilitator, closed_at, *scores):
    from leerritme.reflection.models import CheckOutResponse, Phase, ReflectionSession

    org = team.organisation
    with scope(organisation=org):
        session = ReflectionSession.objects.create(organisation=org, team=team, facilitator=facilitator,
                                                   phase=Phase.CLOSED, closed_at=closed_at)
        for quality, dynamics in scores:
            CheckOutResponse.objects.create(organisation=org, session=session, quality=quality, dynamics=dynamics)
    return session


def action(team, created_at, *, closed_at=None, status="open"):
    from leerritme.reflection.models import Action

    with scope(organisation=team.organisation):
        return Action.objects.create(organisation=team.organisation, team=team, text="Checklist maken",
                                     status=status, created_at=created_at, closed_at=closed_at)
