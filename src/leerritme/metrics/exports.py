"""The dashboard as CSV and XLSX: the same numbers as the page, one row per indicator, series and bucket.

Both are written in the active language. Values are plain numbers (hours and euros to two decimals at
most, averages to two); a bucket without a value (a check-out below the minimum) is left empty.
"""

import csv
import io

from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from leerritme.metrics.registry import GROUPS
from leerritme.metrics.selectors import Dashboard


def file_name(board: Dashboard, extension: str) -> str:
    scope = slugify(board.scope.name)[:40] or "organisation"
    return f"indicators-{scope}-{board.period.first:%Y-%m-%d}-{board.period.last:%Y-%m-%d}.{extension}"


def header() -> list[str]:
    return [_("Indicator"), _("Kind"), _("Series"), _("Unit"), _("From"), _("Until"), _("Value")]


def rows(board: Dashboard):
    for result in board.results:
        indicator = result.indicator
        for series in result.series:
            unit = str(indicator.unit_label) if series.in_chart else str(_("number"))
            for index, bucket in enumerate(board.buckets):
                value = series.values[index]
                yield [str(indicator.label), str(GROUPS[indicator.group]), series.label, unit,
                       bucket.first.isoformat(), bucket.last.isoformat(), "" if value is None else value]


def total_rows(board: Dashboard):
    for result in board.results:
        for series in result.series:
            unit = str(result.indicator.unit_label) if series.in_chart else str(_("number"))
            yield [str(result.indicator.label), series.label, unit, "" if series.total is None else series.total]


def about(board: Dashboard) -> list[tuple[str, str]]:
    return [
        (_("Organisation"), board.organisation.name),
        (_("For"), board.scope.name),
        (_("From"), board.period.first.isoformat()),
        (_("Until"), board.period.last.isoformat()),
        (_("Per"), _("week") if board.period.bucket == "week" else _("month")),
        (_("Figures as of"), board.computed_at.isoformat(timespec="minutes")),
    ]


def _safe(cell):
    """A leading =, +, - or @ would run as a formula in a spreadsheet (a team called "=SUM(...)")."""
    return f"'{cell}" if isinstance(cell, str) and cell and cell[0] in "=+-@" else cell


def dashboard_csv(board: Dashboard) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header())
    writer.writerows([_safe(c) for c in row] for row in rows(board))
    return "\ufeff" + out.getvalue()  # a BOM, so spreadsheet programs read the accents right


def dashboard_xlsx(board: Dashboard) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("By period")[:31]
    sheet.append(header())
    for row in rows(board):
        sheet.append(row)
    totals = book.create_sheet(_("Totals")[:31])
    totals.append([_("Indicator"), _("Series"), _("Unit"), _("Whole period")])
    for row in total_rows(board):
        totals.append(row)
    info = book.create_sheet(_("About")[:31])
    for row in about(board):
        info.append([_safe(cell) for cell in row])
    for ws in (sheet, totals):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        ws.column_dimensions["A"].width = 36
        ws.column_dimensions["B"].width = 28
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
