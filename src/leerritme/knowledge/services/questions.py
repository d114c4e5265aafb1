"""Questions and answers: asking routes the question to the colleagues who can teach its skills."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.knowledge.kinds import ANSWER_ACCEPTED, ANSWERED, QUESTION_FOR_YOU
from leerritme.knowledge.markdown import render_markdown
from leerritme.knowledge.models import (
    Answer,
    AnswerVersion,
    AnswerVote,
    Community,
    Question,
    QuestionSkill,
    QuestionVersion,
    SearchKind,
)
from leerritme.knowledge.search import remove_entry
from leerritme.knowledge.services.indexing import question_reindex
from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import learning_event_record, learning_events_remove_for
from leerritme.notifications.services import notify
from leerritme.orgs.models import Person
from leerritme.people.models import Skill
from leerritme.people.selectors import who_can_teach

MAX_TITLE = 200
MAX_BODY = 20_000
# A question reaches the best few teachers of each skill, not all 300 welders of a large company.
TEACHERS_PER_SKILL = 10


def question_url(question: Question) -> str:
    return reverse("knowledge:question", kwargs={"org": question.organisation.slug, "uuid": question.uuid})


def _clean_question(*, organisation_id: int, title: str, body: str, skills, community) -> tuple[str, str, list]:
    title = " ".join((title or "").split())
    body = (body or "").replace("\r\n", "\n").strip()
    if not title:
        raise ValidationError({"title": _("Write your question.")})
    if len(title) > MAX_TITLE or len(body) > MAX_BODY:
        raise ValidationError(_("The question is too long."))
    skills = list(dict.fromkeys(skills))
    if any(s.organisation_id != organisation_id for s in skills):
        raise ValidationError({"skills": _("Choose skills of your organisation.")})
    if community is not None and community.organisation_id != organisation_id:
        raise ValidationError({"community": _("Choose a community of your organisation.")})
    return title, body, skills


def _clean_answer(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({"body": _("Write your answer.")})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": _("The answer is too long.")})
    return body


@transaction.atomic
def question_ask(*, asker: Person, title: str, body: str = "", skills: list[Skill] = (),
                 community: Community | None = None) -> Question:
    """Store the question and tell the colleagues who can teach its skills (per their preferences)."""
    title, body, skills = _clean_question(organisation_id=asker.organisation_id, title=title, body=body,
                                          skills=skills, community=community)
    question = Question.objects.create(organisation_id=asker.organisation_id, asker=asker, title=title, body=body,
                                       body_html=render_markdown(body), community=community)
    QuestionSkill.objects.bulk_create([QuestionSkill(organisation_id=asker.organisation_id, question=question,
                                                     skill=skill) for skill in skills])
    question_reindex(question)
    _notify_teachers(question, skills)
    return question


def _notify_teachers(question: Question, skills: list[Skill]) -> int:
    teachers: dict[int, tuple[Person, list[str]]] = {}
    for skill in skills:
        for entry in who_can_teach(skill, exclude=question.asker)[:TEACHERS_PER_SKILL]:
            teachers.setdefault(entry.person_id, (entry.person, []))[1].append(skill.name)
    url = question_url(question)
    for person, names in teachers.values():
        notify(person, QUESTION_FOR_YOU, {"question": question, "asker_name": question.asker.display_name,
                                          "skill_names": ", ".join(names)},
               url=url, dedupe_key=f"question:{question.uuid}")
    return len(teachers)


@transaction.atomic
def answer_add(*, question: Question, author: Person, body: str) -> Answer:
    body = _clean_answer(body)
    answer = Answer.objects.create(organisation_id=question.organisation_id, question=question, author=author,
                                   body=body, body_html=render_markdown(body))
    Question.objects.filter(pk=question.pk).update(answer_count=F("answer_count") + 1)
    question.answer_count += 1
    question_reindex(question)
    if question.asker_id != author.pk:
        notify(question.asker, ANSWERED, {"question": question, "author_name": author.display_name},
               url=question_url(question) + f"#answer-{answer.uuid}", dedupe_key=f"answer:{answer.uuid}")
    return answer


@transaction.atomic
def answer_vote(*, answer: Answer, person: Person) -> Answer:
    """Upvote, or take the upvote back when given already; nobody upvotes their own answer."""
    if answer.author_id == person.pk:
        raise ValidationError(_("You cannot upvote your own answer."))
    deleted, _details = AnswerVote.objects.filter(answer=answer, person=person).delete()
    if not deleted:
        try:
            with transaction.atomic():
                AnswerVote.objects.create(organisation_id=answer.organisation_id, answer=answer, person=person)
        except IntegrityError:  # a double click: the vote is there already
            pass
    answer.votes = AnswerVote.objects.filter(answer=answer).count()
    answer.save(update_fields=["votes"])
    return answer


@transaction.atomic
def answer_accept(*, question: Question, answer: Answer | None, by: Person) -> Question:
    """The asker marks the answer that helped (None takes the mark away); its author taught a colleague."""
    if answer is not None and answer.question_id != question.pk:
        raise ValidationError(_("That answer belongs to another question."))
    previous = question.accepted_answer
    if previous is not None and (answer is None or previous.pk != answer.pk):
        learning_events_remove_for(previous)
    question.accepted_answer = answer
    question.save(update_fields=["accepted_answer"])
    if answer is not None and (previous is None or previous.pk != answer.pk) and answer.author_id != by.pk:
        learning_event_record(person=answer.author, kind=LearningKind.SKILL_TAUGHT, obj=answer,
                              title=_("Answered “%(title)s”") % {"title": question.title},
                              visibility=Visibility.ORGANISATION, occurred_at=timezone.now())
        notify(answer.author, ANSWER_ACCEPTED, {"question": question, "asker_name": by.display_name},
               url=question_url(question), dedupe_key=f"accepted:{answer.uuid}")
    return question


# --- Edits and removal ---------------------------------------------------------------------------------


@transaction.atomic
def question_edit(*, question: Question, by: Person, title: str, body: str = "", skills: list[Skill] = (),
                  community: Community | None = None) -> Question:
    """Change a question (its asker, or a moderator); the text before the edit is kept as a version.

    Teachers of a newly added skill hear of the question; those told before are not told again.
    """
    title, body, skills = _clean_question(organisation_id=question.organisation_id, title=title, body=body,
                                          skills=skills, community=community)
    question = Question.objects.select_for_update().select_related("organisation", "asker__user").get(
        pk=question.pk)
    old_skills = list(question.skills.order_by("name"))
    changed = (title, body) != (question.title, question.body) or {s.pk for s in old_skills} != {
        s.pk for s in skills}
    if changed:
        number = question.versions.count() + 1
        QuestionVersion.objects.create(
            organisation_id=question.organisation_id, question=question, number=number, title=question.title,
            body=question.body, skill_names=", ".join(s.name for s in old_skills)[:1000],
            written_by=question.edited_by if question.edited_at else question.asker,
            written_at=question.edited_at or question.created_at, replaced_by=by)
        question.edited_at, question.edited_by = timezone.now(), by
    question.title, question.body, question.body_html = title, body, render_markdown(body)
    question.community = community
    question.save(update_fields=["title", "body", "body_html", "community", "edited_at", "edited_by"])
    QuestionSkill.objects.filter(question=question).exclude(skill__in=skills).delete()
    have = {s.pk for s in old_skills}
    added = [s for s in skills if s.pk not in have]
    QuestionSkill.objects.bulk_create([QuestionSkill(organisation_id=question.organisation_id, question=question,
                                                     skill=skill) for skill in added])
    question_reindex(question)
    if added:
        _notify_teachers(question, added)
    return question


@transaction.atomic
def answer_edit(*, answer: Answer, by: Person, body: str) -> Answer:
    """Change an answer (its author, or a moderator); the text before the edit is kept as a version."""
    body = _clean_answer(body)
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    if body == answer.body:
        return answer
    AnswerVersion.objects.create(
        organisation_id=answer.organisation_id, answer=answer, number=answer.versions.count() + 1, body=answer.body,
        written_by=answer.edited_by if answer.edited_at else answer.author,
        written_at=answer.edited_at or answer.created_at, replaced_by=by)
    answer.body, answer.body_html = body, render_markdown(body)
    answer.edited_at, answer.edited_by = timezone.now(), by
    answer.save(update_fields=["body", "body_html", "edited_at", "edited_by"])
    question_reindex(answer.question)
    return answer


@transaction.atomic
def answer_remove(*, answer: Answer, by: Person) -> Question:
    """Take an answer away with its history; an accepted answer no longer counts as teaching."""
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    if question.accepted_answer_id == answer.pk:
        question.accepted_answer = None
        question.save(update_fields=["accepted_answer"])
    learning_events_remove_for(answer)
    answer.delete()
    question.answer_count = question.answers.count()
    question.save(update_fields=["answer_count"])
    question_reindex(question)
    return question


@transaction.atomic
def question_remove(*, question: Question, by: Person) -> None:
    """Take a question away with its answers and their history; nobody finds it any more."""
    for answer in question.answers.all():
        learning_events_remove_for(answer)
    remove_entry(kind=SearchKind.QUESTION, object_id=question.pk)
    Question.objects.filter(pk=question.pk).update(accepted_answer=None)
    question.answers.all().delete()
    question.delete()
