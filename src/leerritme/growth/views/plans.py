"""My growth (the overview), development plans, learning time and micro-learning paths."""

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.growth import selectors
from leerritme.growth.forms import (
    ActionForm,
    BlockForm,
    GoalForm,
    NoteForm,
    PathForm,
    PlanForm,
    ReviewForm,
    StepDoneForm,
    StepForm,
    TimeEntryForm,
)
from leerritme.growth.models import (
    DevelopmentPlan,
    LearningPath,
    PathEnrolment,
    PathStep,
    PlanAction,
    PlanGoal,
    PlanReview,
    StepProgress,
    TimeBlock,
    TimeEntry,
    TimeMode,
)
from leerritme.growth.services import plans as services
from leerritme.growth.services.budget import budget_summary, profile_of, rule_on
from leerritme.growth.views.requests import _errors_to_form
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.orgs.rules import can, require

WEEKS_PER_YEAR = Decimal("52")


def index(request, org):
    """My growth at a glance: budget, requests, this year's plan, learning time, recommendations."""
    person = request.person
    summary = budget_summary(person)
    return render(request, "growth/index.html", {
        "summary": summary,
        "requests": selectors.requests_of(person)[:5],
        "to_decide": selectors.requests_to_decide(person)[:5],
        "plan": selectors.current_plan(person),
        "time": time_balance(person),
        "recommended": selectors.recommendations(person, limit=4),
        "team_plans": selectors.my_team_plans(person, timezone.localdate().year),
        "paths": PathEnrolment.objects.filter(person=person, completed_at__isnull=True).select_related("path")[:3],
        "led_teams": Team.objects.filter(memberships__person=person, memberships__role="lead").order_by("name"),
    })


# --- Development plan ---------------------------------------------------------------------------------------

def plan_page(request, org, uuid=None):
    """My plan for this year (started on first visit), or a colleague's for their lead; older years stay readable."""
    if uuid is None:
        plan = services.plan_start(person=request.person, year=timezone.localdate().year)
    else:
        plan = get_in_organisation(DevelopmentPlan.objects.select_related("person__user"), uuid=uuid)
        require(request.person, "growth.plan", plan)
    mine = plan.person_id == request.person.pk
    goals = list(plan.goals.prefetch_related("skills").order_by("created_at", "pk"))
    actions = list(plan.actions.select_related("goal").order_by("done_at", "due_on", "pk"))
    progress = round(sum(g.progress for g in goals) / len(goals)) if goals else 0
    return render(request, "growth/plan/plan.html", {
        "plan": plan, "mine": mine, "goals": goals, "actions": actions, "progress": progress,
        "reviews": plan.reviews.all(), "notes": plan.notes.select_related("author__user"),
        "years": DevelopmentPlan.objects.filter(person=plan.person).order_by("-year").values_list("year", "uuid"),
        "plan_form": PlanForm(initial={"ambition": plan.ambition}), "goal_form": GoalForm(),
        "action_form": ActionForm(plan=plan), "review_form": ReviewForm(),
        "note_form": NoteForm(initial={"held_on": timezone.localdate()}),
        "today": timezone.localdate(),
    })


def _plan(request, uuid) -> DevelopmentPlan:
    plan = get_in_organisation(DevelopmentPlan.objects.select_related("person"), uuid=uuid)
    require(request.person, "growth.plan", plan)
    return plan


def _done(request, org, plan, form, save, message):
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("growth:plan_year", org=org, uuid=plan.uuid)


@require_POST
def plan_edit(request, org, uuid):
    plan = _plan(request, uuid)
    return _done(request, org, plan, PlanForm(request.POST),
                 lambda d: services.plan_update(plan=plan, by=request.person, ambition=d["ambition"]),
                 gettext("Your plan is saved."))


