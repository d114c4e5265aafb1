"""A run's published results as CSV and XLSX: exactly the groups the results page shows (never a group below
the threshold or hidden against subtraction), with n, each dimension's average, distribution and alpha, and
each statement's average. No comments: free text stays on the page, in random order, and is not exported.

Both are written in the active language. A statement's average is as answered (a reverse-scored statement is
not flipped; the column says which are); a dimension's average counts reverse-scored statements the other way
round, as on the page.
"""

import csv
import io

from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from leerritme.scan.selectors import RunResults

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_name(results: RunResults, extension: str) -> str:
    run = results.run
    return f"scan-{slugify(run.title)[:40] or 'run'}-{run.opens_on:%Y-%m-%d}.{extension}"


def _kind(kind: str) -> str:
    return {"organisation": _("Organisation"), "department": _("Department"), "team": _("Team")}[kind]


def _number(value, digits: int = 2):
    return "" if value is None else round(value, digits)


def _safe(cell):
    """A leading =, +, - or @ would run as a formula in a spreadsheet (a team called "=SUM(...)")."""
    return f"'{cell}" if isinstance(cell, str) and cell and cell[0] in "=+-@" else cell


def _texts(results: RunResults) -> dict[int, str]:
    return {item.pk: item.text for item in results.run.instrument.items.all()}


def combined_header() -> list[str]:
    return [_("Group"), _("Kind"), _("Answers in group"), _("Dimension"), _("Statement"), _("Reverse-scored"),
            _("Answers"), _("Average"), _("Cronbach’s alpha")]


def combined_rows(results: RunResults):
    """One row per group and dimension (statement empty), then one per group and statement."""
    texts = _texts(results)
    for group in results.groups:
        lead = [group.name, _kind(group.kind), group.n]
        for d in group.dimensions:
            yield lead + [d.dimension.name, "", "", d.n, _number(d.mean), _number(d.alpha)]
        for item in group.items:
            yield lead + [item.dimension.name if item.dimension else "", texts.get(item.pk, ""),
                          _("yes") if item.reverse_scored else _("no"), item.n, _number(item.mean), ""]


def dimension_header(results: RunResults) -> list[str]:
    values = results.run.instrument.values
    trend = [_("Trend (−1 worse to +1 better)")] if results.run.instrument.has_trend else []
    return ([_("Group"), _("Kind"), _("Answers in group"), _("Dimension"), _("Answers"), _("Average")]
            + [_("Answers %(value)s") % {"value": value} for value in values] + trend + [_("Cronbach’s alpha")])


def dimension_rows(results: RunResults):
    has_trend = results.run.instrument.has_trend
    for group in results.groups:
        for d in group.dimensions:
            yield ([group.name, _kind(group.kind), group.n, d.dimension.name, d.n, _number(d.mean)]
                   + [count for _value, count, _pct in d.distribution]
                   + ([_number(d.trend)] if has_trend else []) + [_number(d.alpha)])


def statement_header() -> list[str]:
    return [_("Group"), _("Kind"), _("Answers in group"), _("Dimension"), _("Statement"), _("Reverse-scored"),
            _("Answers"), _("Average as answered")]


def statement_rows(results: RunResults):
    texts = _texts(results)
    for group in results.groups:
        for item in group.items:
            yield [group.name, _kind(group.kind), group.n, item.dimension.name if item.dimension else "",
                   texts.get(item.pk, ""), _("yes") if item.reverse_scored else _("no"), item.n, _number(item.mean)]


def about(results: RunResults) -> list[tuple[str, object]]:
    run = results.run
    values = run.instrument.values
    return [
        (_("Survey"), run.title),
        (_("Instrument"), run.instrument.name),
        (_("Opens on"), run.opens_on.isoformat()),
        (_("Closes on"), run.last_day.isoformat()),
        (_("Scale"), f"{min(values)}–{max(values)}"),
        (_("Minimum group size"), run.threshold),
        (_("Note"), _("Only groups with enough answers are included, as on the results page; comments are not "
                      "exported.")),
    ]


def results_csv(results: RunResults) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(combined_header())
    writer.writerows([_safe(c) for c in row] for row in combined_rows(results))
    return "\ufeff" + out.getvalue()  # a BOM, so spreadsheet programs read the accents right


def results_xlsx(results: RunResults) -> bytes:
    # Write-only: rows stream out, so 200 groups x 36 rows take a second, not several.
    book = Workbook(write_only=True)
    sheets = [
        (_("Dimensions"), dimension_header(results), dimension_rows(results), {"A": 28, "D": 32}),
        (_("Statements"), statement_header(), statement_rows(results), {"A": 28, "D": 32, "E": 60}),
    ]
    for title, header, rows, widths in sheets:
        sheet = book.create_sheet(title[:31])
        for column, width in widths.items():
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A2"
        sheet.append([_bold(sheet, text) for text in header])
        for row in rows:
            sheet.append([_safe(c) for c in row])
    info = book.create_sheet(_("About")[:31])
    for row in about(results):
        info.append([_safe(c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell
