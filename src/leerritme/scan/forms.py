"""Forms of the scan; the checks that matter live in the services, these only shape the input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerritme.orgs.models import Team
from leerritme.scan.models import Instrument, Scale


class InstrumentForm(forms.Form):
    name_nl = forms.CharField(label=_("Name (Dutch)"), max_length=150)
    name_en = forms.CharField(label=_("Name (English)"), max_length=150)
    description_nl = forms.CharField(label=_("Description (Dutch)"), widget=forms.Textarea(attrs={"rows": 3}),
                                     required=False)
    description_en = forms.CharField(label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 3}),
                                     required=False)
    scale = forms.ChoiceField(label=_("Scale"), choices=Scale.choices, initial=Scale.LIKERT5)


class ItemForm(forms.Form):
    dimension_name = forms.CharField(
        label=_("Dimension"), max_length=150,
        help_text=_("What this statement measures. Statements with the same dimension are scored together."))
    text_nl = forms.CharField(label=_("Statement (Dutch)"), max_length=300)
    text_en = forms.CharField(label=_("Statement (English)"), max_length=300)
    reverse_scored = forms.BooleanField(
        label=_("Reverse-scored"), required=False,
        help_text=_("Tick this when agreeing is the bad answer, e.g. “Mistakes are held against you”."))


class RunForm(forms.Form):
    instrument = forms.ModelChoiceField(label=_("Instrument"), queryset=Instrument.objects.none(),
                                        empty_label=_("Choose an instrument"))
    title = forms.CharField(label=_("Title"), max_length=150, required=False,
                            help_text=_("Leave empty to use the instrument's name."))
    whole_organisation = forms.BooleanField(label=_("Ask the whole organisation"), required=False)
    teams = forms.ModelMultipleChoiceField(
        label=_("Or these departments and teams"), queryset=Team.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A department includes every team under it. Results follow the same hierarchy."))
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = Instrument.objects.filter(is_active=True, items__isnull=False).distinct()
        self.fields["teams"].queryset = Team.objects.order_by("name")
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("opens_on", today)
            self.initial.setdefault("closes_on", today + timezone.timedelta(days=14))