def goal_edit(request, org, uuid, goal=None):
    plan = _plan(request, uuid)
    found = get_in_organisation(PlanGoal.objects.filter(plan=plan), uuid=goal) if goal else None
    if request.method == "GET" and found is not None:
        form = GoalForm(initial={"title": found.title, "why": found.why, "skills": found.skills.all(),
                                 "progress": found.progress, "status": found.status})
        return render(request, "growth/plan/goal.html", {"plan": plan, "goal": found, "form": form})
    form = GoalForm(request.POST)
    if not form.is_valid():
        return render(request, "growth/plan/goal.html", {"plan": plan, "goal": found, "form": form})
    return _done(request, org, plan, form,
                 lambda d: services.goal_save(plan=plan, by=request.person, goal=found, **d),
                 gettext("The goal is saved."))


@require_POST
def action_add(request, org, uuid):
    plan = _plan(request, uuid)
    return _done(request, org, plan, ActionForm(request.POST, plan=plan),
                 lambda d: services.action_add(plan=plan, by=request.person, **d), gettext("The action is added."))


@require_POST
def action_toggle(request, org, uuid, action):
    plan = _plan(request, uuid)
    found = get_in_organisation(PlanAction.objects.filter(plan=plan).select_related("plan"), uuid=action)
    services.action_toggle(action=found, by=request.person)
    return redirect("growth:plan_year", org=org, uuid=plan.uuid)


@require_POST
def review_add(request, org, uuid):
    plan = _plan(request, uuid)
    return _done(request, org, plan, ReviewForm(request.POST),
                 lambda d: services.review_add(plan=plan, by=request.person, **d), gettext("The review date is added."))


@require_POST
def review_held(request, org, uuid):
    plan = _plan(request, uuid)
    raw = request.POST.get("review", "")
    review = get_in_organisation(PlanReview.objects.filter(plan=plan).select_related("plan__person"),
                                 pk=int(raw) if raw.isdigit() else 0)
    services.review_mark_held(review=review, by=request.person)
    return redirect("growth:plan_year", org=org, uuid=plan.uuid)


@require_POST
def note_add(request, org, uuid):
    plan = _plan(request, uuid)
    return _done(request, org, plan, NoteForm(request.POST),
                 lambda d: services.note_add(plan=plan, by=request.person, **d), gettext("The notes are saved."))


def team_plans(request, org, uuid):
    """A lead's view of the team's plans: goals and progress per member (the notes stay on each plan)."""
    team = get_in_organisation(Team.objects, uuid=uuid)
    require(request.person, "growth.team", team)
    year = timezone.localdate().year
    members = list(TeamMembership.objects.filter(team=team, person__is_active=True)
                   .exclude(person=request.person).select_related("person__user").order_by("person__user__name"))
    plans = {p.person_id: p for p in DevelopmentPlan.objects.filter(
        person_id__in=[m.person_id for m in members], year=year).annotate(
        goal_count=Count("goals", distinct=True),
        achieved=Count("goals", filter=Q(goals__status="achieved"), distinct=True))}
    # L&D sees who has a plan; only a lead of the person opens it (growth.plan).
    rows = [(m.person, plans.get(m.person_id), can(request.person, "growth.plan", m.person)) for m in members]
    return render(request, "growth/plan/team.html", {"team": team, "rows": rows, "year": year})


# --- Learning time -------------------------------------------------------------------------------------------

def entitlement_hours(person: Person, on: date | None = None) -> Decimal:
    """Hours of learning time a year: the person's own figure, or the rule's hours × FTE or % of contract hours."""
    profile = profile_of(person)
    if profile.time_hours_override is not None:
        return profile.time_hours_override
    rule = rule_on(person.organisation_id, on or timezone.localdate())
    if rule is None:
        return Decimal("0")
    if rule.time_mode == TimeMode.PERCENT:
        return (profile.contract_hours * WEEKS_PER_YEAR * rule.time_percent / 100).quantize(Decimal("0.1"))
    return (rule.time_hours * profile.fte).quantize(Decimal("0.1"))


