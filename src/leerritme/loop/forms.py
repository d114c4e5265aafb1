"""Forms of the learning loop; the services check everything again and give the messages for bad input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from leerritme.learning.models import LearningKind
from leerritme.lib.forms import Bootstrap
from leerritme.loop.models import TEXT_MAX, TITLE_MAX, Consent, Decision, IdeaStatus, LessonVisibility, Reaction
from leerritme.orgs.models import Person, Team

# ISO dates: a browser's date input reads no other format, whatever the language.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label, *, required=True, rows=3, help_text=""):
    return forms.CharField(label=label, required=required, max_length=TEXT_MAX, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _title(label=None):
    return forms.CharField(label=label or _("Title"), max_length=TITLE_MAX)


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ExperimentForm(Bootstrap, forms.Form):
    title = _title()
    if_we = _text(_("If we …"), help_text=_("What will you do differently? For example: start each stand-up "
                                            "with yesterday's one surprise."))
    then = _text(_("then …"), help_text=_("What do you expect to happen?"))
    we_will_see = _text(_("and we will see it in …"), help_text=_("What will show you whether it worked: a "
                                                                 "number, a signal, something people say."))
    owner = PersonChoice(label=_("Owner"), queryset=None, required=False,
                         to_field_name="uuid", empty_label=_("Me"))
    starts_on = forms.DateField(label=_("Start"), widget=DATE)
    ends_on = forms.DateField(label=_("Evaluate on"), widget=DATE,
                              help_text=_("On this day you look back together: what happened, what did you learn?"))

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (Person.objects.filter(team_memberships__team=team, is_active=True)
                                         .select_related("user").order_by("user__name"))


class TeamChoiceForm(Bootstrap, forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, to_field_name="uuid",
                                  empty_label=None)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class EvaluationForm(Bootstrap, forms.Form):
    what_happened = _text(_("What happened?"), rows=4)
    what_we_learned = _text(_("What did we learn?"), rows=4)
    decision = forms.ChoiceField(label=_("What do we do now?"), choices=Decision.choices,
                                 widget=forms.RadioSelect)


class StopForm(Bootstrap, forms.Form):
    reason = _text(_("Why stop now?"), required=False, rows=2)


class LessonForm(Bootstrap, forms.Form):
    title = _title()
    what_happened = _text(_("What happened?"), help_text=_("The facts, without blame: what, not who."))
    what_we_expected = _text(_("What did we expect?"))
    what_we_learned = _text(_("What did we learn?"))
    do_differently = _text(_("What will we do differently?"))
    from_mistake = forms.BooleanField(label=_("We learned this from a mistake"), required=False,
                                      help_text=_("Mistakes are how a team learns most; saying so helps others."))
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False,
                                  to_field_name="uuid", empty_label=_("No team"))
    visibility = forms.ChoiceField(label=_("Share with"), choices=LessonVisibility.choices,
                                   initial=LessonVisibility.DRAFT, widget=forms.RadioSelect)
    involved = PeopleChoice(label=_("Who else was involved?"), queryset=None, required=False,
                            to_field_name="uuid",
                            help_text=_("They are asked before the lesson is ever celebrated as lesson of the "
                                        "month. You are always among them."))

    def __init__(self, *args, teams, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["involved"].queryset = colleagues


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=Reaction.choices)


class ConsentForm(forms.Form):
    consent = forms.ChoiceField(choices=[(Consent.GIVEN, Consent.GIVEN.label),
                                         (Consent.DECLINED, Consent.DECLINED.label)])


class IdeaForm(Bootstrap, forms.Form):
    title = _title(_("Your idea"))
    description = _text(_("Explain it (optional)"), required=False)
    anonymous = forms.BooleanField(label=_("Submit anonymously"), required=False,
                                   help_text=_("Then your name is not stored anywhere, not even hidden; you also "
                                               "will not hear what happened with it, except here."))


class DecideForm(Bootstrap, forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=[
        (s, label) for s, label in IdeaStatus.choices if s != IdeaStatus.SUBMITTED])
    reason = _text(_("Reason"), rows=2, help_text=_("The team sees why."))


class TimelineFilterForm(Bootstrap, forms.Form):
    kind = forms.MultipleChoiceField(label=_("Kinds"), required=False, choices=LearningKind.choices,
                                     widget=forms.SelectMultiple(attrs={"size": 5}))
    period = forms.ChoiceField(label=_("Period"), required=False, choices=[
        ("", _("All time")), ("week", _("Last week")), ("month", _("Last month")), ("quarter", _("Last quarter")),
        ("year", _("Last year"))])
