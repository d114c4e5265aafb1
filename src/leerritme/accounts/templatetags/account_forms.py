"""Bootstrap markup for Django form fields, shared by our forms and django-allauth's pages.

Django already sets `aria-invalid` and `aria-describedby` (pointing at `<id>_error` and `<id>_helptext`);
these filters add Bootstrap's classes and leave the accessible wiring to Django.
"""

from django import forms, template
from django.forms.forms import NON_FIELD_ERRORS

register = template.Library()


@register.filter
def field_kind(field) -> str:
    """How a bound field is laid out: "checkbox", "choices" (a group of radios or checkboxes) or "input"."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return "choices"
    return "input"


@register.filter
def bootstrap_widget(field):
    """The field's widget with Bootstrap's classes; the first invalid field gets the focus."""
    widget = field.field.widget
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": " ".join(filter(None, [widget.attrs.get("class", ""), css]))}
    # A placeholder that repeats the visible label only adds noise for screen readers.
    if str(widget.attrs.get("placeholder", "")) == str(field.label):
        attrs["placeholder"] = False
    if field.errors and field.name == _first_invalid_field(field.form):
        attrs["autofocus"] = True
    return field.as_widget(attrs=attrs)


def _first_invalid_field(form) -> str | None:
    for name in form.errors:
        if name != NON_FIELD_ERRORS and name in form.fields and not form[name].is_hidden:
            return name
    return None
