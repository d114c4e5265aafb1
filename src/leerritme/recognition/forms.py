"""Forms of the recognition pages, with Bootstrap classes and clear messages for bad input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from leerritme.learning.models import LearningKind
from leerritme.lib.forms import Bootstrap
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.people.models import Skill
from leerritme.recognition.models import (
    Badge,
    Challenge,
    KudosVisibility,
    RecognitionSettings,
)
from leerritme.recognition.services.badges import MAX_IMAGE_BYTES
from leerritme.recognition.services.challenges import NOT_COUNTABLE
from leerritme.recognition.webhooks import validate_webhook_url

MAX_OTHERS = 20




def _people_by_address(text: str, organisation) -> tuple[list[Person], list[str]]:
    addresses = [a.strip().lower() for a in text.replace(";", ",").replace("\n", ",").split(",") if a.strip()]
    found = {p.user.email.lower(): p for p in
             Person.objects.filter(is_active=True, user__email__in=addresses).select_related("user")}
    return [found[a] for a in addresses if a in found], [a for a in addresses if a not in found]


class KudosForm(Bootstrap, forms.Form):
    recipients = forms.ModelMultipleChoiceField(
        label=_("Colleagues in my teams"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple)
    others = forms.CharField(
        label=_("Other colleagues"), required=False, max_length=2000,
        help_text=_("Their e-mail addresses, separated by commas."))
    message = forms.CharField(label=_("What do you appreciate about their learning?"), max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    skill = forms.ModelChoiceField(label=_("Skill it concerns"), queryset=None, required=False,
                                   empty_label=_("(no skill)"))
    value = forms.CharField(label=_("Or a value it shows"), max_length=100, required=False,
                            help_text=_("For example: curiosity, helping each other, learning from a mistake."))
    visibility = forms.ChoiceField(label=_("Who may see it"), choices=KudosVisibility.choices,
                                   initial=KudosVisibility.TEAM, widget=forms.RadioSelect)

    def __init__(self, *args, giver: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.giver = giver
        my_teams = TeamMembership.objects.filter(person=giver).values("team_id")
        self.fields["recipients"].queryset = (
            Person.objects.filter(is_active=True, team_memberships__team_id__in=my_teams)
            .exclude(pk=giver.pk).select_related("user").distinct().order_by("user__name"))
        self.fields["recipients"].label_from_instance = lambda p: p.display_name
        self.fields["skill"].queryset = Skill.objects.order_by("name")

    def clean(self):
        data = super().clean()
        people = list(data.get("recipients") or [])
        if data.get("others"):
            more, unknown = _people_by_address(data["others"], self.giver.organisation)
            if unknown:
                self.add_error("others", _("No colleague found for: %(list)s") % {"list": ", ".join(unknown)})
            if len(more) > MAX_OTHERS:
                self.add_error("others", _("At most %(n)s addresses at once.") % {"n": MAX_OTHERS})
            people += more
        data["people"] = people
        return data


class BadgeForm(Bootstrap, forms.ModelForm):
    upload = forms.FileField(label=_("Image (PNG or SVG, at most 512 KB)"), required=False,
                             help_text=_("Without an image, a round badge with its initials in the colour is used."))
    remove_image = forms.BooleanField(label=_("Use the generated image instead of the uploaded one"), required=False)

    class Meta:
        model = Badge
        fields = ["name", "description", "criteria", "colour", "rule_kind", "rule_count", "active"]
        widgets = {"criteria": forms.Textarea(attrs={"rows": 4}), "colour": forms.TextInput(attrs={"type": "color"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_kind"].choices = [("", _("(award by hand only)"))] + [
            c for c in LearningKind.choices if c[0] != LearningKind.BADGE_EARNED]
        self.fields["colour"].widget.attrs["class"] = "form-control form-control-color"

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        if upload.size > MAX_IMAGE_BYTES:
            raise forms.ValidationError(_("The image is larger than 512 KB."))
        return upload.read()


class AwardForm(Bootstrap, forms.Form):
    email = forms.EmailField(label=_("Colleague's e-mail address"))
    narrative = forms.CharField(label=_("Why (optional, published with the badge)"), required=False,
                                max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        person = Person.objects.filter(is_active=True, user__email__iexact=email).select_related("user").first()
        if person is None:
            raise forms.ValidationError(_("No colleague with this e-mail address."))
        self.person = person
        return email


class RevokeForm(Bootstrap, forms.Form):
    reason = forms.CharField(label=_("Reason (published with the revocation)"), max_length=250)


class ChallengeForm(Bootstrap, forms.ModelForm):
    # Declared with its queryset set per request: the scoped managers refuse queries at import time.
    team = forms.ModelChoiceField(label=_("Only for team"), queryset=None, required=False,
                                  help_text=_("Leave empty to open it to the whole organisation."))

    class Meta:
        model = Challenge
        fields = ["title", "description", "mode", "team", "starts_on", "ends_on", "goal_type", "goal_kind",
                  "goal_target", "checkin_minutes"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, person: Person, may_all: bool, **kwargs):
        super().__init__(*args, **kwargs)
        teams = Team.objects.order_by("name")
        if not may_all:
            teams = teams.filter(memberships__person=person, memberships__role="lead")
            self.fields["team"].required = True
            self.fields["team"].help_text = _("The team you lead that this challenge is for.")
        self.fields["team"].queryset = teams
        self.fields["goal_kind"].choices = [("", "—")] + [c for c in LearningKind.choices
                                                         if c[0] not in NOT_COUNTABLE]


class JoinForm(Bootstrap, forms.Form):
    team = forms.ModelChoiceField(label=_("I count for"), queryset=None, required=False,
                                  empty_label=None)
    show_name = forms.BooleanField(label=_("Show my name in the team ranking"), required=False,
                                   help_text=_("Off: your team's total counts you, but your name is not shown."))

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(pk__in=[t.pk for t in teams]).order_by("name")


class CheckInForm(Bootstrap, forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=_("What did you do? (optional)"), max_length=200, required=False)


class SettingsForm(Bootstrap, forms.ModelForm):
    class Meta:
        model = RecognitionSettings
        fields = ["webhook_format", "webhook_url", "issuer_name", "issuer_url", "issuer_email"]

    def clean(self):
        data = super().clean()
        if "webhook_url" in data:
            try:
                data["webhook_url"] = validate_webhook_url(data["webhook_url"], data.get("webhook_format", ""))
            except forms.ValidationError as error:
                self.add_error("webhook_url", error)
        return data
