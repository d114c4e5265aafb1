"""Lessons, also from mistakes: written blameless, shared with the team or everyone, reacted to, promoted to an
article, and, with the consent of everyone involved, celebrated as the team's lesson of the month."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.knowledge.models import ArticleVisibility
from leerritme.knowledge.services.articles import ArticleInput, article_create
from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import learning_event_record, learning_events_remove_for
from leerritme.loop.models import (
    Consent,
    Experiment,
    Involvement,
    Lesson,
    LessonOfTheMonth,
    LessonReaction,
    LessonVisibility,
    Reaction,
)
from leerritme.loop.rules import in_team, is_ld
from leerritme.loop.services.common import clean_text, clean_title, raise_if, require
from leerritme.notifications.services import notify
from leerritme.orgs.models import Person, Team

MAX_INVOLVED = 30


@dataclass
class LessonInput:
    title: str
    what_happened: str
    what_we_expected: str
    what_we_learned: str
    do_differently: str
    visibility: str = LessonVisibility.DRAFT
    team: Team | None = None
    from_mistake: bool = False
    involved: tuple[Person, ...] = field(default_factory=tuple)


def _clean(values: LessonInput, *, author: Person) -> LessonInput:
    errors: dict[str, str] = {}
    title = clean_title(values.title, errors=errors)
    texts = {name: clean_text(getattr(values, name), field=name, errors=errors)
             for name in ("what_happened", "what_we_expected", "what_we_learned", "do_differently")}
    if values.visibility not in LessonVisibility.values:
        errors["visibility"] = _("Choose who may read it.")
    team = values.team
    if team is not None and (team.organisation_id != author.organisation_id
                             or not (in_team(author, team) or is_ld(author))):
        errors["team"] = _("Choose one of your own teams.")
    elif team is None and values.visibility == LessonVisibility.TEAM:
        errors["team"] = _("Choose the team to share it with.")
    involved = tuple(dict.fromkeys(values.involved))
    if len(involved) > MAX_INVOLVED:
        errors["involved"] = _("Name at most %(n)s people.") % {"n": MAX_INVOLVED}
    if any(p.organisation_id != author.organisation_id or not p.is_active for p in involved):
        errors["involved"] = _("Only active colleagues can be involved.")
    raise_if(errors)
    return LessonInput(title=title, visibility=values.visibility, team=team, from_mistake=bool(values.from_mistake),
                       involved=involved, **texts)


def _record_shared(lesson: Lesson) -> None:
    """The author shared what they learned: a learning event the readers of the lesson can see."""
    learning_events_remove_for(lesson)
    if lesson.visibility == LessonVisibility.DRAFT:
        return
    team_only = lesson.visibility == LessonVisibility.TEAM
    learning_event_record(person=lesson.author, kind=LearningKind.LESSON_SHARED, title=lesson.title, obj=lesson,
                          visibility=Visibility.TEAM if team_only else Visibility.ORGANISATION,
                          team=lesson.team if team_only else None, occurred_at=lesson.shared_at,
                          data={"from_mistake": lesson.from_mistake})


def _set_involved(lesson: Lesson, people: tuple[Person, ...]) -> None:
    wanted = {lesson.author_id, *(p.pk for p in people)}
    Involvement.objects.filter(lesson=lesson).exclude(person_id__in=wanted).delete()
    have = set(Involvement.objects.filter(lesson=lesson).values_list("person_id", flat=True))
    Involvement.objects.bulk_create([Involvement(organisation_id=lesson.organisation_id, lesson=lesson, person_id=pk)
                                     for pk in sorted(wanted - have)])


@transaction.atomic
def lesson_create(*, author: Person, values: LessonInput, experiment: Experiment | None = None) -> Lesson:
    """Write a lesson (a draft unless shared); the author is always among the people involved."""
    values = _clean(values, author=author)
    if experiment is not None:
        require(author, "loop.team", experiment.team)
    now = timezone.now()
    shared = values.visibility != LessonVisibility.DRAFT
    lesson = Lesson.objects.create(
        organisation_id=author.organisation_id, author=author, team=values.team, title=values.title,
        what_happened=values.what_happened, what_we_expected=values.what_we_expected,
        what_we_learned=values.what_we_learned, do_differently=values.do_differently,
        from_mistake=values.from_mistake, visibility=values.visibility, experiment=experiment,
        created_at=now, updated_at=now, shared_at=now if shared else None)
    _set_involved(lesson, values.involved)
    if shared:
        _record_shared(lesson)
    return lesson


@transaction.atomic
def lesson_update(lesson: Lesson, *, by: Person, values: LessonInput) -> Lesson:
    """The author rewrites, shares or takes back a lesson; its learning event follows who may read it."""
    require(by, "loop.lesson.edit", lesson)
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    values = _clean(values, author=lesson.author)
    before = (lesson.visibility, lesson.team_id, lesson.title, lesson.from_mistake)
    fields = ["title", "what_happened", "what_we_expected", "what_we_learned", "do_differently", "visibility",
              "team", "from_mistake"]
    for name in fields:
        setattr(lesson, name, getattr(values, name))
    lesson.updated_at = timezone.now()
    if lesson.visibility != LessonVisibility.DRAFT and lesson.shared_at is None:
        lesson.shared_at = lesson.updated_at
    lesson.save(update_fields=[*fields, "updated_at", "shared_at"])
    _set_involved(lesson, values.involved)
    if before != (lesson.visibility, lesson.team_id, lesson.title, lesson.from_mistake):
        _record_shared(lesson)
    if lesson.visibility == LessonVisibility.DRAFT or lesson.team_id != before[1]:
        # Taken back or moved: it is no longer the old team's lesson of the month.
        LessonOfTheMonth.objects.filter(lesson=lesson).delete()
    return lesson


@transaction.atomic
def lesson_delete(lesson: Lesson, *, by: Person) -> None:
    require(by, "loop.lesson.edit", lesson)
    learning_events_remove_for(lesson)
    lesson.delete()


@transaction.atomic
def lesson_react(lesson: Lesson, *, by: Person, kind: str) -> bool:
    """Add the person's reaction of this kind, or take it back when they gave it already. True when added."""
    require(by, "loop.lesson.view", lesson)
    if lesson.is_draft:
        raise ValidationError(_("A draft cannot get reactions yet."))
    if kind not in Reaction.values:
        raise ValidationError(_("Choose one of the reactions."))
    deleted, _rows = LessonReaction.objects.filter(lesson=lesson, person=by, kind=kind).delete()
    if deleted:
        return False
    LessonReaction.objects.create(organisation_id=lesson.organisation_id, lesson=lesson, person=by, kind=kind)
    return True


