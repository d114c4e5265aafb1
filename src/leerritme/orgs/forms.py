from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from leerritme.accounts.models import User
from leerritme.accounts.services import password_problems
from leerritme.orgs.models import Organisation
from leerritme.orgs.services import organisation_slug_suggest

THRESHOLD_MESSAGE = _("Choose a number from 3 to 10.")


class OrganisationCreateForm(forms.Form):
    """A new organisation; its short name is suggested from the name when left empty."""

    organisation_name = forms.CharField(
        label=_("Name of your organisation"), max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    slug = forms.SlugField(
        label=_("Short name"), max_length=50, required=False,
        help_text=_("Used in web addresses: lowercase letters, digits and hyphens. "
                    "We suggest one from the name."),
        widget=forms.TextInput(attrs={"data-slug-from": "id_organisation_name", "autocapitalize": "none",
                                      "spellcheck": "false"}),
    )
    default_language = forms.ChoiceField(
        label=_("Default language"), choices=settings.LANGUAGES,
        help_text=_("New colleagues start in this language; everyone can choose their own."),
    )

    def clean_organisation_name(self):
        name = self.cleaned_data["organisation_name"].strip()
        if not name:
            raise forms.ValidationError(_("Please fill in the name of your organisation."))
        return name

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip().lower()
        if slug and Organisation.objects.filter(slug=slug).exists():
            raise forms.ValidationError(
                _("The short name “%(slug)s” is already taken. Try “%(suggestion)s”."),
                params={"slug": slug, "suggestion": organisation_slug_suggest(slug)},
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("organisation_name") and "slug" not in self.errors:
            cleaned["slug"] = organisation_slug_suggest(cleaned["organisation_name"])
        return cleaned


class SetupForm(OrganisationCreateForm):
    """First start and self-service sign-up: your account and your organisation on one page."""

    name = forms.CharField(label=_("Your name"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Your e-mail address"),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common or only-digits password."),
    )
    password2 = forms.CharField(label=_("Password (again)"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    field_order = ["name", "email", "password1", "password2", "organisation_name", "slug", "default_language"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please fill in your name."))
        return name

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("There is already an account with this e-mail address. Log in first, then start a new "
                  "organisation from here.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            problems = password_problems(
                password1, email=cleaned.get("email", ""), name=cleaned.get("name", "")
            )
            if problems:
                self.add_error("password1", problems)
        return cleaned

    @property
    def account_fields(self):
        return [self[name] for name in ("name", "email", "password1", "password2")]

    @property
    def organisation_fields(self):
        return [self[name] for name in ("organisation_name", "slug", "default_language")]


class OrganisationSettingsForm(forms.ModelForm):
    """What owners change about their organisation; its short name stays, because links and feeds use it."""

    anonymity_threshold = forms.IntegerField(
        label=_("Minimum group size for survey results"),
        validators=[MinValueValidator(3, THRESHOLD_MESSAGE), MaxValueValidator(10, THRESHOLD_MESSAGE)],
        error_messages={"invalid": THRESHOLD_MESSAGE, "required": THRESHOLD_MESSAGE},
        help_text=_("Survey results are only shown for groups with at least this many answers (3 to 10), "
                    "so that nobody's answers can be recognised."),
        widget=forms.NumberInput(attrs={"min": 3, "max": 10, "inputmode": "numeric"}),
    )

    class Meta:
        model = Organisation
        fields = ["name", "default_language", "anonymity_threshold", "team_rankings"]
        help_texts = {
            "default_language": _("New colleagues start in this language; everyone can choose their own."),
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please fill in the name of your organisation."))
        return name
