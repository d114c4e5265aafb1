"""The demo-data seam: parts register; `registered_demo_parts()` orders them by `after`."""

import pytest

from leerritme.lib import demo
from leerritme.lib.demo import SIZES, DemoDataPart, register_demo_part, registered_demo_parts


@pytest.fixture
def only_test_parts(monkeypatch):
    monkeypatch.setattr(demo, "_parts", {})


def names():
    return [part.name for part in registered_demo_parts()]


def noop(context):
    return None


def test_it_keeps_registration_order_without_dependencies(only_test_parts):
    for name in ("a", "b", "c"):
        register_demo_part(DemoDataPart(name, noop))

    assert names() == ["a", "b", "c"]


def test_a_part_runs_after_the_parts_it_names(only_test_parts):
    register_demo_part(DemoDataPart("reflection.meetings", noop, after=("people.people", "orgs.teams")))
    register_demo_part(DemoDataPart("people.people", noop, after=("orgs.teams",)))
    register_demo_part(DemoDataPart("orgs.teams", noop))

    assert names() == ["orgs.teams", "people.people", "reflection.meetings"]


def test_unknown_dependencies_are_ignored(only_test_parts):
    register_demo_part(DemoDataPart("late", noop, after=("not.installed",)))

    assert names() == ["late"]


def test_a_cycle_does_not_hang_and_places_each_part_once(only_test_parts):
    register_demo_part(DemoDataPart("x", noop, after=("y",)))
    register_demo_part(DemoDataPart("y", noop, after=("x",)))

    assert sorted(names()) == ["x", "y"]


def test_the_real_parts_respect_their_dependencies():
    order = names()
    for index, part in enumerate(registered_demo_parts()):
        for dependency in part.after:
            if dependency in order:
                assert order.index(dependency) < index, f"{part.name} runs before {dependency}"


def test_the_sizes_are_the_documented_ones():
    assert SIZES == {"small": 120, "medium": 2_000, "large": 20_000}
