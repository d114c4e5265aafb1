"""Forms of the practice catalogue: the filters everyone uses, and a practice as L&D admins write it."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from leerritme.lib.forms import MarksInvalid
from leerritme.practices.catalogue import LANGUAGES, TEXT_FIELDS
from leerritme.practices.models import KolbPhase, Practice, PracticeLevel, PracticePart, TypicalCadence
from leerritme.practices.selectors import CatalogueFilter


def _choices(empty_label, choices):
    return [("", empty_label), *choices.choices]


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters (a GET form: every value is optional and a wrong one is ignored)."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    kolb_phase = forms.ChoiceField(label=_("Learning phase"), required=False,
                                   choices=_choices(_("Every phase"), KolbPhase))
    level = forms.ChoiceField(label=_("Level"), required=False, choices=_choices(_("Every level"), PracticeLevel))
    typical_cadence = forms.ChoiceField(label=_("Typical cadence"), required=False,
                                        choices=_choices(_("Any cadence"), TypicalCadence))
    part = forms.ChoiceField(label=_("Runs in"), required=False, choices=_choices(_("Anywhere"), PracticePart))
    hidden = forms.BooleanField(label=_("Include hidden practices"), required=False)

    def __init__(self, *args, can_manage: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_manage:
            del self.fields["hidden"]
        for name, field in self.fields.items():
            if name == "hidden":
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field, forms.ChoiceField):
                field.widget.attrs["class"] = "form-select"
            else:
                field.widget.attrs.update({"class": "form-control", "type": "search"})

    def filters(self) -> CatalogueFilter:
        """The valid filters; when some value is invalid (an old link), that one is dropped."""
        self.is_valid()
        data = {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name in self.fields}
        return CatalogueFilter(
            q=(data.get("q") or "").strip(),
            kolb_phase=data.get("kolb_phase") or "",
            level=data.get("level") or "",
            typical_cadence=data.get("typical_cadence") or "",
            part=data.get("part") or "",
            include_hidden=bool(data.get("hidden")),
        )


def _model_field(name: str, **kwargs) -> forms.Field:
    field = Practice._meta.get_field(name).formfield(**kwargs)
    field.label = capfirst(field.label)
    return field


class PracticeForm(MarksInvalid, forms.Form):
    """A practice in both languages. A language may stay empty: readers then see the other one."""

    name_nl = _model_field("name_nl", required=False)
    name_en = _model_field("name_en", required=False)
    purpose_nl = _model_field("purpose_nl", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    purpose_en = _model_field("purpose_en", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    howto_nl = _model_field("howto_nl", required=False, widget=forms.Textarea(attrs={"rows": 7}))
    howto_en = _model_field("howto_en", required=False, widget=forms.Textarea(attrs={"rows": 7}))
    participants_nl = _model_field("participants_nl", required=False)
    participants_en = _model_field("participants_en", required=False)
    duration_minutes = forms.IntegerField(label=_("Duration in minutes"), min_value=1, max_value=480, required=False,
                                          help_text=_("How long one time takes, roughly."))
    typical_cadence = forms.ChoiceField(label=_("Typical cadence"), choices=TypicalCadence.choices)
    kolb_phase = forms.ChoiceField(
        label=_("Phase of the learning cycle"), choices=KolbPhase.choices,
        help_text=_("Kolb's cycle: experience, reflect, conceptualise (find patterns), experiment."))
    level = forms.ChoiceField(label=_("Level"), choices=PracticeLevel.choices,
                              help_text=_("Who learns: a person, a team or the organisation."))
    part = forms.ChoiceField(
        label=_("Runs in"), choices=PracticePart.choices,
        help_text=_("The part of Leerritme that runs it; “the rhythm itself” gives it a recurring appointment."))
    seed = forms.CharField(label=_("Source"), max_length=40, required=False,
                           help_text=_("Where the practice comes from, for example a book or a colleague."))

    def __init__(self, *args, practice: Practice | None = None, **kwargs):
        if practice is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(practice, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)
        self.practice = practice
        if practice is not None and not practice.is_own:
            # A shipped practice keeps its article as source.
            del self.fields["seed"]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
        for field in TEXT_FIELDS:
            for language in LANGUAGES:
                self.fields[f"{field}_{language}"].widget.attrs["lang"] = language

    def language_rows(self):
        """(label, Dutch field, English field) per text, for the two-column layout."""
        labels = {"name": _("Name"), "purpose": _("Purpose"), "howto": _("How to, one step per line"),
                  "participants": _("Who takes part")}
        return [(labels[f], self[f"{f}_nl"], self[f"{f}_en"]) for f in TEXT_FIELDS]

    def detail_fields(self):
        return [self[name] for name in ("duration_minutes", "typical_cadence", "kolb_phase", "level", "part", "seed")
                if name in self.fields]
