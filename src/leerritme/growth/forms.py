"""Forms of the growth pages; every amount is a decimal in euros with a clear message for bad input."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from leerritme.growth.models import (
    ActionKind,
    FocusPriority,
    GoalStatus,
    Offer,
    OfferFormat,
    OfferKind,
    OfferLanguage,
    OfferLevel,
    StepKind,
    TimeKind,
    TimeMode,
)
from leerritme.lib.forms import Bootstrap
from leerritme.people.models import Skill

MONEY_ERRORS = {"invalid": _("Enter an amount in euros, such as 250 or 250.50."),
                "max_digits": _("That amount is too large."),
                "max_decimal_places": _("Use at most two decimals (cents)."),
                "min_value": _("The amount cannot be negative.")}




def money_field(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=10, decimal_places=2, min_value=Decimal("0"),
                              error_messages=MONEY_ERRORS, localize=True,
                              widget=forms.TextInput(attrs={"inputmode": "decimal"}), **kwargs)


def hours_field(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=6, decimal_places=1, min_value=Decimal("0"), localize=True,
                              widget=forms.TextInput(attrs={"inputmode": "decimal"}), **kwargs)


def skills_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(label=_("Skills"), queryset=None, required=False,
                                          widget=forms.SelectMultiple(attrs={"size": 6}))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RequestForm(Bootstrap, forms.Form):
    cost = money_field(_("Cost (euros)"))
    hours = hours_field(_("Hours"), required=False)
    starts_on = forms.DateField(label=_("Starts"), required=False, widget=DateInput())
    goal = forms.ModelChoiceField(label=_("Development goal"), queryset=None, required=False,
                                  empty_label=_("Not linked to a goal"),
                                  help_text=_("Which goal of your development plan does this serve?"))
    motivation = forms.CharField(label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000,
                                 help_text=_("What do you want to learn, and how will it help you and your team?"))

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals
        self.fields["goal"].label_from_instance = lambda goal: f"{goal.title} ({goal.plan.year})"


class DecideForm(Bootstrap, forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))],
                                 widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Needed when you decline."))


class CompleteForm(Bootstrap, forms.Form):
    reflection_apply = forms.CharField(label=_("What will you apply in your work?"), max_length=3000,
                                       widget=forms.Textarea(attrs={"rows": 3}))
    reflection_with = forms.CharField(label=_("With whom?"), max_length=300,
                                      help_text=_("A colleague, your team, a customer: who applies it with you?"))
    evidence = forms.FileField(label=_("Certificate or other evidence"), required=False,
                               help_text=_("PDF, PNG or JPEG, at most 10 MB."),
                               widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}))
    share_with_team = forms.BooleanField(label=_("Show it on my team's timeline"), required=False)


class TransferForm(Bootstrap, forms.Form):
    note = forms.CharField(label=_("How did applying it go?"), max_length=3000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class RuleForm(Bootstrap, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, help_text=_("For example the CAO it comes from."))
    amount = money_field(_("Amount per year (full-time)"))
    pro_rata = forms.BooleanField(label=_("Pro rata for part-time"), required=False, initial=True)
    carry_over_years = forms.IntegerField(label=_("Years unused budget carries over"), min_value=0, max_value=5,
                                          initial=0)
    approval_threshold = money_field(_("L&D approves too above"), initial=Decimal("1000"))
    time_mode = forms.ChoiceField(label=_("Learning time"), choices=TimeMode.choices)
    time_hours = hours_field(_("Learning hours per year (full-time)"), initial=Decimal("40"))
    time_percent = forms.DecimalField(label=_("Percentage of contract hours"), max_digits=4, decimal_places=1,
                                      min_value=Decimal("0"), max_value=Decimal("50"), initial=Decimal("2"),
                                      localize=True)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
            self.add_error("valid_until", _("The end date cannot be before the start date."))
        return data


class AdjustForm(Bootstrap, forms.Form):
    amount = forms.DecimalField(label=_("Amount (euros, negative to lower)"), max_digits=10, decimal_places=2,
                                error_messages=MONEY_ERRORS, localize=True,
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ProfileForm(Bootstrap, forms.Form):
    fte = forms.DecimalField(label=_("FTE"), max_digits=4, decimal_places=3, min_value=Decimal("0"),
                             max_value=Decimal("1.5"), localize=True, help_text=_("1 is full-time."))
    contract_hours = forms.DecimalField(label=_("Contract hours per week"), max_digits=5, decimal_places=2,
                                        min_value=Decimal("0"), max_value=Decimal("60"), localize=True)
    time_hours_override = hours_field(_("Own learning hours per year"), required=False,
                                      help_text=_("Leave empty to follow the organisation's rule."))


class OfferForm(Bootstrap, forms.ModelForm):
    # Declared here with their querysets set per request: the scoped managers refuse queries at import time.
    skills = skills_field()
    path = forms.ModelChoiceField(label=_("Micro-learning path"), queryset=None, required=False)

    class Meta:
        model = Offer
        fields = ["title", "kind", "description", "provider", "price", "hours", "format", "language", "level",
                  "skills", "url", "path", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        localized_fields = ["price", "hours"]
        error_messages = {"price": MONEY_ERRORS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from leerritme.growth.models import LearningPath

        self.fields["skills"].queryset = Skill.objects.order_by("name")
        self.fields["path"].queryset = LearningPath.objects.filter(published=True).order_by("title")


class CatalogueFilter(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OfferKind.choices])
    format = forms.ChoiceField(label=_("Format"), required=False, choices=[("", _("Any format")), *OfferFormat.choices])
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=[("", _("Any language")), *OfferLanguage.choices])
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("Any level")), *OfferLevel.choices])
    skill = forms.ModelChoiceField(label=_("Skill"), required=False, queryset=None,
                                   empty_label=_("Any skill"), to_field_name="uuid")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.order_by("name")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm" if isinstance(
                field.widget, forms.Select) else "form-control form-control-sm"


class ImportForm(Bootstrap, forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("At most 2 MB: a CSV file (UTF-8, separated by commas or semicolons) or an Excel workbook "
                    "(.xlsx, the first sheet)."),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}))


class PlanForm(Bootstrap, forms.Form):
    ambition = forms.CharField(label=_("Where I want to grow"), required=False, max_length=3000,
                               widget=forms.Textarea(attrs={"rows": 3}))


class GoalForm(Bootstrap, forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    why = forms.CharField(label=_("Why"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2}))
    skills = skills_field()
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, initial=0)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.OPEN)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.order_by("name")


class ActionForm(Bootstrap, forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionKind.choices)
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=None, required=False, empty_label=_("The plan as a whole"))
    due_on = forms.DateField(label=_("By"), required=False, widget=DateInput())

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.all()


class ReviewForm(Bootstrap, forms.Form):
    on = forms.DateField(label=_("Review date"), widget=DateInput())


class NoteForm(Bootstrap, forms.Form):
    held_on = forms.DateField(label=_("Conversation on"), widget=DateInput())
    text = forms.CharField(label=_("Notes"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Only you and your team lead see these notes."))


WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")), (4, _("Friday")),
            (5, _("Saturday")), (6, _("Sunday"))]


class BlockForm(Bootstrap, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150, initial=_("Learning time"))
    weekday = forms.TypedChoiceField(label=_("Day"), choices=WEEKDAYS, coerce=int, initial=4)
    every = forms.TypedChoiceField(label=_("How often"), coerce=int, initial=1,
                                   choices=[(1, _("Every week")), (2, _("Every two weeks"))])
    at = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = forms.IntegerField(label=_("Minutes"), min_value=15, max_value=480, initial=120)
    start_date = forms.DateField(label=_("Starting"), widget=DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("until") and data["until"] < data["start_date"]:
            self.add_error("until", _("The end date cannot be before the start date."))
        return data


class TimeEntryForm(Bootstrap, forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput())
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60)
    kind = forms.ChoiceField(label=_("Kind"), choices=TimeKind.choices, initial=TimeKind.INFORMAL)
    note = forms.CharField(label=_("What did you learn?"), max_length=300)


class PathForm(Bootstrap, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("What you will learn"), required=False, max_length=3000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    skills = skills_field()
    published = forms.BooleanField(label=_("Published: colleagues can follow it"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = Skill.objects.order_by("name")


class StepForm(Bootstrap, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=StepKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Instructions"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=240, initial=10)


class StepDoneForm(Bootstrap, forms.Form):
    note = forms.CharField(label=_("Your note (only you see it)"), required=False, max_length=3000,
                           widget=forms.Textarea(attrs={"rows": 2}))


# --- Team learning plans ------------------------------------------------------------------------------------

class TeamPlanForm(Bootstrap, forms.Form):
    ambition = forms.CharField(label=_("Our ambition and focus this year"), required=False, max_length=3000,
                               widget=forms.Textarea(attrs={"rows": 3}))


class FocusForm(Bootstrap, forms.Form):
    """A focus skill's why, priority and target (the skill itself is fixed once it is in the plan)."""

    why = forms.CharField(label=_("Why it matters for our work"), required=False, max_length=3000,
                          widget=forms.Textarea(attrs={"rows": 2}))
    priority = forms.TypedChoiceField(label=_("Priority"), choices=FocusPriority.choices, coerce=int,
                                      initial=FocusPriority.MEDIUM)
    target = forms.IntegerField(label=_("Target: how many of us should be able to do it"), required=False,
                                min_value=1, max_value=1000)


class FocusAddForm(FocusForm):
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=None,
                                   error_messages={"invalid_choice": _("Choose a skill of your organisation."),
                                                   "required": _("Choose a skill.")})
    field_order = ["skill", "why", "priority", "target"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = Skill.objects.order_by("name")
