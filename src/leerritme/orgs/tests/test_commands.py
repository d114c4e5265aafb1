"""The operator's `leerritme createorg` and `leerritme createuser`."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from leerritme.accounts.models import User
from leerritme.orgs.models import Organisation, Person, Role


def test_it_creates_an_organisation(db, capsys):
    call_command("createorg", "--slug", "vonk", "--name", "Werkplaats De Vonk", "--language", "en")

    organisation = Organisation.objects.get(slug="vonk")
    assert (organisation.name, organisation.default_language) == ("Werkplaats De Vonk", "en")
    assert "createuser --org vonk" in capsys.readouterr().out


def test_it_refuses_a_short_name_that_is_taken(org):
    with pytest.raises(CommandError, match="already exists"):
        call_command("createorg", "--slug", "vonk", "--name", "Nog een Vonk")


def test_it_refuses_an_invalid_short_name(db):
    with pytest.raises(CommandError, match="slug"):
        call_command("createorg", "--slug", "met spaties", "--name", "X")
    assert not Organisation.objects.exists()


def test_it_refuses_a_language_it_does_not_speak(db):
    with pytest.raises(CommandError):
        call_command("createorg", "--slug", "x", "--name", "X", "--language", "fr")


def test_it_creates_a_person_with_an_account(org, capsys):
    call_command("createuser", "--org", "vonk", "--email", "Els.Jansen@Vonk.test",
                 "--password", "correct horse battery", "--role", "ld_admin")

    user = User.objects.get(email="els.jansen@vonk.test")
    assert user.name == "Els Jansen"
    assert user.check_password("correct horse battery")
    assert user.language == org.default_language
    with scopes_disabled():
        assert Person.objects.get(user=user, organisation=org).role == Role.LD_ADMIN
    assert "Created els.jansen@vonk.test" in capsys.readouterr().out


def test_it_uses_the_given_name(org):
    call_command("createuser", "--org", "vonk", "--email", "e@vonk.test",
                 "--password", "correct horse battery", "--name", "Els de Boer")

    assert User.objects.get(email="e@vonk.test").name == "Els de Boer"


def test_it_adds_an_existing_account_to_another_organisation(alice, other_org, capsys):
    call_command("createuser", "--org", "anders", "--email", "alice@vonk.test",
                 "--password", "ignored but given")

    with scopes_disabled():
        assert Person.objects.filter(user=alice.user).count() == 2
    alice.user.refresh_from_db()
    assert alice.user.check_password("correct horse battery")
    captured = capsys.readouterr()
    assert "Added existing account" in captured.out
    assert "password is not changed" in captured.err


def test_it_refuses_someone_who_is_already_a_member(alice):
    with pytest.raises(CommandError, match="al lid van"):
        call_command("createuser", "--org", "vonk", "--email", "alice@vonk.test")


def test_it_names_the_known_organisations_when_the_short_name_is_unknown(org):
    with pytest.raises(CommandError, match=r"No organisation .*'nope'.*known: vonk"):
        call_command("createuser", "--org", "nope", "--email", "x@vonk.test",
                     "--password", "correct horse battery")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--email", "new@vonk.test"], "needs --password"),
        (["--email", "new@vonk.test", "--password", "short"], "not accepted"),
        (["--email", "not-an-address", "--password", "correct horse battery"], "not a valid e-mail"),
    ],
)
def test_it_explains_what_is_wrong(org, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("createuser", "--org", "vonk", *arguments)
    assert not User.objects.exists()


def test_it_refuses_an_unknown_role(org):
    with pytest.raises(CommandError):
        call_command("createuser", "--org", "vonk", "--email", "x@vonk.test",
                     "--password", "correct horse battery", "--role", "admin")


@pytest.mark.parametrize("command", ["createorg", "createuser"])
def test_it_explains_itself_in_help(command, capsys):
    with pytest.raises(SystemExit):
        call_command(command, "--help")

    out = capsys.readouterr().out
    assert "--slug" in out or "--org" in out
    assert "organisation" in out
