from django import forms
from django.utils.translation import gettext_lazy as _

from leerritme.notifications.kinds import registered_kinds
from leerritme.notifications.models import (
    MAX_REMINDER_HOURS,
    NotificationPreference,
    NotificationSettings,
    validate_quiet_hours,
)
from leerritme.orgs.models import Person

BY_EMAIL = "email"
ONLY_IN_APP = "app"


class NotificationSettingsForm(forms.ModelForm):
    """The general settings: quiet hours, how long before a learning moment to remind, the weekly digest."""

    class Meta:
        model = NotificationSettings
        fields = ["quiet_from", "quiet_until", "reminder_hours", "weekly_digest"]
        labels = {
            "quiet_from": _("From"),
            "quiet_until": _("Until"),
            "reminder_hours": _("Remind me this many hours before"),
            "weekly_digest": _("Send me a weekly digest"),
        }
        help_texts = {
            "quiet_from": "",
            "reminder_hours": _("Before each learning moment of your teams: from 1 to 168 hours (a week)."),
            "weekly_digest": _("On Monday morning: your teams' learning moments that week, proposals waiting "
                               "for you and how many notifications you have not read."),
        }
        error_messages = {
            "reminder_hours": {
                "min_value": _("Choose at least 1 hour."),
                "max_value": _("Choose at most %(limit_value)s hours (a week)."),
                "invalid": _("Enter a whole number of hours."),
                "required": _("Say how many hours before you want a reminder."),
            },
            "quiet_from": {"invalid": _("Enter a time such as 22:00.")},
            "quiet_until": {"invalid": _("Enter a time such as 07:00.")},
        }
        widgets = {
            "quiet_from": forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M"),
            "quiet_until": forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M"),
            "reminder_hours": forms.NumberInput(
                attrs={"min": 1, "max": MAX_REMINDER_HOURS, "step": 1, "class": "form-control",
                       "inputmode": "numeric"}
            ),
            "weekly_digest": forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_helptext"
        # Both times share one description of what quiet hours do.
        for name in ("quiet_from", "quiet_until"):
            self.fields[name].widget.attrs["aria-describedby"] = "quiet-hours-help"

    def clean(self):
        cleaned = super().clean()
        # Only when both times could be read: an unreadable one already has its own message.
        if not {"quiet_from", "quiet_until"} & self.errors.keys():
            validate_quiet_hours(cleaned.get("quiet_from"), cleaned.get("quiet_until"))
        return cleaned

    def full_clean(self):
        super().full_clean()
        # Mark the fields that need another look, and point screen readers to their message.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = attrs.get("class", "") + " is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{name}_error"


class PreferencesForm(forms.Form):
    """Per registered kind of notification: by e-mail (and in the app) or only in the app."""

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = dict(NotificationPreference.objects.filter(person=person).values_list("kind", "email"))
        self.kinds = registered_kinds()
        for kind in self.kinds:
            email = chosen.get(kind.code, kind.email_by_default)
            self.fields[self.field_name(kind.code)] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.help_text,
                choices=[(BY_EMAIL, _("By e-mail and in the app")), (ONLY_IN_APP, _("Only in the app"))],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=BY_EMAIL if email else ONLY_IN_APP,
                # Not required: a kind added since the page was loaded keeps its current setting.
                required=False,
                error_messages={"invalid_choice": _("Choose one of the two options.")},
            )

    @staticmethod
    def field_name(code: str) -> str:
        return "email__" + code.replace(".", "__")

    def choices(self) -> list[tuple[str, bool]]:
        """(kind, by e-mail) for every kind the person chose for."""
        chosen = ((kind.code, self.cleaned_data[self.field_name(kind.code)]) for kind in self.kinds)
        return [(code, value == BY_EMAIL) for code, value in chosen if value]
