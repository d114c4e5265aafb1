"""A person in several organisations switches between them; "/" takes them back to the last one used."""

from leerritme.orgs.models import Role
from leerritme.orgs.services import membership_add


def test_it_lists_every_organisation_in_the_switcher(alice, other_org, login):
    membership_add(organisation=other_org, user=alice.user, role=Role.MEMBER)

    html = login(alice).get("/o/vonk/").content.decode()

    assert 'href="/o/vonk/"' in html and 'href="/o/anders/"' in html
    assert 'aria-current="true"' in html


def test_it_takes_the_person_back_to_the_organisation_they_used_last(alice, other_org, login):
    membership_add(organisation=other_org, user=alice.user, role=Role.MEMBER)
    client = login(alice)

    assert client.get("/o/anders/").status_code == 200
    assert client.get("/")["Location"] == "/o/anders/"

    client.get("/o/vonk/")
    assert client.get("/")["Location"] == "/o/vonk/"


def test_it_falls_back_to_the_first_organisation_when_the_last_one_is_gone(alice, other_org, login):
    alice.user.last_organisation_slug = "no-longer-there"
    alice.user.save(update_fields=["last_organisation_slug"])

    assert login(alice).get("/")["Location"] == "/o/vonk/"


def test_it_does_not_let_the_switcher_open_an_organisation_one_is_not_in(alice, other_org, login):
    assert login(alice).get("/o/anders/").status_code == 404
