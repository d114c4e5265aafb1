"""An unconfirmed address blocks two-factor (allauth's rule); the person confirms it from their settings."""

import re

from allauth.account.models import EmailAddress

from leerritme.accounts.services import user_create


def test_it_offers_to_confirm_an_unconfirmed_address_and_confirms_it_by_mail(db, client, mailoutbox):
    user = user_create(
        email="els@vonk.test", name="Els Jansen", password="correct horse battery", language="en"
    )
    client.force_login(user)

    settings_page = client.get("/accounts/settings/").content.decode()
    assert "Not confirmed" in settings_page
    assert "Confirm your e-mail address first" in client.get("/accounts/2fa/").content.decode()

    client.post("/accounts/email/", {"email": "els@vonk.test", "action_send": ""})

    [mail] = mailoutbox
    assert mail.subject == "[Leerritme] Please Confirm Your Email Address"
    assert "Hello Els," in mail.body
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.body).group(1)
    assert link in mail.alternatives[0][0]
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified
    assert "Not confirmed" not in client.get("/accounts/settings/").content.decode()
    assert "Confirm your e-mail address first" not in client.get("/accounts/2fa/").content.decode()


def test_it_trusts_an_address_the_person_proved_is_theirs(db):
    user = user_create(email="eva@vonk.test", name="Eva", password=None, email_verified=True)

    assert EmailAddress.objects.get(user=user).verified
    assert not user.has_usable_password()
