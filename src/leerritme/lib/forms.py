"""What every part's forms share."""

from django import forms


class MarksInvalid:
    """`is-invalid` (with `aria-invalid`) on fields with errors, for forms that set their widgets' classes
    themselves. Mix in before `forms.Form` or `forms.ModelForm`."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


class Bootstrap(MarksInvalid):
    """Bootstrap classes on every widget, and invalid fields marked (`MarksInvalid`), so templates render plain
    fields. Mix in before `forms.Form` or `forms.ModelForm`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
