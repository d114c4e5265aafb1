"""Questions and answers: asking routes the question to the colleagues who can teach its skills."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.knowledge.kinds import ANSWER_ACCEPTED, ANSWERED, QUESTION_FOR_YOU
from leerritme.knowledge.markdown import render_markdown
from leerritme.knowledge.models import Answer, AnswerVote, Community, Question, QuestionSkill
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


@transaction.atomic
def question_ask(*, asker: Person, title: str, body: str = "", skills: list[Skill] = (),
                 community: Community | None = None) -> Question:
    """Store the question and tell the colleagues who can teach its skills (per their preferences)."""
    title = " ".join((title or "").split())
    body = (body or "").replace("\r\n", "\n").strip()
    if not title:
        raise ValidationError({"title": _("Write your question.")})
    if len(title) > MAX_TITLE or len(body) > MAX_BODY:
        raise ValidationError(_("The question is too long."))
    skills = list(dict.fromkeys(skills))
    if any(s.organisation_id != asker.organisation_id for s in skills):
        raise ValidationError({"skills": _("Choose skills of your organisation.")})
    if community is not None and community.organisation_id != asker.organisation_id:
        raise ValidationError({"community": _("Choose a community of your organisation.")})
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
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({"body": _("Write your answer.")})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": _("The answer is too long.")})
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
