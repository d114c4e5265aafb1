"""Helpers the loop's views share."""

from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme


def errors_to_form(form, error: ValidationError) -> None:
    """A service's ValidationError shown on the form: at its field when it names one, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def next_url(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback
