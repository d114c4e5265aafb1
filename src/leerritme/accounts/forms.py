from django import forms
from django.utils.translation import gettext_lazy as _

from leerritme.accounts.models import Language, User


class AccountSettingsForm(forms.ModelForm):
    """What a person changes about themselves: the name colleagues see and the language Leerritme speaks."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=Language.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text=_("Leerritme's pages and e-mails use this language."),
    )

    class Meta:
        model = User
        fields = ["name", "language"]
        help_texts = {"name": _("Your colleagues see this name.")}
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "name"})}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please fill in your name."))
        return name
