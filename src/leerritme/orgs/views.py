import copy

from allauth.account.utils import complete_signup
from allauth.decorators import rate_limit
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters

from leerritme.orgs import rules
from leerritme.orgs.forms import OrganisationCreateForm, OrganisationSettingsForm, SetupForm
from leerritme.orgs.models import Organisation
from leerritme.orgs.services import organisation_create, organisation_setup, organisation_update


@sensitive_post_parameters("password1", "password2")
@rate_limit(action="signup")
def setup(request):
    """Start an organisation: on an empty installation the first visitor, later anyone when sign-up is open.

    A visitor creates their account and the organisation at once and becomes its owner; someone who is
    logged in only creates the organisation. With SIGNUP_OPEN off and organisations present, this page
    does not exist: people then join by invitation.
    """
    first_start = not Organisation.objects.exists()
    if not first_start and not settings.SIGNUP_OPEN:
        raise Http404
    form_class = OrganisationCreateForm if request.user.is_authenticated else SetupForm
    form = form_class(request.POST or None, initial={"default_language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.user.is_authenticated:
            organisation = organisation_create(
                name=data["organisation_name"], slug=data["slug"], owner_user=request.user,
                default_language=data["default_language"],
            )
            messages.success(request, _welcome(organisation))
            return redirect("home", org=organisation.slug)
        organisation, user = organisation_setup(
            organisation_name=data["organisation_name"], slug=data["slug"],
            default_language=data["default_language"], name=data["name"], email=data["email"],
            password=data["password1"], language=translation.get_language(),
        )
        messages.success(request, _welcome(organisation))
        return complete_signup(request, user, None, reverse("home", kwargs={"org": organisation.slug}))
    return render(request, "orgs/setup.html", {"form": form, "first_start": first_start})


def _welcome(organisation) -> str:
    return gettext("Welcome to Leerritme! %(organisation)s is ready; you are its owner.") % {
        "organisation": organisation.name
    }


def organisation_settings(request, org):
    """The organisation's name, default language and survey anonymity threshold; for owners."""
    rules.require(request.person, "org.manage")
    organisation = request.organisation
    # A copy: an invalid form must not leave a half-edited name in the page header.
    form = OrganisationSettingsForm(request.POST or None, instance=copy.copy(organisation))
    if request.method == "POST" and form.is_valid():
        organisation_update(organisation=organisation, **form.cleaned_data)
        messages.success(request, gettext("The organisation's settings have been saved."))
        return redirect("orgs:settings", org=organisation.slug)
    return render(request, "orgs/settings.html", {"form": form})
