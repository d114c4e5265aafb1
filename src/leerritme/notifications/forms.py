from django import forms

from leerritme.notifications.kinds import registered_kinds
from leerritme.notifications.models import NotificationPreference
from leerritme.orgs.models import Person


class PreferencesForm(forms.Form):
    """One 'also by e-mail' checkbox per registered kind of notification."""

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = dict(NotificationPreference.objects.filter(person=person).values_list("kind", "email"))
        self.kinds = registered_kinds()
        for kind in self.kinds:
            self.fields[self.field_name(kind.code)] = forms.BooleanField(
                label=kind.label, required=False, initial=chosen.get(kind.code, kind.email_by_default)
            )

    @staticmethod
    def field_name(code: str) -> str:
        return "email__" + code.replace(".", "__")

    def choices(self) -> list[tuple[str, bool]]:
        return [(kind.code, self.cleaned_data[self.field_name(kind.code)]) for kind in self.kinds]
