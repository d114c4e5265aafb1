"""Lessons: write (also from an experiment), share, react, promote to an article, lesson of the month."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.loop import selectors
from leerritme.loop.forms import ConsentForm, LessonForm, ReactionForm
from leerritme.loop.models import Consent, Experiment, Involvement, Lesson, LessonOfTheMonth, LessonReaction, Reaction
from leerritme.loop.rules import is_ld
from leerritme.loop.services import lessons as services
from leerritme.loop.views.common import errors_to_form
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Person, Team
from leerritme.orgs.rules import can, require

PER_PAGE = 20


def _lesson(request, uuid) -> Lesson:
    lesson = get_in_organisation(Lesson.objects.select_related("author__user", "team", "experiment", "article"),
                                 uuid=uuid)
    # A draft or another team's lesson is "not found", not "forbidden": its existence is not for others.
    if not can(request.person, "loop.lesson.view", lesson):
        raise Http404
    return lesson


def lesson_list(request, org):
    """Lessons I may read, newest first; filters: mine, from mistakes, one team."""
    person = request.person
    lessons = selectors.lessons_visible_to(person)
    show = request.GET.get("show", "")
    lessons = lessons.filter(author=person) if show == "mine" else lessons.exclude(visibility="draft")
    if request.GET.get("mistakes"):
        lessons = lessons.filter(from_mistake=True)
    team = None
    if request.GET.get("team"):
        team = get_in_organisation(Team.objects, uuid=request.GET["team"])
        lessons = lessons.filter(team=team)
    page = Paginator(lessons, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "loop/lessons/list.html", {"page": page, "show": show, "team": team,
                                                      "mistakes": bool(request.GET.get("mistakes"))})


def _form(request, data=None, initial=None, author=None, involved_pks=None):
    author = author or request.person
    teams = Team.objects.order_by("name") if is_ld(author) else Team.objects.filter(
        memberships__person=author).order_by("name")
    # The people of the author's own teams (not a list of the whole organisation, which may be 20,000 people),
    # and whoever is named already.
    colleagues = (Person.objects.filter(is_active=True)
                  .filter(Q(team_memberships__team__memberships__person=author) | Q(pk__in=involved_pks or []))
                  .exclude(pk=author.pk).distinct().select_related("user").order_by("user__name"))
    return LessonForm(data, initial=initial, teams=teams, colleagues=colleagues)


def _values(data) -> services.LessonInput:
    return services.LessonInput(
        title=data["title"], what_happened=data["what_happened"], what_we_expected=data["what_we_expected"],
        what_we_learned=data["what_we_learned"], do_differently=data["do_differently"],
        visibility=data["visibility"], team=data["team"], from_mistake=data["from_mistake"],
        involved=tuple(data["involved"]))


def lesson_create(request, org):
    """Write a lesson; `?experiment=` fills it in from a concluded experiment."""
    person = request.person
    experiment = None
    initial = {}
    mine = Team.objects.filter(memberships__person=person).order_by("name")
    if mine.count() == 1:
        initial["team"] = mine.first().uuid
    if request.GET.get("experiment"):
        experiment = get_in_organisation(Experiment.objects.select_related("team"), uuid=request.GET["experiment"])
        require(person, "loop.team", experiment.team)
        initial = {"title": experiment.title, "what_happened": experiment.what_happened,
                   "what_we_expected": experiment.then, "what_we_learned": experiment.what_we_learned,
                   "team": experiment.team.uuid}
    if request.GET.get("mistake"):
        initial["from_mistake"] = True
    form = _form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lesson = services.lesson_create(author=person, values=_values(form.cleaned_data), experiment=experiment)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, gettext("Your lesson is saved as a draft.") if lesson.is_draft
                             else gettext("Your lesson is shared. Thank you!"))
            return redirect("loop:lesson", org=org, uuid=lesson.uuid)
    return render(request, "loop/lessons/form.html", {"form": form, "experiment": experiment, "lesson": None})


def lesson_detail(request, org, uuid):
    lesson = _lesson(request, uuid)
    person = request.person
    counts = dict(LessonReaction.objects.filter(lesson=lesson).order_by().values_list("kind").annotate(n=Count("pk")))
    mine = set(LessonReaction.objects.filter(lesson=lesson, person=person).values_list("kind", flat=True))
    involvements = list(Involvement.objects.filter(lesson=lesson).select_related("person__user"))
    my_involvement = next((i for i in involvements if i.person_id == person.pk), None)
    month = LessonOfTheMonth.objects.filter(lesson=lesson).order_by("-month").first()
    return render(request, "loop/lessons/detail.html", {
        "lesson": lesson,
        "reactions": [(kind, label, counts.get(kind, 0), kind in mine) for kind, label in Reaction.choices],
        # Blameless: who was involved is for the author, those involved and the lead who asks their consent.
        "involved": [i.person for i in involvements] if (
            lesson.author_id == person.pk or my_involvement is not None or can(person, "loop.lesson.month", lesson)
        ) else [],
        "my_involvement": my_involvement,
        "waiting": sum(1 for i in involvements if i.consent == Consent.ASKED),
        "declined": any(i.consent == Consent.DECLINED for i in involvements),
        "month": month,
        "celebrated": month is not None and all(i.consent == Consent.GIVEN for i in involvements),
        "can_edit": can(person, "loop.lesson.edit", lesson),
        "can_choose": can(person, "loop.lesson.month", lesson),
    })


def lesson_edit(request, org, uuid):
    lesson = _lesson(request, uuid)
    require(request.person, "loop.lesson.edit", lesson)
    initial = {name: getattr(lesson, name) for name in ("title", "what_happened", "what_we_expected",
                                                        "what_we_learned", "do_differently", "from_mistake",
                                                        "visibility")}
    initial["team"] = lesson.team.uuid if lesson.team_id else None
    involved = list(lesson.involved.exclude(pk=lesson.author_id))
    initial["involved"] = [p.uuid for p in involved]
    form = _form(request, request.POST or None, initial=initial, author=lesson.author,
                 involved_pks=[p.pk for p in involved])
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_update(lesson, by=request.person, values=_values(form.cleaned_data))
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, gettext("The lesson is saved."))
            return redirect("loop:lesson", org=org, uuid=uuid)
    return render(request, "loop/lessons/form.html", {"form": form, "lesson": lesson, "experiment": None})


@require_POST
def lesson_delete(request, org, uuid):
    lesson = _lesson(request, uuid)
    services.lesson_delete(lesson, by=request.person)
    messages.success(request, gettext("The lesson is deleted."))
    return redirect("loop:lessons", org=org)


@require_POST
def lesson_react(request, org, uuid):
    lesson = _lesson(request, uuid)
    form = ReactionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(gettext("Choose one of the reactions."))
        services.lesson_react(lesson, by=request.person, kind=form.cleaned_data["kind"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        counts = dict(LessonReaction.objects.filter(lesson=lesson).order_by().values_list("kind")
                      .annotate(n=Count("pk")))
        mine = set(LessonReaction.objects.filter(lesson=lesson, person=request.person)
                   .values_list("kind", flat=True))
        return render(request, "loop/lessons/detail.html#reactions", {
            "lesson": lesson,
            "reactions": [(kind, label, counts.get(kind, 0), kind in mine) for kind, label in Reaction.choices]})
    return redirect("loop:lesson", org=org, uuid=uuid)


@require_POST
def lesson_promote(request, org, uuid):
    """A draft article in the knowledge base from this lesson, for the author to finish there."""
    lesson = _lesson(request, uuid)
    try:
        article = services.lesson_promote(lesson, by=request.person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("loop:lesson", org=org, uuid=uuid)
    messages.success(request, gettext("A draft article is ready. Finish it and publish it when you are happy "
                                      "with it."))
    return redirect("knowledge:article_edit", org=org, uuid=article.uuid)


@require_POST
def lesson_month(request, org, uuid):
    """The team lead chooses this lesson as the team's lesson of the month (or withdraws the choice)."""
    lesson = _lesson(request, uuid)
    require(request.person, "loop.lesson.month", lesson)
    if request.POST.get("withdraw"):
        for choice in LessonOfTheMonth.objects.filter(lesson=lesson):
            services.lesson_month_withdraw(choice, by=request.person)
        messages.success(request, gettext("It is no longer the lesson of the month."))
    else:
        services.lesson_month_choose(lesson, by=request.person)
        messages.success(request, gettext("Chosen as lesson of the month. It is celebrated as soon as everyone "
                                          "involved agrees."))
    return redirect("loop:lesson", org=org, uuid=uuid)


@require_POST
def lesson_consent(request, org, uuid):
    """Someone involved agrees or declines to have the lesson celebrated."""
    lesson = _lesson(request, uuid)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose whether you agree."))
        return redirect("loop:lesson", org=org, uuid=uuid)
    services.lesson_consent(lesson, by=request.person, consent=form.cleaned_data["consent"])
    messages.success(request, gettext("Thank you: your answer is saved. You can change it at any time."))
    return redirect("loop:lesson", org=org, uuid=uuid)

