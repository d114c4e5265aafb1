from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def signup_is_open() -> bool:
    """Whether visitors may start a new organisation themselves (SIGNUP_OPEN)."""
    return settings.SIGNUP_OPEN


@register.simple_tag
def unverified_email(user) -> str:
    """The person's address that still needs confirming, or "" (allauth allows two-factor only after that)."""
    from allauth.account.models import EmailAddress

    if not user.is_authenticated:
        return ""
    address = EmailAddress.objects.filter(user=user, verified=False).order_by("-primary").first()
    return address.email if address else ""
