"""Who knows what: colleagues by skill, with level, can-teach, what they shared and why they appear."""

from datetime import timedelta

import pytest
from django_scopes import scope

from conftest import make_person
from leerritme.knowledge.models import SessionStatus
from leerritme.knowledge.services.questions import answer_add
from leerritme.knowledge.tests import helpers
from leerritme.knowledge.tests.helpers import article, url

pytestmark = pytest.mark.django_db
english = helpers.english


def test_teachers_come_first_with_a_reason(org, alice, bob, carol, english):
    offertes = helpers.skill(org, "Offertes maken")
    helpers.give_skill(bob, offertes, level=4, can_teach=True)
    helpers.give_skill(carol, offertes, level=3, can_teach=False)
    helpers.give_skill(alice, offertes, level=1, can_teach=False)  # a beginner is not listed
    article(bob, skills=[offertes])
    asked = helpers.question(alice, skills=[offertes])
    with scope(organisation=org):
        answer_add(question=asked, author=bob, body="Zo.")
    given = helpers.session(bob, speaker=bob)
    with scope(organisation=org):
        given.skills.add(offertes, through_defaults={"organisation": org})
        given.status = SessionStatus.HELD
        given.starts_at -= timedelta(days=10)
        given.ends_at = given.starts_at + timedelta(hours=1)
        given.save()
    page = english(alice).get(url("experts", org=org) + f"?skill={offertes.uuid}").content.decode()
    assert page.index("Bob Jansen") < page.index("Carol Bakker")
    assert "Alice de Vries" not in page.split('id="experts"')[1]
    bob_card = page[page.index("Bob Jansen"):page.index("Carol Bakker")]
    assert "can teach Offertes maken (expert)" in bob_card
    assert "wrote 1 article about it" in bob_card
    assert "answered 1 question" in bob_card
    assert "gave 1 session" in bob_card


def test_typing_part_of_a_skill_finds_its_people(org, alice, bob, login):
    helpers.give_skill(bob, helpers.skill(org, "Warmtepompen installeren"))
    response = login(alice).get(url("experts", org=org) + "?q=warmtepomp", HTTP_HX_REQUEST="true")
    assert b"Bob Jansen" in response.content and b"<html" not in response.content


def test_charlie_gets_404(org, charlie, login):
    assert login(charlie).get(url("experts", org=org)).status_code == 404


def test_constant_queries_with_many_experts(org, alice, login, django_assert_max_num_queries):
    offertes = helpers.skill(org)
    people = [make_person(org, f"e{i}@vonk.test", f"Expert {i}") for i in range(25)]
    for person in people[:3]:
        helpers.give_skill(person, offertes)
    client = login(alice)
    with django_assert_max_num_queries(14) as few:
        client.get(url("experts", org=org) + f"?skill={offertes.uuid}")
    for person in people[3:]:
        helpers.give_skill(person, offertes)
        article(person, skills=[offertes], title=f"Over offertes {person.pk}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("experts", org=org) + f"?skill={offertes.uuid}")
    assert response.content.count(b"Expert ") >= 20
