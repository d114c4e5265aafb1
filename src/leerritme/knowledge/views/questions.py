"""Questions and answers: ask (tagged with skills), answer, upvote, accept, turn an answer into an article."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.knowledge import selectors
from leerritme.knowledge.forms import AnswerForm, QuestionForm
from leerritme.knowledge.models import Answer, Question
from leerritme.knowledge.services import questions as services
from leerritme.knowledge.views.articles import _form_errors, fragment
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.rules import can, require
from leerritme.people.models import Skill


def question_list(request, org):
    skill = None
    skill_uuid = request.GET.get("skill") or ""
    if skill_uuid:
        from leerritme.knowledge.selectors import _valid_uuid

        skill = Skill.objects.filter(uuid=skill_uuid).first() if _valid_uuid(skill_uuid) else None
    unanswered = request.GET.get("open") == "1"
    page = selectors.question_page(skill=skill, unanswered=unanswered, page=request.GET.get("page"))
    template = "knowledge/questions/list.html"
    if fragment(request):
        template += "#questions"
    return render(request, template, {"page": page, "skill": skill, "unanswered": unanswered,
                                      "for_me": selectors.questions_for_my_skills(request.person)})


def question_create(request, org):
    form = QuestionForm(request.POST or None, initial={"title": request.GET.get("title", "")[:200]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = services.question_ask(asker=request.person, title=data["title"], body=data.get("body") or "",
                                             skills=list(data.get("skills") or []), community=data.get("community"))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, gettext(
                "Your question is asked. Colleagues who can teach its skills hear of it."))
            return redirect("knowledge:question", org=org, uuid=question.uuid)
    return render(request, "knowledge/questions/form.html", {"form": form})


def _detail_context(request, question, form=None):
    return {
        "question": question,
        "skills": list(question.skills.order_by("name")),
        "answers": selectors.answers_of(question, request.person),
        "form": form or AnswerForm(),
        "can_accept": can(request.person, "knowledge.question.accept", question),
        "can_edit": can(request.person, "knowledge.question.edit", question),
        "can_remove": can(request.person, "knowledge.question.remove", question),
        "is_moderator": request.person.is_ld_admin,
    }


def question_detail(request, org, uuid):
    question = get_in_organisation(Question.objects.select_related("asker__user", "community"), uuid=uuid)
    return render(request, "knowledge/questions/detail.html", _detail_context(request, question))


@require_POST
def answer_create(request, org, uuid):
    question = get_in_organisation(Question.objects.select_related("asker__user", "community"), uuid=uuid)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            answer = services.answer_add(question=question, author=request.person, body=form.cleaned_data["body"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, gettext("Thank you for answering."))
            return redirect(f"{question_url(org, question)}#answer-{answer.uuid}")
    return render(request, "knowledge/questions/detail.html", _detail_context(request, question, form), status=400)


def question_url(org, question) -> str:
    from django.urls import reverse

    return reverse("knowledge:question", kwargs={"org": org, "uuid": question.uuid})


@require_POST
def answer_vote(request, org, uuid):
    answer = get_in_organisation(Answer.objects.select_related("question", "author__user"), uuid=uuid)
    try:
        services.answer_vote(answer=answer, person=request.person)
    except ValidationError as error:
        if not fragment(request):
            messages.error(request, " ".join(error.messages))
    if fragment(request):
        answer.mine = answer.upvotes.filter(person=request.person).exists()
        return render(request, "knowledge/questions/detail.html#votes", {"answer": answer})
    return redirect(f"{question_url(org, answer.question)}#answer-{answer.uuid}")


@require_POST
def answer_accept(request, org, uuid):
    answer = get_in_organisation(Answer.objects.select_related("question__accepted_answer", "author__user"),
                                 uuid=uuid)
    question = answer.question
    if not can(request.person, "knowledge.question.accept", question):
        raise PermissionDenied
    taking_back = question.accepted_answer_id == answer.pk
    services.answer_accept(question=question, answer=None if taking_back else answer, by=request.person)
    return redirect(f"{question_url(org, question)}#answer-{answer.uuid}")


# --- Edits, history and removal ------------------------------------------------------------------------


def _question(uuid) -> Question:
    return get_in_organisation(Question.objects.select_related("asker__user", "community", "organisation"),
                               uuid=uuid)


def _answer(uuid) -> Answer:
    return get_in_organisation(Answer.objects.select_related("question__organisation", "author__user"), uuid=uuid)


def question_edit(request, org, uuid):
    question = _question(uuid)
    require(request.person, "knowledge.question.edit", question)
    initial = {"title": question.title, "body": question.body, "skills": list(question.skills.all()),
               "community": question.community}
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.question_edit(question=question, by=request.person, title=data["title"],
                                   body=data.get("body") or "", skills=list(data.get("skills") or []),
                                   community=data.get("community"))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, gettext("Your changes are saved; the earlier text is kept in the history."))
            return redirect("knowledge:question", org=org, uuid=question.uuid)
    return render(request, "knowledge/questions/form.html", {"form": form, "question": question},
                  status=400 if request.method == "POST" else 200)


def question_history(request, org, uuid):
    question = _question(uuid)
    require(request.person, "knowledge.question.edit", question)
    versions = list(question.versions.select_related("written_by__user", "replaced_by__user"))
    return render(request, "knowledge/questions/history.html", {"question": question, "versions": versions})


@require_POST
def question_remove(request, org, uuid):
    question = _question(uuid)
    require(request.person, "knowledge.question.remove", question)
    services.question_remove(question=question, by=request.person)
    messages.success(request, gettext("The question is removed."))
    return redirect("knowledge:questions", org=org)


def answer_edit(request, org, uuid):
    answer = _answer(uuid)
    require(request.person, "knowledge.answer.edit", answer)
    form = AnswerForm(request.POST or None, initial={"body": answer.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_edit(answer=answer, by=request.person, body=form.cleaned_data["body"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, gettext("Your changes are saved; the earlier text is kept in the history."))
            return redirect(f"{question_url(org, answer.question)}#answer-{answer.uuid}")
    return render(request, "knowledge/questions/answer_form.html", {"form": form, "answer": answer,
                                                                    "question": answer.question},
                  status=400 if request.method == "POST" else 200)


def answer_history(request, org, uuid):
    answer = _answer(uuid)
    require(request.person, "knowledge.answer.edit", answer)
    versions = list(answer.versions.select_related("written_by__user", "replaced_by__user"))
    return render(request, "knowledge/questions/answer_history.html", {"answer": answer, "versions": versions,
                                                                       "question": answer.question})


@require_POST
def answer_remove(request, org, uuid):
    answer = _answer(uuid)
    require(request.person, "knowledge.answer.edit", answer)
    question = answer.question
    services.answer_remove(answer=answer, by=request.person)
    messages.success(request, gettext("The answer is removed."))
    return redirect("knowledge:question", org=org, uuid=question.uuid)
