"""How django-allauth fits Leerritme: sign-up starts an organisation; mail speaks the person's language."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from leerritme.accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """allauth's own sign-up page is never used: with SIGNUP_OPEN it leads to the first-start page
        (an account on its own, without an organisation, has nothing to do); otherwise it is closed and
        people join by invitation."""
        if not settings.SIGNUP_OPEN:
            return False
        # allauth documents raising ImmediateHttpResponse here to take over the sign-up flow.
        raise ImmediateHttpResponse(redirect("setup"))

    def get_login_redirect_url(self, request):
        """After logging in without a `next`: the root, which picks the organisation the person last used."""
        return reverse("root")

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        """Security notices go to the login address also when allauth has no EmailAddress row for it
        (accounts made by import or by the operator)."""
        return super().send_notification_mail(template_prefix, user, context, email=email or user.email)

    def send_mail(self, template_prefix, email, context):
        """Every allauth mail (password reset, security notices) in the recipient's own language.

        Also works outside a request (allauth sends some notices from `transaction.on_commit`).
        """
        request = allauth_context.request
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        context = {
            "request": request,
            "email": email,
            **self._mail_context(),
            **context,
            "user": user,
        }
        language = user.language if user is not None and user.language else translation.get_language()
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        message.send()

    def _mail_context(self) -> dict:
        site_url = settings.SITE_URL
        return {
            "site_url": site_url,
            "signup_open": settings.SIGNUP_OPEN,
            "setup_url": site_url + reverse("setup"),
            "login_url": site_url + reverse("account_login"),
            "password_change_url": site_url + reverse("account_change_password"),
        }
