"""Invitations (writes): invite by e-mail, resend, revoke, and accept (joining the organisation).

An invitation is a secret, expiring link. Accepting it creates the person's membership (and team
membership) in one transaction, or re-activates a former membership instead of making a second one.
Mails are sent after the database work has committed, so a failed transaction never mails a link
that does not work, and a failing mail server does not undo the invitations.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leerritme.notifications.email import send_email
from leerritme.notifications.services import notify
from leerritme.orgs.models import Organisation, Person, Role, Team, TeamMembership, TeamRole
from leerritme.people.models import Invitation, _invitation_token

logger = logging.getLogger(__name__)

MAX_INVITATIONS_AT_ONCE = 100


class InvitationUnusable(Exception):  # noqa: N818 — reads as a state, like Django's PermissionDenied
    """The invitation was revoked, has expired or was already used by someone else."""


@dataclass
class Invitee:
    email: str
    name: str = ""


@dataclass
class InvitationResult:
    sent: list[Invitation] = field(default_factory=list)
    renewed: list[Invitation] = field(default_factory=list)
    already_members: list[str] = field(default_factory=list)
    failed: list[Invitation] = field(default_factory=list)

    @property
    def invitations(self) -> list[Invitation]:
        return self.sent + self.renewed


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("invitation_accept", kwargs={"token": invitation.token})


def _expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


def _normalise_email(email: str) -> str:
    return email.strip().lower()


def invitation_email_language(invitation: Invitation) -> str:
    """The invitee's own language if they already have an account, otherwise the organisation's."""
    user = get_user_model().objects.filter(email__iexact=invitation.email).only("language").first()
    if user is not None and user.language:
        return user.language
    return invitation.organisation.default_language


def invitation_send_email(*, invitation: Invitation) -> bool:
    """Mail the invitation link; answers whether the mail server took it."""
    inviter = invitation.invited_by
    context = {
        "organisation": invitation.organisation,
        "invitation": invitation,
        "invitee_name": invitation.name,
        "inviter_name": inviter.user.name if inviter is not None else "",
        "role_label": Role(invitation.role).label,
        "team_name": invitation.team.name if invitation.team_id else "",
        "team_role_label": TeamRole(invitation.team_role).label,
        "expires_at": invitation.expires_at,
        "action_url": invitation_url(invitation),
    }
    language = invitation_email_language(invitation)
    with translation.override(language):
        context["action_label"] = _("Accept the invitation")
    try:
        send_email(to=invitation.email, prefix="people/email/invitation", context=context, language=language)
    except Exception:  # the mail server's failure must not undo the invitation; the admin can resend
        logger.exception("Could not send the invitation to %s", invitation.email)
        return False
    return True


def _check_role_allowed(*, actor: Person | None, role: str) -> None:
    if role not in Role.values:
        raise ValidationError(_("Choose a valid role."), code="invalid_role")
    if role == Role.OWNER and (actor is None or not actor.is_owner):
        raise ValidationError(_("Only an owner can invite someone as owner."), code="owner_only")


def _store(
    *,
    organisation: Organisation,
    invited_by: Person | None,
    email: str,
    name: str,
    role: str,
    team: Team | None,
    team_role: str,
    existing: Invitation | None,
) -> Invitation:
    values = {
        "role": role,
        "team": team,
        "team_role": team_role,
        "invited_by": invited_by,
        "token": _invitation_token(),
        "expires_at": _expiry(),
    }
    if name:
        values["name"] = name
    if existing is None:
        return Invitation.objects.create(organisation=organisation, email=email, **values)
    for attribute, value in values.items():
        setattr(existing, attribute, value)
    existing.save(update_fields=[*values])
    return existing


def invitation_create(
    *,
    organisation: Organisation,
    invited_by: Person | None,
    email: str,
    name: str = "",
    role: str = Role.MEMBER,
    team: Team | None = None,
    team_role: str = TeamRole.MEMBER,
    send: bool = True,
) -> Invitation:
    """Invite one address (used by imports); an open invitation for it is renewed rather than doubled.

    The mail goes out when the surrounding transaction commits. Who may invite whom as what is the
    caller's check (`invitations_create` makes it for the administration page).
    """
    if role not in Role.values or team_role not in TeamRole.values:
        raise ValidationError(_("Choose a valid role."), code="invalid_role")
    email = _normalise_email(email)
    existing = Invitation.objects.filter(organisation=organisation, email__iexact=email).pending().first()
    invitation = _store(
        organisation=organisation,
        invited_by=invited_by,
        email=email,
        name=" ".join(name.split()),
        role=role,
        team=team,
        team_role=team_role,
        existing=existing,
    )
    if send:
        transaction.on_commit(lambda: invitation_send_email(invitation=invitation))
    return invitation


def invitations_create(
    *,
    organisation: Organisation,
    invited_by: Person | None,
    invitees: list[Invitee],
    role: str = Role.MEMBER,
    team: Team | None = None,
    team_role: str = TeamRole.MEMBER,
    send: bool = True,
) -> InvitationResult:
    """Invite these people by e-mail. Active members are skipped; an open invitation is renewed, not doubled.

    Everything is checked before anything is stored: a bad address stores nothing. The mails go out
    once the invitations are stored, one by one; a mail the server refused is listed in `failed`.
    """
    _check_role_allowed(actor=invited_by, role=role)
    if team_role not in TeamRole.values:
        raise ValidationError(_("Choose a valid role in the team."), code="invalid_team_role")
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError(_("This team belongs to another organisation."), code="other_organisation")
    if len(invitees) > MAX_INVITATIONS_AT_ONCE:
        raise ValidationError(
            _("Invite at most %(max)d people at once; use the import for more.")
            % {"max": MAX_INVITATIONS_AT_ONCE},
            code="too_many",
        )
    seen: dict[str, Invitee] = {}
    for invitee in invitees:
        email = _normalise_email(invitee.email)
        if email and email not in seen:
            seen[email] = Invitee(email=email, name=" ".join(invitee.name.split()))
    if not seen:
        raise ValidationError(_("Enter at least one e-mail address."), code="empty")

    result = InvitationResult()
    with transaction.atomic():
        members = set(
            Person.objects.filter(organisation=organisation, is_active=True)
            .annotate(address=Lower("user__email"))
            .filter(address__in=list(seen))
            .values_list("address", flat=True)
        )
        pending = (
            Invitation.objects.filter(organisation=organisation)
            .pending()
            .annotate(address=Lower("email"))
            .filter(address__in=list(seen))
        )
        open_invitations = {invitation.address: invitation for invitation in pending}
        for email, invitee in seen.items():
            if email in members:
                result.already_members.append(email)
                continue
            existing = open_invitations.get(email)
            invitation = _store(
                organisation=organisation,
                invited_by=invited_by,
                email=email,
                name=invitee.name,
                role=role,
                team=team,
                team_role=team_role,
                existing=existing,
            )
            (result.sent if existing is None else result.renewed).append(invitation)
    if send:
        for invitation in result.invitations:
            invitation.organisation = organisation
            if not invitation_send_email(invitation=invitation):
                result.failed.append(invitation)
    return result


def invitation_resend(*, invitation: Invitation) -> bool:
    """A new link with a new expiry date; the old link stops working. Answers whether the mail went out."""
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation was revoked. Invite the person again."), code="revoked")
    invitation.token = _invitation_token()
    invitation.expires_at = _expiry()
    invitation.save(update_fields=["token", "expires_at"])
    return invitation_send_email(invitation=invitation)


def invitation_revoke(*, invitation: Invitation) -> Invitation:
    """Make the link stop working (already-accepted invitations stay as they are)."""
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def _email_matches(invitation: Invitation, user) -> bool:
    return _normalise_email(invitation.email) == _normalise_email(user.email)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Person:
    """Join the organisation with this invitation: create (or re-activate) the person and their team place.

    Accepting twice is harmless: the second time answers the same person. The invitation must be for
    this user's e-mail address.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "team")
        .get(pk=invitation.pk)
    )
    if not _email_matches(invitation, user):
        raise InvitationUnusable(_("This invitation is for another e-mail address."))
    person = Person.objects.filter(organisation_id=invitation.organisation_id, user=user).first()
    if invitation.accepted_at is not None:
        if person is not None and person.is_active:
            return person
        raise InvitationUnusable(_("This invitation has already been used."))
    if invitation.revoked_at is not None or invitation.is_expired:
        raise InvitationUnusable(_("This invitation is no longer valid."))

    if person is None:
        person = Person.objects.create(
            organisation_id=invitation.organisation_id, user=user, role=invitation.role
        )
    elif not person.is_active:
        person.is_active = True
        person.deactivated_at = None
        person.role = invitation.role
        person.save(update_fields=["is_active", "deactivated_at", "role"])
    person.organisation = invitation.organisation

    if invitation.team_id:
        membership = TeamMembership.objects.filter(team_id=invitation.team_id, person=person).first()
        if membership is None:
            TeamMembership.objects.create(
                organisation_id=invitation.organisation_id,
                person=person,
                team_id=invitation.team_id,
                role=invitation.team_role,
            )
        elif invitation.team_role == TeamRole.LEAD and membership.role != TeamRole.LEAD:
            membership.role = TeamRole.LEAD
            membership.save(update_fields=["role"])

    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    # Other open invitations for the same address would only confuse the admins' list.
    Invitation.objects.filter(
        organisation_id=invitation.organisation_id,
        email__iexact=invitation.email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).exclude(pk=invitation.pk).update(revoked_at=timezone.now())

    if user.last_organisation_slug != invitation.organisation.slug:
        user.last_organisation_slug = invitation.organisation.slug
        user.save(update_fields=["last_organisation_slug"])

    inviter = invitation.invited_by
    if inviter is not None and inviter.pk != person.pk:
        notify(
            inviter,
            "people.invitation_accepted",
            {
                "new_person_name": user.name or user.email,
                "team_name": invitation.team.name if invitation.team_id else "",
            },
            url=reverse("people:profile", kwargs={"org": invitation.organisation.slug, "uuid": person.uuid}),
        )
    return person


