"""Forms of adopting and proposing practices, answering proposals and writing the learning vision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from leerritme.lib.forms import MarksInvalid
from leerritme.orgs.models import Person, Team
from leerritme.practices.services.adoption import MAX_NOTE, MAX_PURPOSE, MAX_VISION


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class TeamMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class TeamPickForm(forms.Form):
    """Which team adopts the practice (for people who may adopt for more than one team)."""

    team = TeamChoiceField(label=_("Team"), queryset=Team.objects.none(), to_field_name="uuid",
                           empty_label=_("Choose a team"))

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams if teams is not None else Team.objects.none()
        self.fields["team"].widget.attrs["class"] = "form-select"


class AdoptionForm(MarksInvalid, forms.Form):
    """Who owns the practice in the team, and why the team does it."""

    owner = PersonChoiceField(
        label=_("Owner"), queryset=Person.objects.none(), to_field_name="uuid", empty_label=_("Choose a colleague"),
        help_text=_("The colleague who keeps it going: prepares it, reminds the others, notices when it slips."))
    purpose = forms.CharField(
        label=_("Why we do this"), max_length=MAX_PURPOSE, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences in your own words, for the team and for colleagues who read "
                    "the way of learning."))

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            Person.objects.filter(team_memberships__team=team, is_active=True)
            .select_related("user").order_by("user__name", "user__email")
        )
        self.fields["owner"].widget.attrs["class"] = "form-select"
        self.fields["purpose"].widget.attrs["class"] = "form-control"


class ProposeForm(MarksInvalid, forms.Form):
    """Propose a practice to teams, with a note for their leads."""

    teams = TeamMultipleChoiceField(label=_("Teams"), queryset=Team.objects.none(), to_field_name="uuid",
                                    widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(
        label=_("Note for the team leads"), max_length=MAX_NOTE, required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Why you think this suits them; the leads read it with the proposal."))

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams if teams is not None else Team.objects.none()


class DeclineForm(MarksInvalid, forms.Form):
    """Why the team does not take up a proposed practice."""

    reason = forms.CharField(
        label=_("Why not"), max_length=MAX_PURPOSE, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("The colleague who proposed it reads your reason."))


class VisionForm(MarksInvalid, forms.Form):
    """The organisation's learning vision: plain text, paragraphs separated by an empty line."""

    vision = forms.CharField(
        label=_("Our learning vision"), max_length=MAX_VISION, required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "form-control"}),
        help_text=_("Plain text. Leave an empty line between paragraphs."))

