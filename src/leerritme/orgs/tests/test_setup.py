"""First start (/setup/): the first visitor creates their account and the organisation, and owns it."""

import pytest
from allauth.account.models import EmailAddress
from django_scopes import scopes_disabled

from leerritme.accounts.models import User
from leerritme.orgs.models import Organisation, Person, Role

URL = "/setup/"
PASSWORD = "correct horse battery"


def _visitor_data(**overrides):
    return {
        "name": "Els Jansen",
        "email": "Els@Vonk.test",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organisation_name": "Werkplaats De Vonk B.V.",
        "slug": "",
        "default_language": "nl",
        **overrides,
    }


def test_it_sends_the_first_visitor_of_an_empty_installation_to_setup(db, client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == URL
    html = client.get(URL).content.decode()
    assert 'for="id_organisation_name"' in html and 'for="id_email"' in html
    assert 'data-slug-from="id_organisation_name"' in html


def test_it_creates_the_account_and_the_organisation_and_makes_the_visitor_owner(db, client):
    response = client.post(URL, _visitor_data())

    assert response.status_code == 302
    assert response["Location"] == "/o/werkplaats-de-vonk-bv/"
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.slug, organisation.default_language) == (
        "Werkplaats De Vonk B.V.", "werkplaats-de-vonk-bv", "nl",
    )
    user = User.objects.get()
    assert (user.email, user.name) == ("els@vonk.test", "Els Jansen")
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=user).primary
    with scopes_disabled():
        assert Person.objects.get(user=user, organisation=organisation).role == Role.OWNER
    # Logged in, and the home page welcomes the owner.
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert "Werkplaats De Vonk B.V." in home.content.decode()


def test_it_keeps_a_chosen_short_name(db, client):
    client.post(URL, _visitor_data(slug="De-Vonk"))

    assert Organisation.objects.get().slug == "de-vonk"


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("password1", {"password1": "12345678901", "password2": "12345678901"}),
        ("password1", {"password1": "short", "password2": "short"}),
        ("password2", {"password2": "something else entirely"}),
        ("email", {"email": "not an address"}),
        ("name", {"name": "   "}),
        ("organisation_name", {"organisation_name": ""}),
        ("slug", {"slug": "met spaties"}),
    ],
)
def test_it_refuses_bad_input_and_stores_nothing(db, client, field, overrides):
    response = client.post(URL, _visitor_data(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Organisation.objects.exists()
    assert not User.objects.exists()


def test_it_is_gone_when_organisations_exist_and_signup_is_closed(org, client, settings):
    settings.SIGNUP_OPEN = False

    assert client.get(URL).status_code == 404
    assert client.post(URL, _visitor_data()).status_code == 404
    assert Organisation.objects.count() == 1
    assert client.get("/")["Location"] == "/accounts/login/"


def test_it_lets_a_new_visitor_start_another_organisation_when_signup_is_open(org, client, settings):
    settings.SIGNUP_OPEN = True

    response = client.post(URL, _visitor_data(organisation_name="Bakkerij Brood", email="piet@brood.test"))

    assert response["Location"] == "/o/bakkerij-brood/"
    assert Organisation.objects.count() == 2


def test_it_lets_a_logged_in_person_start_another_organisation_they_own(dave, login, settings):
    settings.SIGNUP_OPEN = True
    client = login(dave)
    page = client.get(URL).content.decode()
    assert 'name="password1"' not in page

    response = client.post(URL, {"organisation_name": "Tweede Zaak", "slug": "", "default_language": "en"})

    assert response["Location"] == "/o/tweede-zaak/"
    with scopes_disabled():
        memberships = {p.organisation.slug: p.role for p in Person.objects.filter(user=dave.user)}
    assert memberships == {"vonk": Role.OWNER, "tweede-zaak": Role.OWNER}
    assert User.objects.filter(email=dave.user.email).count() == 1


def test_it_refuses_an_email_that_already_has_an_account(alice, client, settings):
    settings.SIGNUP_OPEN = True

    response = client.post(URL, _visitor_data(email="ALICE@vonk.test"))

    assert "email" in response.context["form"].errors
    assert Organisation.objects.count() == 1


def test_it_suggests_a_free_short_name_when_the_chosen_one_is_taken(org, client, settings):
    settings.SIGNUP_OPEN = True

    response = client.post(URL, _visitor_data(slug="vonk"))

    assert "vonk-2" in str(response.context["form"].errors["slug"])
    assert Organisation.objects.count() == 1


def test_it_makes_a_free_short_name_from_a_name_that_is_taken(org, client, settings):
    settings.SIGNUP_OPEN = True

    client.post(URL, _visitor_data(organisation_name="Vonk"))

    assert Organisation.objects.filter(slug="vonk-2").exists()


def test_it_counts_setup_attempts_against_the_signup_rate_limit(db, client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for _attempt in range(2):
        client.post(URL, _visitor_data(name=""))

    assert client.post(URL, _visitor_data()).status_code == 429
    assert not Organisation.objects.exists()
