import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from leerritme.accounts.tests.conftest import PASSWORD


def _code(secret: str, step: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def _activate_totp(client) -> str:
    """Turn on the authenticator app as a person would: confirm the password, scan, type a code."""
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302 and "/reauthenticate/" in response["Location"]:
        client.post(response["Location"], {"password": PASSWORD})
        response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    secret = response.context["form"].secret
    assert secret in response.content.decode()  # shown for typing into the app
    activated = client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})
    assert activated.status_code == 302, activated.context["form"].errors
    return secret


def test_it_turns_on_an_authenticator_app_and_gives_recovery_codes(
    alice, client, log_in, mailoutbox, django_capture_on_commit_callbacks
):
    log_in("alice@vonk.test")

    with django_capture_on_commit_callbacks(execute=True):
        _activate_totp(client)

    assert Authenticator.objects.filter(user=alice.user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=alice.user, type=Authenticator.Type.RECOVERY_CODES).exists()
    page = client.get("/accounts/2fa/").content.decode()
    assert "Twee-factor-authenticatie" in page
    assert "card-title" in page  # allauth's panels in Bootstrap cards
    [notice] = [mail for mail in mailoutbox if "Authenticator-app geactiveerd." in mail.body]
    assert notice.to == ["alice@vonk.test"]
    assert "Authenticator-app geactiveerd." in notice.alternatives[0][0]


def test_it_asks_for_a_code_at_the_next_login(alice, client, log_in):
    log_in("alice@vonk.test")
    secret = _activate_totp(client)
    client.post("/accounts/logout/")

    response = log_in("alice@vonk.test")

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert 'aria-invalid="true"' in wrong.content.decode()
    # Activation only checked the code; logging in with it is its first use.
    right = client.post("/accounts/2fa/authenticate/", {"code": _code(secret)})
    assert right.status_code == 302
    assert int(client.session["_auth_user_id"]) == alice.user.pk


def test_it_shows_the_account_settings_with_two_factor_on(alice, client, log_in):
    log_in("alice@vonk.test")
    _activate_totp(client)

    html = client.get("/accounts/settings/").content.decode()

    assert "text-bg-success" in html