def time_balance(person: Person, year: int | None = None) -> dict:
    year = year or timezone.localdate().year
    minutes = TimeEntry.objects.filter(person=person, on__year=year).aggregate(total=Sum("minutes"))["total"] or 0
    entitled = entitlement_hours(person)
    used = (Decimal(minutes) / 60).quantize(Decimal("0.1"))
    return {"entitled": entitled, "used": used, "left": max(entitled - used, Decimal("0")),
            "percent": min(100, int(used * 100 / entitled)) if entitled else 0}


def learning_time(request, org):
    """My learning time: entitlement and use, my recurring blocks, and registering time spent."""
    person = request.person
    block_form = BlockForm(request.POST if request.POST.get("form") == "block" else None,
                           initial={"start_date": timezone.localdate(), "at": "14:00"})
    entry_form = TimeEntryForm(request.POST if request.POST.get("form") == "entry" else None,
                               initial={"on": timezone.localdate()})
    if request.method == "POST":
        form = block_form if request.POST.get("form") == "block" else entry_form
        if form.is_valid():
            try:
                if form is block_form:
                    services.block_create(person=person, **form.cleaned_data)
                    messages.success(request, gettext("The block is reserved; it appears in your calendar feed."))
                else:
                    services.time_register(person=person, **form.cleaned_data)
                    messages.success(request, gettext("Your learning time is registered."))
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                return redirect("growth:time", org=org)
    from leerritme.growth.calendar import next_blocks

    blocks = list(TimeBlock.objects.filter(person=person, active=True))
    return render(request, "growth/time/mine.html", {
        "balance": time_balance(person), "blocks": blocks, "upcoming": next_blocks(blocks, 5),
        "entries": TimeEntry.objects.filter(person=person).order_by("-on", "-pk")[:20],
        "block_form": block_form, "entry_form": entry_form,
    })


@require_POST
def block_stop(request, org, uuid):
    block = get_in_organisation(TimeBlock.objects, uuid=uuid)
    if block.person_id != request.person.pk:
        raise Http404
    services.block_stop(block=block, by=request.person)
    messages.success(request, gettext("The block is stopped."))
    return redirect("growth:time", org=org)


def team_time(request, org, uuid):
    """A team's learning time this year: each member's hours against their entitlement (constant queries)."""
    team = get_in_organisation(Team.objects, uuid=uuid)
    require(request.person, "growth.team", team)
    year = timezone.localdate().year
    members = list(TeamMembership.objects.filter(team=team, person__is_active=True)
                   .select_related("person__user").order_by("person__user__name"))
    ids = [m.person_id for m in members]
    used = dict(TimeEntry.objects.filter(person_id__in=ids, on__year=year).order_by().values("person_id")
                .annotate(total=Sum("minutes")).values_list("person_id", "total"))
    from leerritme.growth.models import GrowthProfile

    profiles = {p.person_id: p for p in GrowthProfile.objects.filter(person_id__in=ids)}
    rule = rule_on(request.organisation.pk, timezone.localdate())
    rows = []
    for m in members:
        profile = profiles.get(m.person_id) or GrowthProfile(fte=Decimal("1"), contract_hours=Decimal("36"))
        if profile.time_hours_override is not None:
            entitled = profile.time_hours_override
        elif rule is None:
            entitled = Decimal("0")
        elif rule.time_mode == TimeMode.PERCENT:
            entitled = (profile.contract_hours * WEEKS_PER_YEAR * rule.time_percent / 100).quantize(Decimal("0.1"))
        else:
            entitled = (rule.time_hours * profile.fte).quantize(Decimal("0.1"))
        hours = (Decimal(used.get(m.person_id) or 0) / 60).quantize(Decimal("0.1"))
        rows.append({"person": m.person, "entitled": entitled, "used": hours})
    totals = {"entitled": sum((r["entitled"] for r in rows), Decimal("0")),
              "used": sum((r["used"] for r in rows), Decimal("0"))}
    return render(request, "growth/time/team.html", {"team": team, "rows": rows, "totals": totals, "year": year})


