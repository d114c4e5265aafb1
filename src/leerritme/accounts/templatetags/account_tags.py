from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def signup_is_open() -> bool:
    """Whether visitors may start a new organisation themselves (SIGNUP_OPEN)."""
    return settings.SIGNUP_OPEN
