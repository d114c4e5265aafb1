"""The indicators dashboard, its CSV and XLSX exports and the management report (PDF).

All four read the same choice (scope, period, months or weeks) from the query string, so a download has
exactly the numbers of the page it was started from.
"""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render

from leerritme.metrics.exports import dashboard_csv, dashboard_xlsx, file_name
from leerritme.metrics.forms import DashboardForm
from leerritme.metrics.periods import DEFAULT_PRESET, MONTH, WEEK
from leerritme.metrics.registry import GROUPS, OUTCOME, OUTPUT
from leerritme.metrics.report import bucket_label, dashboard_pdf
from leerritme.metrics.selectors import dashboard, scope_for, scope_options, team_refs
from leerritme.orgs.rules import require
from leerritme.reflection.selectors.summary import checkout_threshold

FIELDS = ("scope", "period", "first", "last", "bucket")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _choose(request):
    """The form and, when it is valid, the dashboard it asks for (None otherwise)."""
    require(request.person, "metrics.view")
    refs = team_refs()
    options = scope_options(request.person, refs)
    data = {"scope": options[0].value if options else "", "period": DEFAULT_PRESET, "bucket": MONTH}
    data.update({name: request.GET[name] for name in FIELDS if request.GET.get(name)})
    form = DashboardForm(data, options=options)
    form.options = options
    if not form.is_valid():
        return form, None
    scope = scope_for(request.person, form.cleaned_data["scope"], refs)
    return form, dashboard(request.organisation, scope, form.period)


def _chart_data(board) -> dict:
    per_week = board.period.bucket == WEEK
    labels = [bucket_label(b, per_week) for b in board.buckets]
    return {
        result.indicator.slug: {
            "labels": labels,
            "type": result.indicator.chart,
            "low": result.indicator.low,
            "high": result.indicator.high,
            "series": [{"label": s.label, "values": s.values} for s in result.chart_series],
        }
        for result in board.results
    }


def index(request, org):
    form, board = _choose(request)
    context = {"form": form, "board": board, "options": form.options, "chosen_scope": form.data.get("scope"),
               "query": urlencode({name: form.data[name] for name in FIELDS if form.data.get(name)})}
    if board is not None:
        context.update({
            "groups": [(GROUPS[group], board.of_group(group)) for group in (OUTPUT, OUTCOME)],
            "charts": _chart_data(board),
            "per_week": board.period.bucket == WEEK,
            "checkout_minimum": checkout_threshold(request.organisation),
        })
    return render(request, "metrics/dashboard.html", context, status=200 if board is not None else 400)


def _download(request, make, extension: str, content_type: str):
    form, board = _choose(request)
    if board is None:
        return render(request, "metrics/dashboard.html", {"form": form, "board": None, "options": form.options,
                                                          "chosen_scope": form.data.get("scope")}, status=400)
    response = HttpResponse(make(board), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name(board, extension)}"'
    return response


def export_csv(request, org):
    return _download(request, dashboard_csv, "csv", "text/csv; charset=utf-8")


def export_xlsx(request, org):
    return _download(request, dashboard_xlsx, "xlsx", XLSX)


def report_pdf(request, org):
    return _download(request, dashboard_pdf, "pdf", "application/pdf")
