"""The home-panel seam: parts register panels; the home page shows, in order, those with something to show."""

import pytest
from django.test import RequestFactory

from leerritme.lib import panels
from leerritme.lib.panels import HomePanel, panels_for, register_panel, registered_panels


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


def test_the_real_panels_have_templates_that_exist():
    from django.template.loader import get_template

    for panel in registered_panels():
        get_template(panel.template)
