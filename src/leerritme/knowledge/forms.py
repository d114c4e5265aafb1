"""Forms of the knowledge part: articles, questions and answers, sessions, communities and the search box."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerritme.knowledge.files import MAX_FILE_BYTES
from leerritme.knowledge.models import ArticleVisibility, Community, SessionKind
from leerritme.knowledge.services.articles import ArticleInput
from leerritme.knowledge.services.sessions import SeriesInput
from leerritme.lib.forms import MarksInvalid
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.people.models import Skill


class _Styled(MarksInvalid):
    def style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def skill_field(label=None):
    return forms.ModelMultipleChoiceField(
        label=label or _("Skills"), required=False, queryset=Skill.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘) to choose more than one."),
    )


class EmailsField(forms.CharField):
    """Colleagues named by e-mail address, comma-separated (a list of 20,000 names is no list to pick from).

    The form templates add a search-as-you-type picker beside it (knowledge/_people_picker.html) that
    fills in the addresses; typed by hand they work the same, also without JavaScript.
    """

    def __init__(self, *, single: bool = False, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)
        self.single = single
        self.widget.attrs.update({"autocomplete": "off", "data-picker-field": "single" if single else "many"})

    def people(self, value: str, *, organisation) -> list[Person]:
        emails = [e.strip().lower() for e in (value or "").replace(";", ",").split(",") if e.strip()]
        if not emails:
            return []
        found = {p.user.email.lower(): p for p in Person.objects.active().with_user().filter(
            user__email__in=emails)}
        missing = [e for e in emails if e not in found]
        if missing:
            raise ValidationError(_("No colleague with this e-mail address: %(emails)s") % {
                "emails": ", ".join(missing)})
        return [found[e] for e in emails]


class ArticleForm(_Styled, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), required=False, max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 18, "class": "form-control font-monospace"}),
        help_text=_("Markdown: # heading, **bold**, *italic*, - list, 1. steps, [link](https://…), "
                    "![image](address)."),
    )
    visibility = forms.ChoiceField(label=_("Who can read it"), initial=ArticleVisibility.ORGANISATION,
                                   choices=[(ArticleVisibility.ORGANISATION, ArticleVisibility.ORGANISATION.label),
                                            (ArticleVisibility.TEAM, ArticleVisibility.TEAM.label)])
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False,
                                  help_text=_("Only when the article is for one team."))
    skills = skill_field(_("Skills it teaches"))
    co_authors = EmailsField(label=_("Co-authors"),
                             help_text=_("E-mail addresses of colleagues who may edit it too, comma-separated."))
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none(), required=False)
    review_interval_days = forms.TypedChoiceField(
        label=_("Review"), coerce=int, initial=180,
        choices=[(30, _("every month")), (90, _("every three months")), (180, _("every six months")),
                 (365, _("every year"))],
        help_text=_("You get a reminder to check that it is still right."),
    )
    note = forms.CharField(label=_("What did you change?"), max_length=200, required=False)

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        teams = Team.objects.all() if person.is_ld_admin else Team.objects.filter(
            pk__in=TeamMembership.objects.filter(person=person).values("team_id"))
        self.fields["team"].queryset = teams.order_by("name")
        self.fields["skills"].queryset = Skill.objects.order_by("name")
        self.fields["community"].queryset = Community.objects.order_by("name")
        self.style()
        self.fields["body"].widget.attrs["class"] = "form-control font-monospace"

    def clean_co_authors(self):
        return self.fields["co_authors"].people(self.cleaned_data.get("co_authors"),
                                                organisation=self.person.organisation)

    def to_input(self) -> ArticleInput:
        data = self.cleaned_data
        return ArticleInput(
            title=data["title"], body=data.get("body") or "", visibility=data["visibility"], team=data.get("team"),
            skills=tuple(data.get("skills") or ()), co_authors=tuple(data.get("co_authors") or ()),
            community=data.get("community"), review_interval_days=data["review_interval_days"],
        )

    @staticmethod
    def initial_for(article) -> dict:
        return {
            "title": article.title, "body": article.body, "visibility": article.visibility, "team": article.team,
            "skills": list(article.skills.all()), "community": article.community,
            "co_authors": ", ".join(p.user.email for p in article.co_authors.select_related("user")),
            "review_interval_days": article.review_interval_days,
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Image or file"),
                           help_text=_("Images up to 5 MB; PDF, Word, Excel, PowerPoint or text up to %(mb)s MB.")
                           % {"mb": MAX_FILE_BYTES // 2**20})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["class"] = "form-control"


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))],
                                     coerce=lambda v: v == "yes", widget=forms.HiddenInput)
    comment = forms.CharField(label=_("What was missing or unclear? (optional)"), max_length=500, required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", _("Everything")), ("article", _("Articles")), ("question", _("Questions")),
        ("session", _("Sessions")), ("community", _("Communities")), ("people", _("Colleagues")),
    ])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"class": "form-control form-control-lg", "type": "search",
                                              "autocomplete": "off", "autofocus": True})
        self.fields["kind"].widget.attrs["class"] = "form-select form-select-lg"

    def values(self) -> tuple[str, str]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return (data.get("q") or "").strip(), data.get("kind") or ""


class QuestionForm(_Styled, forms.Form):
    title = forms.CharField(label=_("Your question"), max_length=200)
    body = forms.CharField(label=_("Details"), required=False, max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("What you tried, what you need. Markdown works."))
    skills = skill_field(_("Skills it is about"))
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.order_by("name")
        self.fields["skills"].help_text = _("Colleagues who can teach these skills hear of your question.")
        self.fields["community"].queryset = Community.objects.order_by("name")
        self.style()


class AnswerForm(_Styled, forms.Form):
    body = forms.CharField(label=_("Your answer"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Markdown works."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class SessionForm(_Styled, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    title = forms.CharField(label=_("Topic"), max_length=200)
    description = forms.CharField(label=_("What it is about"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    speaker = EmailsField(label=_("Speaker"), max_length=254, single=True,
                          help_text=_("The speaker's e-mail address; empty when it is you."))
    starts_at = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                                 format="%Y-%m-%dT%H:%M"))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=8 * 60, initial=45)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1, max_value=10_000,
                                  help_text=_("Leave empty when there is room for everyone."))
    skills = skill_field()
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none(), required=False)

    def __init__(self, *args, person: Person, open_slot: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        # A series' session may stay open until a colleague says "I will present".
        self.open_slot = open_slot
        if open_slot:
            self.fields["speaker"].help_text = _("The speaker's e-mail address; empty while a colleague may "
                                                 "still claim it.")
        self.fields["skills"].queryset = Skill.objects.order_by("name")
        self.fields["community"].queryset = Community.objects.order_by("name")
        self.style()

    def clean_speaker(self):
        people = self.fields["speaker"].people(self.cleaned_data.get("speaker"), organisation=None)
        if len(people) > 1:
            raise ValidationError(_("Name one speaker."))
        if people:
            return people[0]
        return None if self.open_slot else self.person


class SeriesForm(_Styled, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    title = forms.CharField(label=_("Name of the series"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    interval_weeks = forms.IntegerField(label=_("Every how many weeks"), min_value=1, max_value=12, initial=2)
    first_starts_at = forms.DateTimeField(
        label=_("First session"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("The sessions are then planned by themselves, at this time of day, each with an open place "
                    "for a speaker. Leave empty to plan every session by hand."))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=8 * 60, initial=45)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(label=_("Places"), required=False, min_value=1, max_value=10_000,
                                  help_text=_("Leave empty when there is room for everyone."))
    weeks_ahead = forms.IntegerField(label=_("Plan how many weeks ahead"), min_value=1, max_value=26, initial=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def to_input(self):
        data = self.cleaned_data
        return SeriesInput(
            title=data["title"], kind=data["kind"], description=data.get("description") or "",
            interval_weeks=data["interval_weeks"], first_starts_at=data.get("first_starts_at"),
            duration_minutes=data["duration_minutes"], location=data.get("location") or "",
            video_url=data.get("video_url") or "", capacity=data.get("capacity"), weeks_ahead=data["weeks_ahead"])

    @staticmethod
    def initial_for(series) -> dict:
        first = series.first_starts_at
        return {"kind": series.kind, "title": series.title, "description": series.description,
                "interval_weeks": series.interval_weeks,
                "first_starts_at": timezone.localtime(first).strftime("%Y-%m-%dT%H:%M") if first else None,
                "duration_minutes": series.duration_minutes, "location": series.location,
                "video_url": series.video_url, "capacity": series.capacity, "weeks_ahead": series.weeks_ahead}


class SpeakerForm(_Styled, forms.Form):
    """The organiser names a series session's speaker (empty opens the place again)."""

    speaker = EmailsField(label=_("Speaker"), max_length=254, single=True,
                          help_text=_("Search by name or e-mail address; empty opens the place again."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def clean_speaker(self):
        people = self.fields["speaker"].people(self.cleaned_data.get("speaker"), organisation=None)
        if len(people) > 1:
            raise ValidationError(_("Name one speaker."))
        return people[0] if people else None


class MaterialForm(_Styled, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("Or a file"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("file"):
            raise ValidationError(_("Add a link or a file."))
        return data


class NotesForm(_Styled, forms.Form):
    notes = forms.CharField(label=_("Notes afterwards"), required=False, max_length=50_000,
                            widget=forms.Textarea(attrs={"rows": 8}), help_text=_("Markdown works."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class SessionFeedbackForm(_Styled, forms.Form):
    rating = forms.TypedChoiceField(label=_("How useful was it?"), coerce=int, choices=[
        (5, _("5 – very useful")), (4, "4"), (3, "3"), (2, "2"), (1, _("1 – not useful"))])
    comment = forms.CharField(label=_("A word to the speaker"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class CommunityForm(_Styled, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    purpose = forms.CharField(label=_("Purpose"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Why this community exists and what members do together."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class InviteForm(_Styled, forms.Form):
    emails = EmailsField(label=_("Invite colleagues"), required=True,
                         help_text=_("E-mail addresses, comma-separated."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def clean_emails(self):
        return self.fields["emails"].people(self.cleaned_data.get("emails"), organisation=None)
