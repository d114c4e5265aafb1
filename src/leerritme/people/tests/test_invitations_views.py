"""Invitation pages: the administrators' list (invite, resend, revoke) and the public accept page."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from leerritme.accounts.models import User
from leerritme.orgs.models import Person, Role, TeamMembership, TeamRole
from leerritme.people.models import Invitation


@pytest.fixture
def login(login):
    """Log in with English as the person's language, so messages can be checked against the source text."""

    def as_person(person):
        person.user.language = "en"
        person.user.save(update_fields=["language"])
        return login(person)

    return as_person


def list_url(**params):
    url = reverse("people:invitation_list", kwargs={"org": "vonk"})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def action_url(invitation, action):
    return reverse(f"people:invitation_{action}", kwargs={"org": "vonk", "uuid": invitation.uuid})


def accept_url(invitation_or_token):
    token = getattr(invitation_or_token, "token", invitation_or_token)
    return reverse("invitation_accept", kwargs={"token": token})


def make_invitation(org, by=None, email="eva@vonk.test", **kwargs):
    with scopes_disabled():
        return Invitation.objects.create(organisation=org, email=email, invited_by=by, **kwargs)


def link_from(message):
    return re.search(r"https?://[^\s\"<]+/invitation/[\w-]+/", message.body).group(0)


# --- who may come in ---


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_members_and_team_leads_get_403(who, request, login, org, carol):
    invitation = make_invitation(org, carol)
    client = login(request.getfixturevalue(who))
    assert client.get(list_url()).status_code == 403
    assert client.post(list_url(), {"addresses": "x@vonk.test", "role": "member"}).status_code == 403
    assert client.post(action_url(invitation, "resend")).status_code == 403
    assert client.post(action_url(invitation, "revoke")).status_code == 403
    assert mail.outbox == []
    with scopes_disabled():
        assert Invitation.objects.count() == 1 and Invitation.objects.get().revoked_at is None


@pytest.mark.parametrize("who", ["carol", "dave"])
def test_ld_admins_and_owners_get_the_page(who, request, login, org, carol):
    invitation = make_invitation(org, carol)
    client = login(request.getfixturevalue(who))
    assert client.get(list_url()).status_code == 200
    assert client.get(action_url(invitation, "revoke")).status_code == 200


def test_charlie_gets_404(login, org, carol, charlie):
    invitation = make_invitation(org, carol)
    client = login(charlie)
    for url in (list_url(), action_url(invitation, "resend"), action_url(invitation, "revoke")):
        assert client.get(url).status_code in {404}, url
        assert client.post(url, {}).status_code == 404, url


def test_an_invitation_of_another_organisation_is_404_for_an_admin(login, other_org, carol):
    foreign = make_invitation(other_org)
    client = login(carol)
    assert client.post(action_url(foreign, "resend")).status_code == 404
    assert client.post(action_url(foreign, "revoke")).status_code == 404


# --- inviting ---


