from django import forms
from django.utils.translation import gettext_lazy as _


class ClientForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=150,
        help_text=_("The tool that will use these credentials, for example “Academy e-learning”."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    can_read = forms.BooleanField(label=_("May read statements and documents"), required=False, initial=True,
                                  widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    can_write = forms.BooleanField(label=_("May send statements and documents"), required=False, initial=True,
                                   widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def clean(self):
        data = super().clean()
        if not (data.get("can_read") or data.get("can_write")):
            raise forms.ValidationError(_("A client needs to be allowed to read, to send or both."))
        return data
