"""Loop fixtures: an experiment of alice's in her team, a second team, and helpers that write through services."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from leerritme.loop.services.experiments import ExperimentInput, experiment_create
from leerritme.loop.services.lessons import LessonInput, lesson_create


def experiment_values(**overrides) -> ExperimentInput:
    today = timezone.localdate()
    values = {"title": "Stand-up met één verrassing", "if_we": "elke stand-up één verrassing van gisteren noemen",
              "then": "lossen we storingen sneller op", "we_will_see": "de hersteltijd",
              "starts_on": today, "ends_on": today + timedelta(days=28)}
    values.update(overrides)
    return ExperimentInput(**values)


def lesson_values(**overrides) -> LessonInput:
    values = {"title": "Druk niet nagemeten", "what_happened": "We leverden op zonder drukcontrole.",
              "what_we_expected": "Dat de druk stabiel bleef.", "what_we_learned": "Een lek zie je pas na een dag.",
              "do_differently": "Controle de dag na oplevering."}
    values.update(overrides)
    return LessonInput(**values)


@pytest.fixture
def experiment(in_org, team, alice):
    return experiment_create(team=team, by=alice, values=experiment_values())


@pytest.fixture
def other_team(org):
    from leerritme.orgs.models import Team

    with scopes_disabled():
        return Team.objects.create(organisation=org, name="Projecten")


@pytest.fixture
def erin(org, other_team):
    """A member of the other team only."""
    from conftest import make_person
    from leerritme.orgs.models import TeamMembership

    person = make_person(org, "erin@vonk.test", "Erin Smit")
    with scopes_disabled():
        TeamMembership.objects.create(organisation=org, team=other_team, person=person)
    return person


@pytest.fixture
def make_lesson(in_org, team):
    def make(author, **overrides):
        overrides.setdefault("team", team)
        return lesson_create(author=author, values=lesson_values(**overrides))

    return make
