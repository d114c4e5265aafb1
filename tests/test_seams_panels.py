"""The panel seam: parts register panels; the home page (and a page a panel names, such as the team page) shows,
in order, those with something to show."""

import pytest
from django.test import RequestFactory

from leerritme.lib import panels
from leerritme.lib.panels import TEAM, HomePanel, panels_for, register_panel, registered_panels


@pytest.fixture
def only_test_panels(monkeypatch):
    monkeypatch.setattr(panels, "_panels", {})


@pytest.fixture
def request_():
    return RequestFactory().get("/")


def test_it_orders_panels_by_order_then_name(only_test_panels):
    register_panel(HomePanel("b.second", "b.html", lambda r: {}, order=20))
    register_panel(HomePanel("z.first", "z.html", lambda r: {}, order=10))
    register_panel(HomePanel("a.second", "a.html", lambda r: {}, order=20))

    assert [p.name for p in registered_panels()] == ["z.first", "a.second", "b.second"]


def test_it_hides_panels_with_nothing_to_show(only_test_panels, request_):
    register_panel(HomePanel("shown", "s.html", lambda r: {"count": 3}))
    register_panel(HomePanel("empty", "e.html", lambda r: None))

    shown = panels_for(request_)

    assert [(panel.name, context) for panel, context in shown] == [("shown", {"count": 3})]


def test_an_empty_dict_is_still_shown(only_test_panels, request_):
    # Only None hides a panel: a panel whose template needs no data returns {}.
    register_panel(HomePanel("static", "s.html", lambda r: {}))

    assert [panel.name for panel, _ in panels_for(request_)] == ["static"]


def test_each_panel_gets_the_request(only_test_panels, request_):
    seen = []
    register_panel(HomePanel("spy", "s.html", lambda r: seen.append(r) or None))

    panels_for(request_)

    assert seen == [request_]


def test_registering_a_name_again_replaces_the_panel(only_test_panels):
    register_panel(HomePanel("one", "old.html", lambda r: {}))
    register_panel(HomePanel("one", "new.html", lambda r: {}))

    assert [p.template for p in registered_panels()] == ["new.html"]


def test_a_panel_for_another_page_gets_its_subject_and_stays_off_the_home_page(only_test_panels, request_):
    seen = []
    register_panel(HomePanel("home.one", "h.html", lambda r: {}))
    register_panel(HomePanel("team.one", "t.html", lambda r, *, team: seen.append(team) or {"team": team},
                             page=TEAM))
    register_panel(HomePanel("team.hidden", "t2.html", lambda r, *, team: None, page=TEAM))

    assert [panel.name for panel, _ in panels_for(request_)] == ["home.one"]
    assert [(panel.name, context) for panel, context in panels_for(request_, TEAM, team="onderhoud")] == [
        ("team.one", {"team": "onderhoud"})]
    assert seen == ["onderhoud"]
    assert [p.name for p in registered_panels(TEAM)] == ["team.hidden", "team.one"]
    assert [p.name for p in registered_panels(None)] == ["home.one", "team.hidden", "team.one"]


def test_the_real_panels_have_templates_that_exist():
    from django.template.loader import get_template

    assert registered_panels(TEAM)
    for panel in registered_panels(None):
        get_template(panel.template)