def _article_body(lesson: Lesson) -> str:
    url = reverse("loop:lesson", kwargs={"org": lesson.organisation.slug, "uuid": lesson.uuid})
    parts = [
        (_("What happened"), lesson.what_happened),
        (_("What we expected"), lesson.what_we_expected),
        (_("What we learned"), lesson.what_we_learned),
        (_("What we do differently now"), lesson.do_differently),
    ]
    body = "\n\n".join(f"## {heading}\n\n{text}" for heading, text in parts)
    return body + "\n\n---\n\n" + _("From the lesson [%(title)s](%(url)s).") % {"title": lesson.title, "url": url}


@transaction.atomic
def lesson_promote(lesson: Lesson, *, by: Person):
    """Turn the lesson into a draft article in the knowledge base for the author to finish; both link to each
    other. Promoting again returns the article made before."""
    require(by, "loop.lesson.edit", lesson)
    lesson = (Lesson.objects.select_for_update(of=("self",)).select_related("organisation", "team", "article")
              .get(pk=lesson.pk))
    if lesson.article_id is not None:
        return lesson.article
    team_only = lesson.visibility != LessonVisibility.ORGANISATION and lesson.team_id is not None
    article = article_create(owner=by, values=ArticleInput(
        title=lesson.title, body=_article_body(lesson),
        visibility=ArticleVisibility.TEAM if team_only else ArticleVisibility.ORGANISATION,
        team=lesson.team if team_only else None))
    lesson.article = article
    lesson.save(update_fields=["article"])
    return article


def first_of_month(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def lesson_month_choose(lesson: Lesson, *, by: Person, month: date | None = None) -> LessonOfTheMonth:
    """The team lead chooses the lesson as the team's lesson of the month (replacing an earlier choice).

    Everyone involved is asked for consent; it is celebrated only when all of them agreed.
    """
    require(by, "loop.lesson.month", lesson)
    month = first_of_month(month or timezone.localdate())
    choice, _created = LessonOfTheMonth.objects.update_or_create(
        team=lesson.team, month=month,
        defaults={"organisation_id": lesson.organisation_id, "lesson": lesson, "chosen_by": by,
                  "chosen_at": timezone.now()})
    url = reverse("loop:lesson", kwargs={"org": lesson.organisation.slug, "uuid": lesson.uuid})
    asked = (Involvement.objects.filter(lesson=lesson, consent=Consent.ASKED).exclude(person=by)
             .select_related("person__user", "person__organisation"))
    for involvement in asked:
        notify(involvement.person, "loop.lesson_consent", {"lesson": lesson, "team": lesson.team, "lead": by},
               url=url, dedupe_key=f"loop.consent:{lesson.uuid}:{month:%Y-%m}")
    if by.pk in set(Involvement.objects.filter(lesson=lesson, consent=Consent.ASKED).values_list("person_id",
                                                                                                  flat=True)):
        # The lead who chooses it and was involved agrees by choosing it.
        lesson_consent(lesson, by=by, consent=Consent.GIVEN)
    return choice


@transaction.atomic
def lesson_month_withdraw(choice: LessonOfTheMonth, *, by: Person) -> None:
    require(by, "loop.lesson.month", choice.lesson)
    choice.delete()


@transaction.atomic
def lesson_consent(lesson: Lesson, *, by: Person, consent: str) -> Involvement:
    """A person involved agrees or declines to have the lesson celebrated; they can change their mind."""
    if consent not in (Consent.GIVEN, Consent.DECLINED):
        raise ValidationError(_("Choose whether you agree."))
    involvement = Involvement.objects.select_for_update().filter(lesson=lesson, person=by).first()
    if involvement is None:
        raise PermissionDenied
    involvement.consent, involvement.answered_at = consent, timezone.now()
    involvement.save(update_fields=["consent", "answered_at"])
    return involvement
