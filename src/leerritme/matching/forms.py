"""Forms of programmes, reflections, coaching requests and offers, meetings and closing."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerritme.matching.models import Protocol, Reach
from leerritme.orgs.models import Team
from leerritme.people.models import Skill


class NamedMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    purpose = forms.CharField(label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Why do people meet? People read it with their group."))
    reach = forms.ChoiceField(label=_("Who takes part"), choices=Reach.choices, initial=Reach.TEAM)
    teams = NamedMultipleChoiceField(label=_("Teams"), queryset=Team.objects.none(), to_field_name="uuid",
                                     required=False, widget=forms.CheckboxSelectMultiple)
    group_size = forms.IntegerField(label=_("Group size"), min_value=2, max_value=7, initial=2)
    rotating = forms.BooleanField(label=_("New groups every round (otherwise the groups stay together)"),
                                  required=False, initial=True)
    every_weeks = forms.IntegerField(label=_("A round every … weeks"), min_value=1, max_value=52, initial=4)
    skill = forms.ModelChoiceField(label=_("Pair on a skill (optional)"), queryset=Skill.objects.none(),
                                   to_field_name="uuid", required=False,
                                   help_text=_("Who wants to learn it is paired with who can teach it."))
    protocol = forms.ChoiceField(label=_("Session protocol"), choices=Protocol.choices, required=False)
    first_round_on = forms.DateField(label=_("Next round starts on (empty: start it yourself)"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, kind: str, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["teams"].queryset = teams
        self.fields["skill"].queryset = Skill.objects.order_by("name")
        if kind == "circles":
            self.fields["group_size"].initial = 5
            self.fields["group_size"].min_value = 4
            self.fields["protocol"].initial = Protocol.INCIDENT
        else:
            del self.fields["protocol"]
            del self.fields["rotating"]
            self.fields["group_size"].widget = forms.HiddenInput()
        if kind != "duos":
            del self.fields["skill"]
        if kind == "coffee":
            self.fields["reach"].initial = Reach.ORGANISATION
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control")
            if not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", css)


class ReflectionForm(forms.Form):
    reflection = forms.CharField(label=_("What did you learn from each other?"), max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class CoachingRequestForm(forms.Form):
    goal = forms.CharField(label=_("My goal"), max_length=2000,
                           help_text=_("Concrete: what do you want to be able to do, by when?"),
                           widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
    skills = NamedMultipleChoiceField(label=_("Skills"), queryset=Skill.objects.none(), to_field_name="uuid",
                                      widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES,
                                 widget=forms.Select(attrs={"class": "form-select"}))
    other_team_only = forms.BooleanField(label=_("A coach from another team"), required=False,
                                         widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.order_by("name")


class CoachOfferForm(forms.Form):
    skills = NamedMultipleChoiceField(label=_("What I can help with"), queryset=Skill.objects.none(),
                                      to_field_name="uuid",
                                      widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 6}))
    capacity = forms.IntegerField(label=_("Learners at a time"), min_value=1, max_value=10, initial=1,
                                  widget=forms.NumberInput(attrs={"class": "form-control"}))
    description = forms.CharField(label=_("How I coach"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
    languages = forms.MultipleChoiceField(label=_("Languages"), choices=settings.LANGUAGES,
                                          widget=forms.CheckboxSelectMultiple)
    is_active = forms.BooleanField(label=_("I take learners now"), required=False, initial=True,
                                   widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.order_by("name")


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"),
                              widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}))
    minutes = forms.IntegerField(label=_("Minutes"), min_value=5, max_value=480, initial=60,
                                 widget=forms.NumberInput(attrs={"class": "form-control"}))
    notes = forms.CharField(label=_("What we worked on"), max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
    progress = forms.IntegerField(label=_("Progress towards the goal (%)"), min_value=0, max_value=100,
                                  required=False, widget=forms.NumberInput(attrs={"class": "form-control"}))
    next_meeting_at = forms.DateTimeField(label=_("Next meeting (optional)"), required=False,
                                          widget=forms.DateTimeInput(attrs={"type": "datetime-local",
                                                                            "class": "form-control"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()


class CloseForm(forms.Form):
    reflection = forms.CharField(label=_("Looking back: what did the coaching bring?"), max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))
