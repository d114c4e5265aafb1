from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.accounts.forms import AccountSettingsForm
from leerritme.accounts.language import set_language_cookie
from leerritme.accounts.services import user_language_set, user_settings_update


@login_required
def account_settings(request):
    """The person's own name and language, with the way to their password and two-factor settings."""
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = user_settings_update(user=request.user, **form.cleaned_data)
        # Say it in the language just chosen.
        with translation.override(user.language):
            messages.success(request, gettext("Your settings have been saved."))
        response = redirect("accounts:settings")
        set_language_cookie(response, user.language)
        return response
    primary = EmailAddress.objects.filter(user=request.user, primary=True).first()
    return render(request, "accounts/settings.html", {
        "form": form,
        "email": primary.email if primary else request.user.email,
        "mfa_enabled": is_mfa_enabled(request.user),
    })


@require_POST
def set_language(request):
    """The footer's language switch: remembered in a cookie, and as the preference of a logged-in person."""
    language = request.POST.get("language", "")
    response = redirect(_safe_next(request))
    if language in dict(settings.LANGUAGES):
        set_language_cookie(response, language)
        if request.user.is_authenticated:
            user_language_set(user=request.user, language=language)
    return response


def _safe_next(request) -> str:
    """Back where the person came from, but never to another site."""
    for candidate in (request.POST.get("next"), request.META.get("HTTP_REFERER")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return "/"
