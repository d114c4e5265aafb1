import re

from leerritme.accounts.models import User

URL = "/accounts/settings/"


def test_it_asks_visitors_to_log_in(db, client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_name_language_and_the_ways_to_password_and_two_factor(alice, login):
    html = login(alice).get(URL).content.decode()

    assert 'value="Alice de Vries"' in html
    assert re.search(r'<input type="radio" name="language" value="nl"[^>]*checked', html)
    assert 'href="/accounts/password/change/"' in html
    assert 'href="/accounts/2fa/"' in html
    assert "alice@vonk.test" in html


def test_it_saves_name_and_language_and_speaks_the_new_language(alice, login):
    client = login(alice)

    response = client.post(URL, {"name": "  Alice van Dam ", "language": "en"}, follow=True)

    user = User.objects.get(pk=alice.user.pk)
    assert (user.name, user.language) == ("Alice van Dam", "en")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Your settings have been saved." in html


def test_it_refuses_an_empty_name(alice, login):
    response = login(alice).post(URL, {"name": "   ", "language": "en"})

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    user = User.objects.get(pk=alice.user.pk)
    assert (user.name, user.language) == ("Alice de Vries", "nl")


def test_charlie_sees_only_his_own_account(alice, charlie, login):
    html = login(charlie).get(URL).content.decode()

    assert "charlie@anders.test" in html
    assert "alice@vonk.test" not in html