def organisation_time(request, org):
    """L&D: learning time registered this year per team and in all, formal and informal."""
    require(request.person, "growth.manage")
    year = timezone.localdate().year
    entries = TimeEntry.objects.filter(on__year=year)
    totals = entries.aggregate(total=Sum("minutes"), formal=Sum("minutes", filter=Q(kind="formal")),
                               people=Count("person", distinct=True))
    per_team = list(entries.filter(person__team_memberships__isnull=False).order_by()
                    .values(name=F("person__team_memberships__team__name"))
                    .annotate(total=Sum("minutes"), people=Count("person", distinct=True))
                    .order_by("-total")[:50])
    return render(request, "growth/time/organisation.html", {"totals": totals, "per_team": per_team, "year": year})


# --- Micro-learning paths ---------------------------------------------------------------------------------

def path_list(request, org):
    person = request.person
    paths = (LearningPath.objects.filter(Q(published=True) | Q(author=person))
             .annotate(step_count=Count("steps", distinct=True)).select_related("author__user").order_by("title"))
    mine = {e.path_id: e for e in PathEnrolment.objects.filter(person=person)}
    paths = list(paths)
    for path in paths:
        path.enrolment = mine.get(path.pk)
    return render(request, "growth/paths/list.html", {"paths": paths})


def path_form(request, org, uuid=None):
    """Compose a path (anyone) or change one (its author and L&D)."""
    path = get_in_organisation(LearningPath.objects, uuid=uuid) if uuid else None
    require(request.person, "growth.path.edit", path)
    initial = {"title": path.title, "description": path.description, "skills": path.skills.all(),
               "published": path.published} if path else {}
    form = PathForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.path_save(by=request.person, path=path, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, gettext("The path is saved."))
            return redirect("growth:path", org=org, uuid=saved.uuid)
    return render(request, "growth/paths/form.html", {"form": form, "path": path})


def path_detail(request, org, uuid):
    """A path: its steps, my progress through them; the author adds steps here."""
    path = get_in_organisation(LearningPath.objects.select_related("author__user"), uuid=uuid)
    editable = can(request.person, "growth.path.edit", path)
    if not path.published and not editable:
        raise Http404
    steps = list(path.steps.all())
    enrolment = PathEnrolment.objects.filter(path=path, person=request.person).first()
    done = {}
    if enrolment:
        done = {p.step_id: p for p in StepProgress.objects.filter(enrolment=enrolment)}
    return render(request, "growth/paths/detail.html", {
        "path": path, "steps": steps, "enrolment": enrolment, "done": done, "editable": editable,
        "step_form": StepForm(), "done_form": StepDoneForm(),
        "percent": round(len(done) * 100 / len(steps)) if steps else 0,
    })


@require_POST
def step_add(request, org, uuid):
    path = get_in_organisation(LearningPath.objects, uuid=uuid)
    require(request.person, "growth.path.edit", path)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.step_add(path=path, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("The step is added."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("growth:path", org=org, uuid=path.uuid)


@require_POST
def path_follow(request, org, uuid):
    path = get_in_organisation(LearningPath.objects, uuid=uuid)
    try:
        services.path_follow(path=path, person=request.person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("growth:path", org=org, uuid=path.uuid)


@require_POST
def step_done(request, org, uuid, step):
    path = get_in_organisation(LearningPath.objects, uuid=uuid)
    found = get_in_organisation(PathStep.objects.filter(path=path), uuid=step)
    enrolment = services.path_follow(path=path, person=request.person) if path.published else None
    if enrolment is None:
        raise Http404
    form = StepDoneForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    if services.step_done(enrolment=enrolment, step=found, note=note):
        messages.success(request, gettext("Path completed! It counts in your learning record."))
    return redirect(reverse("growth:path", kwargs={"org": org, "uuid": path.uuid}) + f"#step-{found.uuid}")

