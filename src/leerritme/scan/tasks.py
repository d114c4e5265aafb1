"""Background work of the scan: invitations and reminders, one task per run, in the run's organisation."""

from django.tasks import task
from django_scopes import scope, scopes_disabled

from leerritme.scan.models import Run


def _run(run_id: int) -> Run | None:
    with scopes_disabled():
        return Run.objects.select_related("organisation", "instrument").filter(pk=run_id).first()


@task()
def invite_run(run_id: int) -> int:
    from leerritme.scan.services.runs import run_invite

    run = _run(run_id)
    if run is None or run.status() != "open":
        return 0
    with scope(organisation=run.organisation):
        return run_invite(run)


@task()
def remind_run(run_id: int) -> int:
    from leerritme.scan.services.runs import run_remind

    run = _run(run_id)
    if run is None or run.status() != "open":
        return 0
    with scope(organisation=run.organisation):
        return run_remind(run)
