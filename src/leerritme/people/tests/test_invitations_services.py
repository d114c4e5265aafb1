"""Invitation services: inviting, renewing, revoking and the ways of accepting."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from leerritme.accounts.models import User
from leerritme.notifications.models import Notification
from leerritme.orgs.models import Person, Role, TeamMembership, TeamRole
from leerritme.people.forms.admin import parse_invitees
from leerritme.people.models import Invitation
from leerritme.people.services.admin import person_deactivate
from leerritme.people.services.invitations import (
    InvitationUnusable,
    Invitee,
    invitation_accept,
    invitation_accept_with_password,
    invitation_create,
    invitation_email_language,
    invitation_needs_password,
    invitation_resend,
    invitation_revoke,
    invitations_create,
)


def invite(org, carol, *emails, **kwargs):
    return invitations_create(
        organisation=org, invited_by=carol, invitees=[Invitee(email=e) for e in emails], **kwargs
    )


def new_user(email, name="Nieuwe Collega", language="nl"):
    return User.objects.create_user(
        email=email, password="correct horse battery", name=name, language=language
    )


# --- inviting ---


def test_it_invites_several_addresses_and_mails_each(in_org, org, carol, team):
    result = invite(org, carol, "Eva@Vonk.test", "frits@vonk.test", team=team, team_role=TeamRole.LEAD)
    assert [i.email for i in result.sent] == ["eva@vonk.test", "frits@vonk.test"]
    assert len(mail.outbox) == 2
    invitation = Invitation.objects.get(email="eva@vonk.test")
    assert invitation.team == team and invitation.team_role == TeamRole.LEAD
    assert invitation.invited_by == carol
    assert invitation.expires_at > timezone.now() + timedelta(days=13)


def test_it_uses_the_configured_validity(in_org, org, carol, settings):
    settings.INVITATION_DAYS = 3
    invite(org, carol, "eva@vonk.test")
    invitation = Invitation.objects.get(email="eva@vonk.test")
    assert timedelta(days=2, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=3)


def test_active_members_are_not_invited(in_org, org, carol, alice):
    result = invite(org, carol, "ALICE@vonk.test", "eva@vonk.test")
    assert result.already_members == ["alice@vonk.test"]
    assert [i.email for i in result.sent] == ["eva@vonk.test"]
    assert not Invitation.objects.filter(email="alice@vonk.test").exists()
    assert [m.to for m in mail.outbox] == [["eva@vonk.test"]]


def test_a_deactivated_person_can_be_invited_back(in_org, org, carol, alice):
    person_deactivate(actor=carol, person=alice)
    result = invite(org, carol, "alice@vonk.test")
    assert [i.email for i in result.sent] == ["alice@vonk.test"]


def test_an_open_invitation_is_renewed_not_doubled(in_org, org, carol):
    first = invite(org, carol, "eva@vonk.test").sent[0]
    old_token = first.token
    result = invite(org, carol, "eva@vonk.test", role=Role.LD_ADMIN)
    assert result.renewed == [first] or [i.pk for i in result.renewed] == [first.pk]
    assert Invitation.objects.filter(email="eva@vonk.test").count() == 1
    first.refresh_from_db()
    assert first.token != old_token and first.role == Role.LD_ADMIN
    assert len(mail.outbox) == 2


def test_the_same_address_twice_in_one_go_is_one_invitation(in_org, org, carol):
    result = invite(org, carol, "eva@vonk.test", "EVA@vonk.test ")
    assert len(result.sent) == 1 and len(mail.outbox) == 1


def test_only_owners_invite_owners(in_org, org, carol, dave):
    with pytest.raises(ValidationError) as error:
        invite(org, carol, "eva@vonk.test", role=Role.OWNER)
    assert error.value.code == "owner_only"
    assert not Invitation.objects.exists()
    assert invite(org, dave, "eva@vonk.test", role=Role.OWNER).sent


def test_a_team_of_another_organisation_is_refused(in_org, org, other_org, carol):
    from leerritme.orgs.models import Team

    with scopes_disabled():
        foreign = Team.objects.create(organisation=other_org, name="Elders")
    with pytest.raises(ValidationError):
        invite(org, carol, "eva@vonk.test", team=foreign)
    assert not Invitation.objects.exists()


def test_a_failing_mail_server_keeps_the_invitation_and_reports_it(in_org, org, carol, monkeypatch):
    from leerritme.people.services import invitations

    def refuse(**kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(invitations, "send_email", refuse)
    result = invite(org, carol, "eva@vonk.test")
    assert [i.email for i in result.failed] == ["eva@vonk.test"]
    assert Invitation.objects.filter(email="eva@vonk.test").exists()


def test_the_single_invitation_for_imports_mails_on_commit(
    in_org, org, carol, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(organisation=org, invited_by=carol, email="Eva@vonk.test", name="Eva")
    assert invitation.email == "eva@vonk.test"
    assert [m.to for m in mail.outbox] == [["eva@vonk.test"]]


# --- parsing the textarea ---


def test_it_reads_addresses_with_and_without_names():
    invitees, errors = parse_invitees(
        "anna@vonk.test\n\nJan de Boer <jan@vonk.test>\nPiet Vos, piet@vonk.test\n"
        'kees@vonk.test; lies@vonk.test\n"Boer, Truus" <truus@vonk.test>\n'
    )
    assert errors == []
    assert [(i.name, i.email) for i in invitees] == [
        ("", "anna@vonk.test"),
        ("Jan de Boer", "jan@vonk.test"),
        ("Piet Vos", "piet@vonk.test"),
        ("", "kees@vonk.test"),
        ("", "lies@vonk.test"),
        ("Boer, Truus", "truus@vonk.test"),
    ]


def test_it_names_each_bad_line():
    with translation.override("en"):
        invitees, errors = parse_invitees("anna@vonk.test\nnot an address\nx@\n")
    assert [i.email for i in invitees] == ["anna@vonk.test"]
    assert len(errors) == 2
    assert errors[0].startswith("Line 2:") and errors[1].startswith("Line 3:")


# --- e-mail ---


def test_the_mail_has_text_and_html_with_the_link_in_the_organisations_language(in_org, org, carol, team):
    org.default_language = "en"
    org.save()
    invitations_create(
        organisation=org, invited_by=carol, invitees=[Invitee(email="eva@vonk.test", name="Eva")], team=team
    )
    message = mail.outbox[0]
    invitation = Invitation.objects.get(email="eva@vonk.test")
    link = f"/invitation/{invitation.token}/"
    assert message.to == ["eva@vonk.test"]
    assert "Carol Bakker invites you to Werkplaats De Vonk" in message.subject
    assert link in message.body and "Onderhoud" in message.body and "Hello Eva" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert link in html and "Accept the invitation" in html


def test_someone_with_an_account_gets_the_mail_in_their_own_language(in_org, org, carol):
    org.default_language = "nl"
    org.save()
    new_user("eva@vonk.test", language="en")
    invitation = invite(org, carol, "eva@vonk.test", "frits@vonk.test").sent[0]
    assert invitation_email_language(invitation) == "en"
    assert 'lang="en"' in mail.outbox[0].alternatives[0][0]
    # Without an account, the organisation's language.
    assert 'lang="nl"' in mail.outbox[1].alternatives[0][0]


# --- resend and revoke ---


def test_resend_makes_a_new_link_and_expiry(in_org, org, carol):
    invitation = invite(org, carol, "eva@vonk.test").sent[0]
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    invitation.refresh_from_db()
    old_token = invitation.token
    assert invitation_resend(invitation=invitation) is True
    invitation.refresh_from_db()
    assert invitation.token != old_token
    assert invitation.is_usable
    assert invitation.token in mail.outbox[-1].body


def test_revoked_and_accepted_invitations_are_not_resent(in_org, org, carol):
    invitation = invite(org, carol, "eva@vonk.test").sent[0]
    invitation_revoke(invitation=invitation)
    with pytest.raises(ValidationError):
        invitation_resend(invitation=invitation)


def test_revoking_makes_the_invitation_unusable(in_org, org, carol):
    invitation = invite(org, carol, "eva@vonk.test").sent[0]
    invitation_revoke(invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None and not invitation.is_usable
    with pytest.raises(InvitationUnusable):
        invitation_accept(invitation=invitation, user=new_user("eva@vonk.test"))
    assert not Person.objects.filter(user__email="eva@vonk.test").exists()


# --- accepting ---


def test_accepting_creates_the_person_and_team_place_and_tells_the_inviter(in_org, org, carol, team):
    invitation = invite(
        org, carol, "eva@vonk.test", role=Role.LD_ADMIN, team=team, team_role=TeamRole.LEAD
    ).sent[0]
    user = new_user("eva@vonk.test", name="Eva Smit")
    person = invitation_accept(invitation=invitation, user=user)
    assert person.role == Role.LD_ADMIN and person.is_active
    assert TeamMembership.objects.get(person=person, team=team).role == TeamRole.LEAD
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    notification = Notification.objects.get(person=carol, kind="people.invitation_accepted")
    assert "Eva Smit" in notification.title
    user.refresh_from_db()
    assert user.last_organisation_slug == "vonk"


def test_accepting_twice_is_harmless(in_org, org, carol, team):
    invitation = invite(org, carol, "eva@vonk.test", team=team).sent[0]
    user = new_user("eva@vonk.test")
    first = invitation_accept(invitation=invitation, user=user)
    second = invitation_accept(invitation=invitation, user=user)
    assert first.pk == second.pk
    assert Person.objects.filter(user=user).count() == 1
    assert TeamMembership.objects.filter(person=first).count() == 1
    assert Notification.objects.filter(kind="people.invitation_accepted").count() == 1


def test_an_invitation_for_another_address_cannot_be_used(in_org, org, carol):
    invitation = invite(org, carol, "eva@vonk.test").sent[0]
    with pytest.raises(InvitationUnusable):
        invitation_accept(invitation=invitation, user=new_user("mallory@vonk.test"))
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_expired_invitation_cannot_be_used(in_org, org, carol):
    invitation = invite(org, carol, "eva@vonk.test").sent[0]
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    invitation.refresh_from_db()
    with pytest.raises(InvitationUnusable):
        invitation_accept(invitation=invitation, user=new_user("eva@vonk.test"))


def test_accepting_reactivates_a_former_colleague_instead_of_duplicating(in_org, org, carol, alice):
    person_deactivate(actor=carol, person=alice)
    invitation = invite(org, carol, "alice@vonk.test", role=Role.LD_ADMIN).sent[0]
    user = User.objects.get(email="alice@vonk.test")
    person = invitation_accept(invitation=invitation, user=user)
    assert person.pk == alice.pk
    assert person.is_active and person.deactivated_at is None and person.role == Role.LD_ADMIN
    assert Person.objects.filter(user=user).count() == 1


def test_a_new_invitee_sets_name_and_password(in_org, org, carol):
    invitation = invite(org, carol, "eva@vonk.test").sent[0]
    assert invitation_needs_password(invitation)
    person = invitation_accept_with_password(
        invitation=invitation, name=" Eva  Smit ", password="a long enough secret", language="en"
    )
    user = person.user
    assert user.email == "eva@vonk.test" and user.name == "Eva Smit" and user.language == "en"
    assert user.check_password("a long enough secret")
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.get(user=user).verified


def test_a_weak_password_is_refused_and_nothing_is_stored(in_org, org, carol):
    invitation = invite(org, carol, "eva@vonk.test").sent[0]
    with pytest.raises(ValidationError):
        invitation_accept_with_password(invitation=invitation, name="Eva", password="12345", language="nl")
    assert not User.objects.filter(email="eva@vonk.test").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_existing_account_with_a_password_must_log_in_instead(in_org, org, carol):
    invitation = invite(org, carol, "eva@vonk.test").sent[0]
    new_user("eva@vonk.test")
    assert not invitation_needs_password(invitation)
    with pytest.raises(ValidationError) as error:
        invitation_accept_with_password(
            invitation=invitation, name="Eva", password="a long enough secret", language="nl"
        )
    assert error.value.code == "account_exists"


def test_an_imported_account_without_password_is_completed_by_the_invitee(in_org, org, carol):
    user = User.objects.create(email="eva@vonk.test", name="Eva", password=make_password(None))
    imported = Person.objects.create(organisation=org, user=user)
    invitation = invitation_create(organisation=org, invited_by=carol, email="eva@vonk.test", send=False)
    assert invitation_needs_password(invitation)
    person = invitation_accept_with_password(
        invitation=invitation, name="Eva Smit", password="a long enough secret", language="nl"
    )
    assert person.pk == imported.pk
    user.refresh_from_db()
    assert user.check_password("a long enough secret") and user.name == "Eva Smit"


def test_an_existing_member_of_another_organisation_joins_with_their_account(in_org, org, carol, charlie):
    invitation = invite(org, carol, "charlie@anders.test").sent[0]
    person = invitation_accept(invitation=invitation, user=charlie.user)
    assert person.organisation_id == org.pk
    with scopes_disabled():
        assert Person.objects.filter(user=charlie.user).count() == 2


def test_accepting_closes_other_open_invitations_for_the_address(in_org, org, carol, dave):
    first = invite(org, carol, "eva@vonk.test").sent[0]
    # A second, separate invitation (e.g. made by an import) for the same address.
    second = Invitation.objects.create(organisation=org, email="eva@vonk.test", invited_by=dave)
    invitation_accept(invitation=first, user=new_user("eva@vonk.test"))
    second.refresh_from_db()
    assert second.revoked_at is not None
