"""Scan fixtures: a department (Techniek) with two teams, people in each, and the shipped instruments."""

import pytest
from django.utils import timezone

from conftest import make_person
from leerritme.orgs.models import Team, TeamMembership, TeamRole
from leerritme.scan.models import Instrument
from leerritme.scan.services.instruments import instruments_ensure_shipped
from leerritme.scan.services.runs import run_create
from tests import english

# Messages are read in English here: the people logged in as choose English (see tests/english.py).
alice, bob, carol, dave = english.alice, english.bob, english.carol, english.dave
english_messages = english.english_messages


@pytest.fixture
def shipped(in_org):
    instruments_ensure_shipped(in_org)
    return {i.key: i for i in Instrument.objects.exclude(key="")}


@pytest.fixture
def hierarchy(in_org, team):
    """Techniek (department) > Installatie, Service; plus the root fixture team Onderhoud on its own."""
    department = Team.objects.create(organisation=in_org, name="Techniek")
    installatie = Team.objects.create(organisation=in_org, name="Installatie", parent=department)
    service = Team.objects.create(organisation=in_org, name="Service", parent=department)
    return {"department": department, "installatie": installatie, "service": service, "onderhoud": team}


def add_people(team, count, prefix, lead=False):
    people = []
    for number in range(count):
        person = make_person(team.organisation, f"{prefix}{number}@vonk.test", f"{prefix.title()} {number}")
        TeamMembership.objects.create(organisation=team.organisation, team=team, person=person,
                                      role=TeamRole.LEAD if lead and number == 0 else TeamRole.MEMBER)
        people.append(person)
    return people


@pytest.fixture
def make_run(shipped, carol):
    def make(teams=None, *, key="learning-culture", whole=False, days=14):
        today = timezone.localdate()
        return run_create(instrument=shipped[key], title="Scan", whole_organisation=whole, teams=teams or [],
                          opens_on=today, closes_on=today + timezone.timedelta(days=days), created_by=carol)
    return make


def answers_for(run, value=4, low_dimension=None, low=2):
    """A complete answer set: `value` everywhere, `low` on one dimension (as scored, reverse items flipped)."""
    items = run.instrument.items.select_related("dimension")
    values = run.instrument.values
    answers = {}
    for item in items:
        scored = low if item.dimension.key == low_dimension else value
        answers[str(item.pk)] = min(values) + max(values) - scored if item.reverse_scored else scored
    return answers
