"""Background work: form rounds of large programmes, start rounds that are due, ask for reflections when a
round ends, propose buddies."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from leerritme.matching.models import GroupMember, Programme, Round, RoundJob, RoundJobStatus
from leerritme.matching.services import REFLECT_KIND, buddies_propose, round_job_run, round_start
from leerritme.notifications.services import notify
from leerritme.orgs.models import Organisation


@task()
def start_due_round(organisation_id: int, programme_id: int) -> None:
    organisation = Organisation.objects.get(pk=organisation_id)
    with scope(organisation=organisation):
        programme = Programme.objects.filter(pk=programme_id, is_active=True).first()
        today = timezone.localdate()
        if programme is None or programme.next_round_on is None or programme.next_round_on > today:
            return  # already started by another worker, or stopped
        try:
            round_start(programme=programme, starts_on=today)
        except ValidationError:
            # Too few people this time: try again next period rather than every tick.
            programme.next_round_on = today + timedelta(weeks=programme.every_weeks)
            programme.save(update_fields=["next_round_on"])


@task()
def ask_reflections(organisation_id: int, round_id: int) -> None:
    organisation = Organisation.objects.get(pk=organisation_id)
    with scope(organisation=organisation):
        rnd = Round.objects.select_related("programme").get(pk=round_id)
        for member in GroupMember.objects.filter(group__round=rnd, reflected_at__isnull=True).select_related(
                "person__user", "group"):
            notify(member.person, REFLECT_KIND, {"programme": rnd.programme},
                   url=reverse("matching:group", kwargs={"org": organisation.slug, "uuid": member.group.uuid}),
                   dedupe_key=f"reflect:{member.group.uuid}")


@task()
def propose_buddies_for(organisation_id: int) -> None:
    organisation = Organisation.objects.get(pk=organisation_id)
    with scope(organisation=organisation):
        buddies_propose(organisation=organisation)


@task()
def form_round(job_uuid: str) -> str:
    """Form the round an admin asked for (across teams or the whole organisation) and tell everyone."""
    with scopes_disabled():
        job = RoundJob.objects.select_related("organisation", "programme").filter(uuid=job_uuid).first()
    if job is None or job.status != RoundJobStatus.QUEUED:
        return "skipped"
    with scope(organisation=job.organisation):
        return round_job_run(job=job).status
