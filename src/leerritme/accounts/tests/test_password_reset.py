import re

import pytest

from leerritme.accounts.models import User


def _reset_link(mail) -> str:
    return re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.body).group(1)


@pytest.mark.parametrize(
    ("language", "subject", "sentence"),
    [
        ("nl", "Wachtwoord opnieuw instellen", "Je ontvangt deze e-mail omdat jij of iemand anders"),
        ("en", "Password Reset", "You're receiving this email because you or someone else has requested"),
    ],
)
def test_it_mails_the_reset_link_in_the_persons_language(
    alice, client, mailoutbox, language, subject, sentence
):
    User.objects.filter(pk=alice.user.pk).update(language=language)
    # The visitor's page is in the other language: the mail follows the person, not the page.
    client.cookies["leerritme_language"] = "en" if language == "nl" else "nl"

    response = client.post("/accounts/password/reset/", {"email": "alice@vonk.test"})

    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == ["alice@vonk.test"]
    assert mail.subject == f"[Leerritme] {subject}"
    assert sentence in mail.body
    assert "Alice" in mail.body
    [(html, mimetype)] = mail.alternatives
    assert mimetype == "text/html"
    assert f'<html lang="{language}">' in html
    assert sentence in html
    assert _reset_link(mail) in html  # the button and the copyable address


def test_it_lets_the_person_choose_a_new_password_through_the_link(alice, client, mailoutbox):
    client.post("/accounts/password/reset/", {"email": "alice@vonk.test"})
    link = _reset_link(mailoutbox[0])

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert 'name="password1"' in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "a brand new secret 42", "password2": "a brand new secret 42"},
    )

    assert done.status_code == 302
    alice.user.refresh_from_db()
    assert alice.user.check_password("a brand new secret 42")
    # The link works once.
    assert "password1" not in client.get(link, follow=True).content.decode()


def test_it_tells_an_unknown_address_without_revealing_accounts(db, client, mailoutbox, settings):
    settings.SIGNUP_OPEN = False

    response = client.post("/accounts/password/reset/", {"email": "nobody@vonk.test"})

    assert response.status_code == 302  # the same answer as for a known address
    [mail] = mailoutbox
    assert "uitnodiging" in mail.body  # Dutch: the visitor's language
    assert "/setup/" not in mail.body
    assert mail.alternatives[0][1] == "text/html"


def test_it_mails_a_security_notice_when_the_password_changes(alice, client, log_in, mailoutbox):
    log_in("alice@vonk.test")

    response = client.post("/accounts/password/change/", {
        "oldpassword": "correct horse battery",
        "password1": "a brand new secret 42",
        "password2": "a brand new secret 42",
    })

    assert response.status_code == 302
    [mail] = mailoutbox
    assert "Je wachtwoord is gewijzigd." in mail.body  # alice reads Dutch
    assert "/accounts/password/change/" in mail.alternatives[0][0]
