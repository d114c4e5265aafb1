"""Forms of the action pages: change an action (text, owner, due date, status), or only its status."""

from django import forms
from django.utils.translation import gettext_lazy as _

from leerritme.orgs.models import Person
from leerritme.reflection.models import ACTION_MAX_LENGTH, ActionStatus


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=ACTION_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2, "maxlength": ACTION_MAX_LENGTH}),
                           error_messages={"required": _("Describe the action."),
                                           "max_length": _("An action holds at most %(limit_value)d characters.")})
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none(), required=False,
                                   to_field_name="uuid", empty_label=_("No owner yet"))
    due_date = forms.DateField(label=_("Due date"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               error_messages={"invalid": _("Enter a date, such as 2026-03-31.")})
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            Person.objects.filter(team_memberships__team=team, is_active=True).select_related("user")
            .order_by("user__name").distinct()
        )
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-select" if name in ("owner", "status") else "form-control"
            if self.is_bound and name in self.errors:
                field.widget.attrs["class"] += " is-invalid"
                field.widget.attrs["aria-describedby"] = f"id_{name}-error"
        self.fields["owner"].label_from_instance = lambda person: person.display_name


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices,
                               error_messages={"invalid_choice": _("Choose a status.")})
