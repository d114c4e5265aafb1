"""Development plans (POP), learning time and micro-learning paths: the writes."""

from datetime import UTC, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.growth.models import (
    ConversationNote,
    DevelopmentPlan,
    GoalStatus,
    LearningPath,
    PathEnrolment,
    PathStep,
    PlanAction,
    PlanGoal,
    PlanReview,
    StepProgress,
    TimeBlock,
    TimeEntry,
)
from leerritme.growth.rules import leads
from leerritme.learning.models import LearningKind
from leerritme.learning.services import learning_event_record
from leerritme.orgs.models import Person
from leerritme.practices.recurrence import WEEKDAY_CODES, local_to_aware, zone

# --- Development plans ------------------------------------------------------------------------------------


@transaction.atomic
def plan_start(*, person: Person, year: int) -> DevelopmentPlan:
    """The person's plan for the year; a new year starts from last year's open goals (the old plan stays as it was)."""
    plan, created = DevelopmentPlan.objects.get_or_create(
        person=person, year=year, defaults={"organisation_id": person.organisation_id})
    if created:
        previous = DevelopmentPlan.objects.filter(person=person, year__lt=year).order_by("-year").first()
        if previous is not None:
            plan.ambition = previous.ambition
            plan.save(update_fields=["ambition"])
            for goal in previous.goals.filter(status=GoalStatus.OPEN).prefetch_related("skills"):
                copy = PlanGoal.objects.create(organisation_id=person.organisation_id, plan=plan, title=goal.title,
                                               why=goal.why, progress=goal.progress)
                copy.skills.set(goal.skills.all())
    return plan


def plan_update(*, plan: DevelopmentPlan, by: Person, ambition: str) -> DevelopmentPlan:
    if by.pk != plan.person_id:
        raise PermissionDenied
    plan.ambition, plan.updated_at = ambition.strip(), timezone.now()
    plan.save(update_fields=["ambition", "updated_at"])
    return plan


@transaction.atomic
def goal_save(*, plan: DevelopmentPlan, by: Person, title: str, why: str, skills, progress: int, status: str,
              goal: PlanGoal | None = None) -> PlanGoal:
    if by.pk != plan.person_id:
        raise PermissionDenied
    if not (title or "").strip():
        raise ValidationError({"title": _("Write the goal.")})
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is between 0 and 100%.")})
    goal = goal or PlanGoal(organisation_id=plan.organisation_id, plan=plan)
    goal.title, goal.why, goal.progress, goal.status = title.strip(), why.strip(), progress, status
    if status == GoalStatus.ACHIEVED:
        goal.progress = 100
    goal.save()
    goal.skills.set(skills)
    return goal


def action_add(*, plan: DevelopmentPlan, by: Person, title: str, kind: str, goal: PlanGoal | None, due_on):
    if by.pk != plan.person_id:
        raise PermissionDenied
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError({"goal": _("Choose a goal of this plan.")})
    return PlanAction.objects.create(organisation_id=plan.organisation_id, plan=plan, title=title.strip(), kind=kind,
                                     goal=goal, due_on=due_on)


def action_toggle(*, action: PlanAction, by: Person) -> PlanAction:
    if by.pk != action.plan.person_id:
        raise PermissionDenied
    action.done_at = None if action.done_at else timezone.now()
    action.save(update_fields=["done_at"])
    return action


def _person_or_lead(plan: DevelopmentPlan, by: Person) -> None:
    if by.pk != plan.person_id and not leads(by, plan.person):
        raise PermissionDenied


def review_add(*, plan: DevelopmentPlan, by: Person, on) -> PlanReview:
    _person_or_lead(plan, by)
    if on.year not in (plan.year, plan.year + 1):
        raise ValidationError({"on": _("Choose a date in the plan's year.")})
    return PlanReview.objects.create(organisation_id=plan.organisation_id, plan=plan, on=on)


def review_mark_held(*, review: PlanReview, by: Person) -> PlanReview:
    """The person or their lead marks a review date as held (or not yet)."""
    _person_or_lead(review.plan, by)
    review.done = not review.done
    review.save(update_fields=["done"])
    return review


def note_add(*, plan: DevelopmentPlan, by: Person, held_on, text: str) -> ConversationNote:
    """Notes of a development conversation, by the person or their lead; only those two ever read them."""
    _person_or_lead(plan, by)
    if not (text or "").strip():
        raise ValidationError({"text": _("Write what you talked about.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A conversation cannot be in the future.")})
    return ConversationNote.objects.create(organisation_id=plan.organisation_id, plan=plan, author=by,
                                           held_on=held_on, text=text.strip())


# --- Learning time ------------------------------------------------------------------------------------------

