import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core.cache import cache

from leerritme.accounts.models import User

LOGIN_URL = "/accounts/login/"


def test_it_logs_in_by_email_and_takes_the_person_to_their_organisation(alice, log_in, client):
    response = log_in("ALICE@vonk.test")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/")["Location"] == "/o/vonk/"
    assert int(client.session["_auth_user_id"]) == alice.user.pk


def test_it_says_clearly_when_email_or_password_is_wrong(alice, log_in, client):
    client.cookies["leerritme_language"] = "en"
    response = log_in("alice@vonk.test", "wrong password entirely")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert "The email address and/or password you specified are not correct." in html
    assert 'role="alert"' in html


def test_it_shows_the_login_page_in_our_layout_with_labels(db, client):
    html = client.get(LOGIN_URL).content.decode()

    assert '<html lang="nl">' in html
    assert "Inloggen" in html  # Dutch by default
    assert 'class="form-label" for="id_login"' in html
    assert 'class="form-label" for="id_password"' in html
    assert 'href="/accounts/password/reset/"' in html


def test_it_locks_out_after_five_failed_attempts(alice, log_in, settings):
    # Counters live in the cache: a private, empty one for this test (CI may point the default at Redis).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "login-lockout-test"}}
    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "5/5m/ip,5/5m/key"}
    for _attempt in range(5):
        assert log_in("alice@vonk.test", "wrong password entirely").status_code == 200

    response = log_in("alice@vonk.test")  # even the right password now waits

    assert "_auth_user_id" not in response.client.session
    assert "Te veel inlogpogingen" in response.content.decode()


def test_it_hashes_passwords_with_argon2(db, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = User.objects.create_user(email="nieuw@vonk.test", password="correct horse battery", name="Nieuw")

    assert user.password.startswith("argon2$")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.check_password("correct horse battery")


def test_it_configures_argon2_as_the_password_hasher():
    from leerritme import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/"])
def test_it_keeps_visitors_in_their_chosen_language(db, client, path):
    client.cookies["leerritme_language"] = "en"

    assert '<html lang="en">' in client.get(path).content.decode()
