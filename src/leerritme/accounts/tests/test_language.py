import pytest

from leerritme.accounts.models import User

URL = "/accounts/language/"


def test_it_remembers_a_visitors_choice_in_a_cookie(db, client):
    response = client.post(URL, {"language": "en", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies["leerritme_language"].value == "en"
    assert response.cookies["leerritme_language"]["max-age"] > 30 * 24 * 3600
    assert '<html lang="en">' in client.get("/accounts/login/").content.decode()


def test_it_saves_the_choice_as_the_logged_in_persons_preference(alice, login):
    client = login(alice)

    response = client.post(URL, {"language": "en", "next": "/o/vonk/"})

    assert response["Location"] == "/o/vonk/"
    alice.user.refresh_from_db()
    assert alice.user.language == "en"


def test_it_lets_the_persons_preference_win_over_cookie_and_browser(alice, login):
    User.objects.filter(pk=alice.user.pk).update(language="en")
    client = login(alice)
    client.cookies["leerritme_language"] = "nl"

    response = client.get("/o/vonk/", headers={"accept-language": "nl"})

    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"
    # The cookie follows, so the login page after logging out speaks the same language.
    assert response.cookies["leerritme_language"].value == "en"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", ""])
def test_it_never_redirects_to_another_site(db, client, next_url):
    response = client.post(URL, {"language": "en", "next": next_url})

    assert response["Location"] == "/"


def test_it_ignores_a_language_it_does_not_speak(alice, login):
    client = login(alice)

    response = client.post(URL, {"language": "fr", "next": "/o/vonk/"})

    assert response["Location"] == "/o/vonk/"
    assert response.cookies["leerritme_language"].value == "nl"  # the preference, not "fr"
    alice.user.refresh_from_db()
    assert alice.user.language == "nl"


def test_it_only_switches_on_post(db, client):
    assert client.get(URL, {"language": "en"}).status_code == 405
