"""Demo data: a year of statements from the fictional outside tool, linked to the demo people by e-mail."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from conftest import make_person
from leerritme.lib.demo import DemoContext
from leerritme.people.demo import demo_logins
from leerritme.xapi import selectors
from leerritme.xapi.demo import TOOL, add_outside_learning
from leerritme.xapi.models import Client, Statement

pytestmark = pytest.mark.django_db


def test_demo_people_get_a_year_of_outside_learning(org):
    _login, email = demo_logins(org)[0]
    person = make_person(org, email, "Demo Persoon")
    now = timezone.now()
    context = DemoContext(organisation=org, size="small", people=1, rng=random.Random(3), now=now, log=lambda _: None)
    with scope(organisation=org):
        add_outside_learning(context)
        found = selectors.outside_learning_for(person)
        assert found and all(item["tool"] == TOOL for item in found)
        assert min(item["timestamp"] for item in found) > now - timedelta(days=366)
        assert Client.objects.get().name == TOOL
        count = Statement.objects.count()
        # A second run (a database made before this part existed) reuses the client.
        add_outside_learning(context)
        assert Client.objects.count() == 1 and Statement.objects.count() > count
