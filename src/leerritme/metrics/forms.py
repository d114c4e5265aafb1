from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from leerritme.metrics.periods import DEFAULT_PRESET, MONTH, PRESETS, WEEK, Period, period_from


class DashboardForm(forms.Form):
    """Which part of the organisation and which period; read from the query string (GET)."""

    scope = forms.ChoiceField(label=_("For"))
    period = forms.ChoiceField(label=_("Period"), choices=[(k, v[0]) for k, v in PRESETS.items()],
                               initial=DEFAULT_PRESET)
    first = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    bucket = forms.ChoiceField(label=_("Per"), choices=[(MONTH, _("Month")), (WEEK, _("Week"))], initial=MONTH)

    def __init__(self, data, *, options, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["scope"].choices = [(o.value, o.label) for o in options]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field, forms.ChoiceField)
                                          else "form-control")
        self.period: Period | None = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.period = period_from(data["period"], first=data.get("first"), last=data.get("last"),
                                      bucket=data["bucket"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        return data
