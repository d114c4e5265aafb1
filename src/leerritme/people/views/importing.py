"""Importing people, teams and skills: upload, dry-run preview with every bad row, import, result."""

import csv
import io
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from leerritme.orgs import rules
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Role, TeamRole
from leerritme.people import importing
from leerritme.people.forms.importing import ImportUploadForm
from leerritme.people.models import ImportJob, ImportKind, ImportStatus
from leerritme.people.services.importing import (
    import_job_create,
    import_job_recheck,
    import_job_start,
    invitations_available,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ERRORS_SHOWN = 1000
# Past this, a job still waiting in the queue most likely means no task worker is running.
WORKER_HINT_SECONDS = 20


def _rule_for(kind: str) -> str:
    return "skills.manage" if kind == ImportKind.SKILLS else "people.manage"


def _allowed_kinds(person) -> list[str]:
    return [kind for kind in ImportKind.values if rules.can(person, _rule_for(kind))]


def _column_help(kinds: list[str]) -> list[dict]:
    return [
        {"kind": kind, "label": ImportKind(kind).label, "columns": importing.COLUMNS[kind]} for kind in kinds
    ]


def import_people(request, org):
    """The import page: choose what to import, download an example, upload a file to check."""
    kinds = _allowed_kinds(request.person)
    if not kinds:
        raise PermissionDenied
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, kinds=kinds, allow_invite=invitations_available()
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_job_create(
            organisation=request.organisation,
            uploaded_by=request.person,
            kind=form.cleaned_data["kind"],
            file_name=upload.name,
            content=upload.read(),
            options=form.options(),
        )
        return redirect("people:import_job", org=org, uuid=job.uuid)
    recent = (
        ImportJob.objects.filter(kind__in=kinds)
        .select_related("uploaded_by__user")
        .only("uuid", "kind", "file_name", "status", "total_rows", "preview", "created_at", "finished_at",
              "uploaded_by__user__name", "uploaded_by__user__email", "uploaded_by__is_active")[:10]
    )
    return render(
        request,
        "people/importing/import.html",
        {
            "form": form,
            "recent": recent,
            "column_help": _column_help(kinds),
            "show_people_options": ImportKind.PEOPLE in kinds,
        },
        status=400 if form.is_bound else 200,
    )


CHANGE_LABELS = {
    "name": _("Name"),
    "job_title": _("Job title"),
    "role": _("Role"),
    "teams": _("Teams"),
    "active": _("Reactivated"),
    "parent": _("Part of"),
    "description": _("Description"),
    "category": _("Category"),
}


def _shown_value(field: str, value) -> str:
    if field == "role" and value in Role.values:
        return str(Role(value).label)
    if field == "teams":
        return ", ".join(
            f"{name} ({TeamRole(role).label})" if role in TeamRole.values else name for name, role in value
        ) or "–"
    return str(value) if value not in (None, "") else "–"


def _with_shown_changes(preview: dict) -> dict:
    """The preview with each change spelled out in the reader's language (role names, team roles)."""
    for entry in preview.get("updated_sample", []):
        entry["shown_changes"] = [
            {"label": CHANGE_LABELS.get(c["field"], c["field"]), "field": c["field"],
             "old": _shown_value(c["field"], c["old"]), "new": _shown_value(c["field"], c["new"])}
            for c in entry.get("changes", [])
        ]
    return preview


def _job_for(request, uuid) -> ImportJob:
    jobs = ImportJob.objects.defer("content").select_related("uploaded_by__user")
    job = get_in_organisation(jobs, uuid=uuid)
    rules.require(request.person, _rule_for(job.kind))
    return job


def import_job(request, org, uuid):
    """One import: progress while it runs (polled by htmx), then the preview and errors, then the result."""
    job = _job_for(request, uuid)
    errors = job.errors or []
    file_error = next((e for e in errors if e.get("row") is None), None)
    shown = [
        {
            **error,
            "message": importing.describe_error(error, job.kind),
            "column_label": importing.column_label(job.kind, error["column"]) if error.get("column") else "",
        }
        for error in errors[:ERRORS_SHOWN]
        if error.get("row") is not None
    ]
    context = {
        "job": job,
        "file_error": importing.describe_error(file_error, job.kind) if file_error else "",
        "errors": shown,
        "error_count": len(errors),
        "bad_row_count": len({e["row"] for e in errors if e.get("row") is not None}),
        "errors_truncated": len(errors) > ERRORS_SHOWN,
        "preview": _with_shown_changes(job.preview or {}),
        "summary": job.summary or {},
        "waiting_for_worker": job.status == ImportStatus.UPLOADED
        and (timezone.now() - job.created_at).total_seconds() > WORKER_HINT_SECONDS,
        "column_help": _column_help([job.kind]),
        "people_options": job.kind == ImportKind.PEOPLE,
    }
    if errors and job.status in (ImportStatus.CHECKED, ImportStatus.FAILED):
        # Upload the corrected file right here, with the same kind and options.
        context["form"] = ImportUploadForm(
            initial={"kind": job.kind, **(job.options or {})},
            kinds=[job.kind],
            allow_invite=invitations_available(),
        )
    template = "people/importing/job.html"
    if request.htmx and not request.htmx.boosted:
        template += "#status"
    return render(request, template, context)


@require_POST
def import_job_run(request, org, uuid):
    job = _job_for(request, uuid)
    try:
        import_job_start(job=job)
    except ValueError:
        messages.error(request, gettext("This import cannot be started: it has errors, runs or ran already."))
    return redirect("people:import_job", org=org, uuid=job.uuid)


@require_POST
def import_job_check_again(request, org, uuid):
    job = get_in_organisation(ImportJob.objects.all(), uuid=uuid)
    rules.require(request.person, _rule_for(job.kind))
    try:
        import_job_recheck(job=job)
    except ValueError:
        messages.error(request, gettext("This file cannot be checked again; upload it once more."))
    return redirect("people:import_job", org=org, uuid=job.uuid)


def import_job_errors(request, org, uuid):
    """Every error of a checked file as CSV (the page shows the first thousand)."""
    job = _job_for(request, uuid)
    response = HttpResponse(
        "\ufeff" + importing.errors_as_csv(job.errors or [], job.kind), content_type="text/csv; charset=utf-8"
    )
    stem = Path(job.file_name).stem or "import"
    response["Content-Disposition"] = f'attachment; filename="{_ascii(stem)}-errors.csv"'
    return response


def import_example(request, org, kind, fmt):
    """An example file with the expected columns, in the user's language, as CSV or XLSX."""
    if kind not in ImportKind.values or fmt not in ("csv", "xlsx"):
        raise Http404
    rules.require(request.person, _rule_for(kind))
    language = "en" if (translation.get_language() or "").startswith("en") else "nl"
    source = (DATA_DIR / f"{kind}.{language}.csv").read_bytes()
    name = f"{gettext('example')}-{ImportKind(kind).label}".lower().replace(" ", "-")
    if fmt == "csv":
        response = HttpResponse(source, content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            _as_xlsx(source.decode("utf-8")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{_ascii(name)}.{fmt}"'
    return response


def _as_xlsx(text: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, _cell in enumerate(rows[0], start=1):
        width = max(len(row[index - 1]) for row in rows if len(row) >= index)
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(60, width + 4)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _ascii(name: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in name) or "import"
