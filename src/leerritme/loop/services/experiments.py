"""Experiments: a hypothesis tried for a while, then evaluated; concluding one counts as the team's learning."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import learning_event_record
from leerritme.loop.models import (
    OPEN_EXPERIMENT,
    Decision,
    Experiment,
    ExperimentStatus,
    Idea,
    IdeaStatus,
)
from leerritme.loop.rules import in_team, is_ld
from leerritme.loop.services.common import clean_text, clean_title, raise_if, require
from leerritme.orgs.models import Person, Team

MAX_DAYS = 366


@dataclass
class ExperimentInput:
    """What the owner fills in: a title, the hypothesis in three parts, and the period."""

    title: str
    if_we: str
    then: str
    we_will_see: str
    starts_on: date | None
    ends_on: date | None
    owner: Person | None = None


def _clean(values: ExperimentInput, *, team: Team) -> ExperimentInput:
    errors: dict[str, str] = {}
    title = clean_title(values.title, errors=errors)
    if_we = clean_text(values.if_we, field="if_we", errors=errors)
    then = clean_text(values.then, field="then", errors=errors)
    we_will_see = clean_text(values.we_will_see, field="we_will_see", errors=errors)
    if values.starts_on is None:
        errors["starts_on"] = _("Choose the day it starts.")
    if values.ends_on is None:
        errors["ends_on"] = _("Choose the day you evaluate it.")
    if values.starts_on and values.ends_on:
        if values.ends_on < values.starts_on:
            errors["ends_on"] = _("The end comes after the start.")
        elif (values.ends_on - values.starts_on).days > MAX_DAYS:
            errors["ends_on"] = _("Keep an experiment to a year at most; a shorter one teaches sooner.")
    owner = values.owner
    if owner is not None and (owner.organisation_id != team.organisation_id or not owner.is_active
                              or not (in_team(owner, team) or is_ld(owner))):
        errors["owner"] = _("The owner must be a member of the team.")
    raise_if(errors)
    return ExperimentInput(title=title, if_we=if_we, then=then, we_will_see=we_will_see,
                           starts_on=values.starts_on, ends_on=values.ends_on, owner=owner)


@transaction.atomic
def experiment_create(*, team: Team, by: Person, values: ExperimentInput, from_action=None,
                      from_idea: Idea | None = None) -> Experiment:
    """Start an experiment for a team, from scratch, from a reflection action or from an improvement idea.

    It is running at once when it starts today or earlier, planned otherwise. An idea it comes from moves to
    "trying".
    """
    require(by, "loop.contribute", team)
    values = _clean(values, team=team)
    if from_action is not None and from_action.team_id != team.pk:
        raise ValidationError(_("That action belongs to another team."))
    if from_idea is not None and from_idea.team_id != team.pk:
        raise ValidationError(_("That idea belongs to another team."))
    today = timezone.localdate()
    experiment = Experiment.objects.create(
        organisation_id=team.organisation_id, team=team, owner=values.owner or by, title=values.title,
        if_we=values.if_we, then=values.then, we_will_see=values.we_will_see, starts_on=values.starts_on,
        ends_on=values.ends_on, created_by=by, from_action=from_action, from_idea=from_idea,
        status=ExperimentStatus.RUNNING if values.starts_on <= today else ExperimentStatus.PLANNED)
    if from_idea is not None and from_idea.status == IdeaStatus.SUBMITTED:
        from_idea.status, from_idea.decided_by, from_idea.decided_at = IdeaStatus.TRYING, by, timezone.now()
        from_idea.status_reason = _("We try it as an experiment.")
        from_idea.save(update_fields=["status", "decided_by", "decided_at", "status_reason"])
    return experiment


def _locked(experiment: Experiment) -> Experiment:
    return Experiment.objects.select_for_update().select_related("team").get(pk=experiment.pk)


@transaction.atomic
def experiment_update(experiment: Experiment, *, by: Person, values: ExperimentInput) -> Experiment:
    """Change the hypothesis, owner or period of an experiment that is not finished yet."""
    require(by, "loop.experiment.edit", experiment)
    experiment = _locked(experiment)
    if not experiment.is_open:
        raise ValidationError(_("This experiment is finished; its evaluation stays as it was."))
    values = _clean(values, team=experiment.team)
    experiment.title, experiment.if_we, experiment.then = values.title, values.if_we, values.then
    experiment.we_will_see, experiment.starts_on, experiment.ends_on = (values.we_will_see, values.starts_on,
                                                                       values.ends_on)
    experiment.owner = values.owner or experiment.owner
    fields = ["title", "if_we", "then", "we_will_see", "starts_on", "ends_on", "owner"]
    if experiment.ends_on >= timezone.localdate() and experiment.reminded_at is not None:
        # A later end: the reminder comes again when the new end passes.
        experiment.reminded_at = None
        fields.append("reminded_at")
    experiment.save(update_fields=fields)
    return experiment


# Which status changes a person makes by hand (concluding goes through the evaluation).
MOVES = {
    ExperimentStatus.PLANNED: {ExperimentStatus.RUNNING, ExperimentStatus.STOPPED},
    ExperimentStatus.RUNNING: {ExperimentStatus.EVALUATING, ExperimentStatus.STOPPED},
    ExperimentStatus.EVALUATING: {ExperimentStatus.RUNNING, ExperimentStatus.STOPPED},
    ExperimentStatus.STOPPED: {ExperimentStatus.RUNNING},
    ExperimentStatus.CONCLUDED: set(),
}


@transaction.atomic
def experiment_move(experiment: Experiment, *, by: Person, status: str, reason: str = "") -> Experiment:
    """Start, pause for evaluation, stop early (with the reason in "what happened"), or pick up again."""
    require(by, "loop.experiment.edit", experiment)
    experiment = _locked(experiment)
    if status not in MOVES.get(experiment.status, set()):
        raise ValidationError(_("An experiment that is %(now)s cannot become %(then)s.") % {
            "now": experiment.get_status_display().lower(),
            "then": ExperimentStatus(status).label.lower() if status in ExperimentStatus.values else status})
    fields = ["status"]
    if status == ExperimentStatus.STOPPED:
        errors: dict[str, str] = {}
        reason = clean_text(reason, field="reason", required=False, errors=errors)
        raise_if(errors)
        if reason:
            experiment.what_happened = reason
            fields.append("what_happened")
    if status == ExperimentStatus.RUNNING and experiment.starts_on > timezone.localdate():
        experiment.starts_on = timezone.localdate()
        fields.append("starts_on")
    experiment.status = status
    experiment.save(update_fields=fields)
    return experiment


@dataclass
class Evaluation:
    what_happened: str
    what_we_learned: str
    decision: str


@transaction.atomic
def experiment_evaluate(experiment: Experiment, *, by: Person, values: Evaluation) -> Experiment:
    """Conclude: what happened, what we learned, keep, adapt or stop. Counts as the owner's learning, for the team."""
    require(by, "loop.experiment.edit", experiment)
    experiment = _locked(experiment)
    if experiment.status not in OPEN_EXPERIMENT:
        raise ValidationError(_("This experiment is already finished."))
    errors: dict[str, str] = {}
    what_happened = clean_text(values.what_happened, field="what_happened", errors=errors)
    what_we_learned = clean_text(values.what_we_learned, field="what_we_learned", errors=errors)
    if values.decision not in Decision.values:
        errors["decision"] = _("Choose whether you keep it, adapt it or stop it.")
    raise_if(errors)
    now = timezone.now()
    experiment.what_happened, experiment.what_we_learned = what_happened, what_we_learned
    experiment.decision, experiment.status = values.decision, ExperimentStatus.CONCLUDED
    experiment.evaluated_by, experiment.evaluated_at = by, now
    experiment.save(update_fields=["what_happened", "what_we_learned", "decision", "status", "evaluated_by",
                                   "evaluated_at"])
    learner = experiment.owner if experiment.owner_id and experiment.owner.is_active else by
    learning_event_record(person=learner, kind=LearningKind.EXPERIMENT_CONCLUDED, title=experiment.title,
                          visibility=Visibility.TEAM, team=experiment.team, obj=experiment, occurred_at=now,
                          data={"decision": experiment.decision})
    return experiment


def default_period(today: date | None = None) -> tuple[date, date]:
    """Four weeks from today: long enough to see something, short enough to learn soon."""
    today = today or timezone.localdate()
    return today, today + timedelta(weeks=4)
