"""This part's time-based work, through the scheduler seam: experiments start on their day, and when the end
passes without an evaluation the owner (or, without one, the team's leads) is reminded once.

`run(now)` finds the organisations with something due and enqueues one task each (on commit); the task is
idempotent: each reminder carries a dedupe key and `reminded_at` is set in the same transaction.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from leerritme.loop.models import Experiment, ExperimentStatus
from leerritme.notifications.services import notify
from leerritme.orgs.models import Organisation, Person, TeamRole
from leerritme.scheduler.registry import DueWork, register_due_work


def _due(today) -> Q:
    starting = Q(status=ExperimentStatus.PLANNED, starts_on__lte=today)
    ended = Q(status__in=[ExperimentStatus.PLANNED, ExperimentStatus.RUNNING, ExperimentStatus.EVALUATING],
              ends_on__lt=today, reminded_at__isnull=True)
    return starting | ended


def experiments_due(now) -> int:
    today = timezone.localtime(now).date()
    with scopes_disabled():
        ids = sorted(set(Experiment.objects.filter(_due(today)).values_list("organisation_id", flat=True)))
    for organisation_id in ids:
        transaction.on_commit(lambda pk=organisation_id: keep_experiments.enqueue(pk, today.isoformat()))
    return len(ids)


@task()
def keep_experiments(organisation_id: int, today: str) -> int:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    with scope(organisation=organisation):
        return experiments_keep(date.fromisoformat(today))


@transaction.atomic
def experiments_keep(today) -> int:
    """Start planned experiments whose day came; remind about ended ones. Returns the reminders sent."""
    Experiment.objects.filter(status=ExperimentStatus.PLANNED, starts_on__lte=today, ends_on__gte=today).update(
        status=ExperimentStatus.RUNNING)
    ended = list(Experiment.objects.select_for_update(of=("self",)).filter(_due(today) & Q(ends_on__lt=today))
                 .select_related("team__organisation", "owner__user", "owner__organisation"))
    sent = 0
    for experiment in ended:
        people = [experiment.owner] if experiment.owner_id and experiment.owner.is_active else list(
            Person.objects.filter(team_memberships__team=experiment.team, team_memberships__role=TeamRole.LEAD,
                                  is_active=True).select_related("user", "organisation"))
        url = reverse("loop:experiment_evaluate", kwargs={"org": experiment.team.organisation.slug,
                                                          "uuid": experiment.uuid})
        for person in people:
            if notify(person, "loop.experiment_evaluate", {"experiment": experiment}, url=url,
                      dedupe_key=f"loop.evaluate:{experiment.uuid}") is not None:
                sent += 1
        experiment.reminded_at = timezone.now()
        fields = ["reminded_at"]
        if experiment.status != ExperimentStatus.EVALUATING:
            experiment.status = ExperimentStatus.EVALUATING
            fields.append("status")
        experiment.save(update_fields=fields)
    return sent


register_due_work(DueWork("loop.experiments", timedelta(hours=6), experiments_due))