def invitation_needs_password(invitation: Invitation) -> bool:
    """Whether the invitee must choose a password here: they have no account, or one made for them by an
    import that they have never logged into (no usable password)."""
    user = get_user_model().objects.filter(email__iexact=invitation.email).first()
    return user is None or not user.has_usable_password()


@transaction.atomic
def invitation_accept_with_password(
    *, invitation: Invitation, name: str, password: str, language: str
) -> Person:
    """Set up the invitee's account with a name and password (the e-mail address is the invitation's)
    and join the organisation.

    Opening the e-mailed link proves the address is theirs, as a password-reset link would; so an
    account that an import made for them, without a password, is theirs to complete here. An account
    that already has a password is not: its owner logs in first.
    """
    User = get_user_model()
    email = _normalise_email(invitation.email)
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is not None and user.has_usable_password():
        raise ValidationError(
            _("There is already an account for this e-mail address. Log in to accept."), code="account_exists"
        )
    if not invitation.is_usable:
        raise InvitationUnusable(_("This invitation is no longer valid."))
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Enter your name."), code="name_required")
    if language not in dict(settings.LANGUAGES):
        language = invitation.organisation.default_language
    if user is None:
        user = User(email=email)
    user.name, user.language = name, language
    validate_password(password, user=user)
    user.set_password(password)
    user.save()
    # The invitee proved they read this address by opening the link, so it counts as verified.
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    return invitation_accept(invitation=invitation, user=user)
