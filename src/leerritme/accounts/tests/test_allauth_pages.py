"""django-allauth's pages render inside Leerritme's layout, with Bootstrap markup and labelled fields."""

import pytest

ENTRANCE_PAGES = ["/accounts/login/", "/accounts/password/reset/", "/accounts/password/reset/done/"]
ACCOUNT_PAGES = [
    "/accounts/settings/",
    "/accounts/password/change/",
    "/accounts/email/",
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
]


@pytest.mark.parametrize("path", ENTRANCE_PAGES)
def test_it_shows_entrance_pages_in_our_layout(db, client, path):
    response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 200
    assert "skip-link" in html and 'id="main"' in html  # our base.html
    assert "accounts/accounts.css" in html
    assert "auth-entrance" in html
    assert "<p>\n    <label" not in html  # not allauth's bare markup


@pytest.mark.parametrize("path", ACCOUNT_PAGES)
def test_it_shows_account_pages_in_our_layout(alice, login, path):
    response = login(alice).get(path)

    html = response.content.decode()
    assert response.status_code == 200
    assert "skip-link" in html
    assert 'class="form-label"' in html or 'class="card' in html or "btn btn-primary" in html


def test_it_marks_the_current_account_page_in_the_account_navigation(alice, login):
    html = login(alice).get("/accounts/password/change/").content.decode()

    assert 'aria-current="page" href="/accounts/password/change/"' in html


def test_it_labels_every_field_and_links_errors_to_them(alice, login):
    response = login(alice).post("/accounts/password/change/", {
        "oldpassword": "not my password", "password1": "x", "password2": "y",
    })

    html = response.content.decode()
    for name in ("oldpassword", "password1", "password2"):
        assert f'for="id_{name}"' in html
    assert 'id="id_oldpassword_error"' in html
    assert 'aria-describedby="id_oldpassword_error"' in html or "id_oldpassword_error" in html
    assert 'role="alert"' in html


def test_it_sends_allauths_signup_to_starting_an_organisation(db, client, settings):
    settings.SIGNUP_OPEN = True

    response = client.get("/accounts/signup/")

    assert response.status_code == 302
    assert response["Location"] == "/setup/"


def test_it_closes_allauths_signup_when_self_service_is_off(db, client, settings):
    settings.SIGNUP_OPEN = False

    response = client.get("/accounts/signup/")

    assert response.status_code == 200
    assert "uitnodiging" in response.content.decode()  # Dutch by default
    assert 'name="password1"' not in response.content.decode()


def test_it_offers_starting_an_organisation_on_the_login_page_only_when_signup_is_open(db, client, settings):
    settings.SIGNUP_OPEN = True
    assert 'href="/setup/"' in client.get("/accounts/login/").content.decode()

    settings.SIGNUP_OPEN = False
    assert 'href="/setup/"' not in client.get("/accounts/login/").content.decode()


def test_it_shows_a_friendly_page_when_rate_limited(alice, client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "1/m/ip"}
    client.post("/accounts/password/reset/", {"email": "alice@vonk.test"})

    response = client.post("/accounts/password/reset/", {"email": "alice@vonk.test"})

    assert response.status_code == 429
    assert "skip-link" in response.content.decode()
