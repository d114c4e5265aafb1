"""Choosing co-authors, speakers and invitees by name or e-mail address, a few at a time."""

import pytest
from django_scopes import scopes_disabled

from conftest import make_person
from leerritme.knowledge.selectors import PICK_LIMIT, people_matching
from leerritme.knowledge.tests import helpers
from leerritme.knowledge.tests.helpers import url

pytestmark = pytest.mark.django_db
english = helpers.english


def test_it_finds_by_words_of_the_name_or_the_start_of_the_address(org, alice, bob, carol, in_org):
    assert people_matching("jans") == [bob]
    assert people_matching("vries alice") == [alice]
    assert people_matching("carol@") == [carol]
    assert people_matching("BAK") == [carol]
    assert people_matching("a") == []  # too short to ask


def test_only_active_colleagues_of_the_same_organisation(org, alice, bob, charlie, in_org):
    bob.is_active = False
    with scopes_disabled():
        bob.save(update_fields=["is_active"])
    assert people_matching("bob") == []
    assert people_matching("charlie") == []


def test_a_large_organisation_gives_a_handful_in_one_query(org, alice, in_org, django_assert_num_queries):
    for number in range(PICK_LIMIT + 5):
        make_person(org, f"jan{number}@vonk.test", f"Jan Smit {number}")
    with django_assert_num_queries(1):
        found = people_matching("smit")
    assert len(found) == PICK_LIMIT


def test_the_suggestions_fragment(org, alice, bob, english):
    client = english(alice)
    response = client.get(url("people_pick", org=org), {"q": "jansen"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and 'data-pick-email="bob@vonk.test"' in page and "<ul" in page
    assert response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]
    empty = client.get(url("people_pick", org=org), {"q": "zzzz"}).content.decode()
    assert "No active colleague matches" in empty and "data-pick-email" not in empty
    assert "data-pick-email" not in client.get(url("people_pick", org=org), {"q": "b"}).content.decode()


def test_names_are_escaped_in_the_suggestions(org, alice, login):
    make_person(org, "x@vonk.test", "<script>alert(1)</script> Xander")
    page = login(alice).get(url("people_pick", org=org), {"q": "xander"}).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_the_forms_carry_the_picker(org, alice, bob, login):
    client = login(alice)
    for name in ("article_create", "session_create"):
        page = client.get(url(name, org=org)).content.decode()
        assert "data-picker-search" in page and "knowledge/picker.js" in page
        assert url("people_pick", org=org) in page
    community = helpers.community(alice)
    page = client.get(url("community", community)).content.decode()
    assert "data-picker-search" in page


def test_charlie_gets_404(org, alice, charlie, login):
    assert login(charlie).get(url("people_pick", org=org), {"q": "alice"}).status_code == 404
