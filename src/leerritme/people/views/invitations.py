"""The public invitation page: `/invitation/<token>/`, outside /o/ because the invitee is not a member yet.

The token is the secret. It is looked up across organisations (scopes disabled for that one query);
everything after runs inside the invitation's organisation's scope. An unknown token is a 404; a
used, revoked or expired one a 410 that names nothing of the organisation.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_scopes import scope, scopes_disabled

from leerritme.orgs.models import Person, Role, TeamRole
from leerritme.people.forms.invitations import AcceptWithPasswordForm
from leerritme.people.models import Invitation
from leerritme.people.services.invitations import (
    InvitationUnusable,
    invitation_accept,
    invitation_accept_with_password,
    invitation_needs_password,
)

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _find(token: str) -> Invitation:
    if not token or len(token) > 64:
        raise Http404
    with scopes_disabled():
        invitation = (
            Invitation.objects.select_related("organisation", "team", "invited_by__user")
            .filter(token=token)
            .first()
        )
    if invitation is None:
        raise Http404
    return invitation


def _unusable(request, invitation: Invitation):
    if invitation.accepted_at is not None:
        reason = "accepted"
    elif invitation.revoked_at is not None:
        reason = "revoked"
    else:
        reason = "expired"
    return render(request, "people/invitations/unusable.html", {"reason": reason}, status=410)


def _welcome(request, person: Person):
    messages.success(request, _("Welcome to %(organisation)s!") % {"organisation": person.organisation.name})
    return redirect("home", org=person.organisation.slug)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token):
    """Show the invitation and let the invitee join: one click when logged in, or by choosing a password."""
    invitation = _find(token)
    with scope(organisation=invitation.organisation):
        return _accept(request, invitation)


def _accept(request, invitation: Invitation):
    user = request.user if request.user.is_authenticated else None
    if not invitation.is_usable:
        # The invitee coming back to a link they already used simply goes in.
        if invitation.accepted_at is not None and user is not None:
            person = Person.objects.filter(user=user, is_active=True).first()
            if person is not None and person.user.email.lower() == invitation.email.lower():
                return redirect("home", org=invitation.organisation.slug)
        return _unusable(request, invitation)

    context = {
        "invitation": invitation,
        "invitation_organisation": invitation.organisation,
        "inviter_name": invitation.invited_by.user.name if invitation.invited_by_id else "",
        "role_label": Role(invitation.role).label,
        "team_role_label": TeamRole(invitation.team_role).label,
    }

    if user is not None:
        if user.email.lower() != invitation.email.lower():
            return render(request, "people/invitations/accept.html", {**context, "mode": "other_account"})
        if request.method == "POST":
            try:
                person = invitation_accept(invitation=invitation, user=user)
            except InvitationUnusable:
                invitation.refresh_from_db()
                return _unusable(request, invitation)
            return _welcome(request, person)
        return render(request, "people/invitations/accept.html", {**context, "mode": "join"})

    if not invitation_needs_password(invitation):
        login_url = reverse("account_login") + "?" + urlencode({"next": request.path})
        return render(
            request, "people/invitations/accept.html", {**context, "mode": "login", "login_url": login_url}
        )

    form = AcceptWithPasswordForm(
        request.POST or None,
        initial={"name": invitation.name or _existing_name(invitation), "language": get_language()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = invitation_accept_with_password(
                invitation=invitation,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
                language=form.cleaned_data["language"],
            )
        except InvitationUnusable:
            invitation.refresh_from_db()
            return _unusable(request, invitation)
        except ValidationError as error:
            field = {"account_exists": None, "name_required": "name"}.get(
                error.error_list[0].code, "password1"
            )
            form.add_error(field, error)
        else:
            login(request, person.user, backend=LOGIN_BACKEND)
            return _welcome(request, person)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "people/invitations/accept.html", {**context, "mode": "signup", "form": form}, status=status
    )


def _existing_name(invitation: Invitation) -> str:
    user = get_user_model().objects.filter(email__iexact=invitation.email).only("name").first()
    return user.name if user is not None else ""