def block_create(*, person: Person, title: str, weekday: int, every: int, at: time, duration_minutes: int,
                 start_date, until=None, time_zone: str = "Europe/Amsterdam") -> TimeBlock:
    """A recurring learning-time block, e.g. every Friday 14:00 for two hours; it shows in the calendar feed."""
    if until is not None and until < start_date:
        raise ValidationError({"until": _("The end date cannot be before the start date.")})
    if not 15 <= duration_minutes <= 480:
        raise ValidationError({"duration_minutes": _("A block lasts 15 minutes to 8 hours.")})
    first = start_date + timedelta(days=(weekday - start_date.weekday()) % 7)
    rule = f"FREQ=WEEKLY;INTERVAL={every};BYDAY={WEEKDAY_CODES[weekday]};BYHOUR={at.hour};BYMINUTE={at.minute}"
    if until is not None:
        end_local = datetime.combine(until, time(23, 59, 59))
        rule += ";UNTIL=" + local_to_aware(end_local, zone(time_zone)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    starts = local_to_aware(datetime.combine(first, at), zone(time_zone))
    return TimeBlock.objects.create(organisation_id=person.organisation_id, person=person, title=title.strip(),
                                    rrule=rule, starts_at=starts, time_zone=time_zone,
                                    duration_minutes=duration_minutes, until=until)


def block_stop(*, block: TimeBlock, by: Person) -> TimeBlock:
    if by.pk != block.person_id:
        raise PermissionDenied
    block.active, block.updated_at = False, timezone.now()
    block.save(update_fields=["active", "updated_at"])
    return block


@transaction.atomic
def time_register(*, person: Person, on, minutes: int, kind: str, note: str, block: TimeBlock | None = None):
    """Time actually spent learning, with a note; it counts in the learning record (LEARNING_TIME)."""
    if on > timezone.localdate():
        raise ValidationError({"on": _("You cannot register time in the future.")})
    if not 1 <= minutes <= 24 * 60:
        raise ValidationError({"minutes": _("Enter 1 to 1440 minutes.")})
    if not (note or "").strip():
        raise ValidationError({"note": _("Write in a few words what you learned.")})
    entry = TimeEntry.objects.create(organisation_id=person.organisation_id, person=person, on=on, minutes=minutes,
                                     kind=kind, note=note.strip()[:300], block=block)
    moment = local_to_aware(datetime.combine(on, time(12, 0)), zone("Europe/Amsterdam"))
    learning_event_record(person=person, kind=LearningKind.LEARNING_TIME, title=entry.note, minutes=minutes,
                          occurred_at=moment, obj=entry, data={"kind": kind})
    return entry


# --- Micro-learning paths -------------------------------------------------------------------------------------

def path_save(*, by: Person, title: str, description: str, skills, published: bool,
              path: LearningPath | None = None) -> LearningPath:
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the path a title.")})
    path = path or LearningPath(organisation_id=by.organisation_id, author=by)
    if published and path.pk and not path.steps.exists():
        raise ValidationError({"published": _("Add at least one step before you publish the path.")})
    if published and not path.pk:
        raise ValidationError({"published": _("Add at least one step before you publish the path.")})
    path.title, path.description, path.published = title.strip(), description.strip(), published
    path.save()
    path.skills.set(skills)
    return path


def step_add(*, path: LearningPath, kind: str, title: str, body: str, url: str, minutes: int) -> PathStep:
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the step a title.")})
    position = (path.steps.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    return PathStep.objects.create(organisation_id=path.organisation_id, path=path, position=position, kind=kind,
                                   title=title.strip(), body=body.strip(), url=url, minutes=minutes)


def path_follow(*, path: LearningPath, person: Person) -> PathEnrolment:
    if not path.published:
        raise ValidationError(_("This path is not published yet."))
    enrolment, _created = PathEnrolment.objects.get_or_create(
        path=path, person=person, defaults={"organisation_id": person.organisation_id})
    return enrolment


@transaction.atomic
def step_done(*, enrolment: PathEnrolment, step: PathStep, note: str = "") -> bool:
    """Mark a step done (saved, so one can stop and come back); the last one completes the path. True if completed."""
    if step.path_id != enrolment.path_id:
        raise ValidationError(_("This step belongs to another path."))
    enrolment = PathEnrolment.objects.select_for_update().get(pk=enrolment.pk)
    StepProgress.objects.get_or_create(enrolment=enrolment, step=step,
                                       defaults={"organisation_id": enrolment.organisation_id, "note": note.strip()})
    if enrolment.completed_at is not None:
        return False
    total = PathStep.objects.filter(path_id=enrolment.path_id).count()
    done = StepProgress.objects.filter(enrolment=enrolment).count()
    if done < total:
        return False
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    minutes = sum(PathStep.objects.filter(path_id=enrolment.path_id).values_list("minutes", flat=True))
    learning_event_record(person=enrolment.person, kind=LearningKind.PATH_COMPLETED, title=enrolment.path.title,
                          minutes=minutes, obj=enrolment, data={"growth": "path_completed"})
    return True
