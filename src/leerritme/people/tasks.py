"""Background work of the people part: checking and running imports (run by `leerritme worker`)."""

from django.tasks import task
from django_scopes import scope, scopes_disabled

from leerritme.people.models import ImportJob, ImportStatus


def _job(job_uuid: str) -> ImportJob | None:
    with scopes_disabled():
        return (
            ImportJob.objects.select_related("organisation", "uploaded_by__user")
            .filter(uuid=job_uuid)
            .first()
        )


@task()
def check_import(job_uuid: str) -> str:
    """The dry run of an uploaded file: preview and errors, nothing imported."""
    from leerritme.people.services.importing import import_job_check

    job = _job(job_uuid)
    if job is None or job.status != ImportStatus.UPLOADED:
        return "skipped"
    with scope(organisation=job.organisation):
        return import_job_check(job=job).status


@task()
def run_import(job_uuid: str) -> str:
    """Import a checked file, all or nothing."""
    from leerritme.people.services.importing import import_job_run

    job = _job(job_uuid)
    if job is None or job.status != ImportStatus.IMPORTING:
        return "skipped"
    with scope(organisation=job.organisation):
        return import_job_run(job=job).status