def test_carol_invites_several_colleagues_into_a_team(login, org, carol, team):
    response = login(carol).post(
        list_url(),
        {
            "addresses": "eva@vonk.test\nFrits Vos <frits@vonk.test>",
            "role": "member",
            "team": str(team.uuid),
            "team_role": "lead",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "2 invitations sent" in html
    assert sorted(m.to[0] for m in mail.outbox) == ["eva@vonk.test", "frits@vonk.test"]
    with scopes_disabled():
        frits = Invitation.objects.get(email="frits@vonk.test")
    assert frits.name == "Frits Vos" and frits.team == team and frits.team_role == TeamRole.LEAD
    assert "frits@vonk.test" in html  # listed as open


def test_a_bad_line_sends_nothing_and_says_which(login, org, carol):
    response = login(carol).post(list_url(), {"addresses": "eva@vonk.test\nnonsense", "role": "member"})
    assert response.status_code == 400
    assert "Line 2" in response.content.decode()
    assert mail.outbox == []
    with scopes_disabled():
        assert not Invitation.objects.exists()


def test_inviting_an_active_member_says_so(login, org, carol, alice):
    response = login(carol).post(list_url(), {"addresses": "alice@vonk.test", "role": "member"}, follow=True)
    assert "alice@vonk.test is already a member" in response.content.decode()
    assert mail.outbox == []


def test_an_ld_admin_is_not_offered_the_owner_role(login, carol, dave):
    html = login(carol).get(list_url()).content.decode()
    assert 'value="owner"' not in html
    response = login(carol).post(list_url(), {"addresses": "eva@vonk.test", "role": "owner"})
    assert response.status_code == 400
    assert 'value="owner"' in login(dave).get(list_url()).content.decode()


def test_the_list_filters_by_status_in_constant_queries(login, org, carol, django_assert_max_num_queries):
    for number in range(25):
        make_invitation(org, carol, email=f"open{number}@vonk.test")
    make_invitation(org, carol, email="old@vonk.test", expires_at=timezone.now() - timedelta(days=1))
    make_invitation(org, carol, email="done@vonk.test", accepted_at=timezone.now())
    client = login(carol)
    client.get(list_url())
    with django_assert_max_num_queries(10):
        html = client.get(list_url()).content.decode()
    assert "open24@vonk.test" in html and "old@vonk.test" not in html and "done@vonk.test" not in html
    assert "old@vonk.test" in client.get(list_url(status="expired")).content.decode()
    assert "done@vonk.test" in client.get(list_url(status="accepted")).content.decode()
    partial = client.get(list_url(status="all"), headers={"HX-Request": "true"}).content.decode()
    assert 'id="invitation-results"' in partial and "<html" not in partial


def test_resend_gives_a_new_link(login, org, carol):
    invitation = make_invitation(org, carol, expires_at=timezone.now() - timedelta(days=2))
    old = invitation.token
    response = login(carol).post(action_url(invitation, "resend"))
    assert response.status_code == 302
    with scopes_disabled():
        invitation.refresh_from_db()
    assert invitation.token != old and invitation.is_usable
    assert link_from(mail.outbox[0]).endswith(accept_url(invitation))


def test_revoke_asks_first_then_revokes(login, org, carol):
    invitation = make_invitation(org, carol)
    client = login(carol)
    assert client.get(action_url(invitation, "revoke")).status_code == 200
    with scopes_disabled():
        invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert client.post(action_url(invitation, "revoke")).status_code == 302
    with scopes_disabled():
        invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_resend_is_post_only(login, org, carol):
    invitation = make_invitation(org, carol)
    assert login(carol).get(action_url(invitation, "resend")).status_code == 405


# --- the public accept page ---


def test_an_unknown_token_is_404(client, db):
    assert client.get(accept_url("no-such-token")).status_code == 404
    assert client.post(accept_url("no-such-token")).status_code == 404


def test_the_link_in_the_mail_opens_the_invitation(login, client, org, carol, team):
    login(carol).post(
        list_url(),
        {"addresses": "eva@vonk.test", "role": "member", "team": str(team.uuid), "team_role": "member"},
    )
    link = link_from(mail.outbox[0])
    client.logout()
    response = client.get(urlsplit(link).path)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Werkplaats De Vonk" in html and "Carol Bakker" in html and "Onderhoud" in html
    assert 'name="password1"' in html


def test_a_new_colleague_sets_a_password_and_lands_at_home(client, org, carol, team):
    invitation = make_invitation(org, carol, team=team, team_role=TeamRole.MEMBER)
    response = client.post(
        accept_url(invitation),
        {
            "name": "Eva Smit",
            "password1": "a long enough secret",
            "password2": "a long enough secret",
            "language": "en",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home", kwargs={"org": "vonk"})
    assert client.get(response["Location"]).status_code == 200  # logged in and a member
    with scopes_disabled():
        person = Person.objects.get(user__email="eva@vonk.test")
        assert TeamMembership.objects.filter(person=person, team=team).exists()
    assert User.objects.get(email="eva@vonk.test").check_password("a long enough secret")


def test_mismatched_passwords_keep_the_form_and_store_nothing(client, org, carol):
    invitation = make_invitation(org, carol)
    response = client.post(
        accept_url(invitation),
        {
            "name": "Eva",
            "password1": "a long enough secret",
            "password2": "another long secret",
            "language": "nl",
        },
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="eva@vonk.test").exists()


def test_a_logged_in_invitee_joins_with_one_click(client, org, other_org, carol, charlie):
    invitation = make_invitation(org, carol, email="charlie@anders.test", role=Role.LD_ADMIN)
    client.force_login(charlie.user)
    page = client.get(accept_url(invitation))
    assert page.status_code == 200 and 'name="password1"' not in page.content.decode()
    response = client.post(accept_url(invitation))
    assert response.status_code == 302 and response["Location"] == "/o/vonk/"
    with scopes_disabled():
        assert Person.objects.get(organisation=org, user=charlie.user).role == Role.LD_ADMIN
    # Coming back to the used link simply goes in.
    assert client.get(accept_url(invitation))["Location"] == "/o/vonk/"


def test_someone_logged_in_with_another_address_cannot_accept(client, org, carol, alice):
    invitation = make_invitation(org, carol)
    client.force_login(alice.user)
    response = client.get(accept_url(invitation))
    assert response.status_code == 200
    assert "eva@vonk.test" in response.content.decode()
    client.post(accept_url(invitation))
    with scopes_disabled():
        invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_existing_account_is_asked_to_log_in_first(client, org, carol, charlie):
    invitation = make_invitation(org, carol, email="charlie@anders.test")
    html = client.get(accept_url(invitation)).content.decode()
    assert 'name="password1"' not in html
    assert f"{reverse('account_login')}?next=%2Finvitation%2F{invitation.token}%2F" in html
    # Posting a password for someone else's account does nothing.
    client.post(
        accept_url(invitation),
        {
            "name": "X",
            "password1": "a long enough secret",
            "password2": "a long enough secret",
            "language": "nl",
        },
    )
    assert User.objects.get(email="charlie@anders.test").check_password("correct horse battery")


@pytest.mark.parametrize("state", ["expired", "revoked", "accepted"])
def test_a_used_revoked_or_expired_link_is_410_and_names_nothing(state, client, org, carol, settings):
    values = {
        "expired": {"expires_at": timezone.now() - timedelta(minutes=1)},
        "revoked": {"revoked_at": timezone.now()},
        "accepted": {"accepted_at": timezone.now()},
    }[state]
    invitation = make_invitation(org, carol, **values)
    response = client.get(accept_url(invitation), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 410
    assert "can no longer be used" in html
    assert "Werkplaats De Vonk" not in html and "Carol" not in html and "eva@vonk.test" not in html
    assert client.post(accept_url(invitation), {"name": "Eva"}).status_code == 410
    assert not User.objects.filter(email="eva@vonk.test").exists()


def test_the_gone_page_speaks_the_visitors_language(client, org, carol):
    invitation = make_invitation(org, carol, revoked_at=timezone.now())
    client.cookies["leerritme_language"] = "nl"
    nl = client.get(accept_url(invitation))
    assert nl.status_code == 410 and 'lang="nl"' in nl.content.decode()
    client.cookies["leerritme_language"] = "en"
    en = client.get(accept_url(invitation))
    assert 'lang="en"' in en.content.decode()


def test_a_deactivated_person_invited_back_is_reactivated(client, login, org, carol, alice):
    login(carol).post(reverse("people:admin_person_deactivate", kwargs={"org": "vonk", "uuid": alice.uuid}))
    invitation = make_invitation(org, carol, email="alice@vonk.test")
    client.force_login(alice.user)
    assert client.post(accept_url(invitation)).status_code == 302
    with scopes_disabled():
        assert Person.objects.get(pk=alice.pk).is_active
        assert Person.objects.filter(user=alice.user).count() == 1


def test_the_inviter_is_notified(client, org, carol):
    from leerritme.notifications.models import Notification

    invitation = make_invitation(org, carol)
    client.post(
        accept_url(invitation),
        {
            "name": "Eva Smit",
            "password1": "a long enough secret",
            "password2": "a long enough secret",
            "language": "nl",
        },
    )
    with scopes_disabled():
        notification = Notification.objects.get(person=carol, kind="people.invitation_accepted")
    assert "Eva Smit" in notification.title
