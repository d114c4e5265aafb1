"""The printable management report: every indicator present with its chart (server-side SVG, embedded as
vector graphics by fpdf2) and the table of its numbers, in the active language.

Like reflection's summaries it uses DejaVu Sans when the machine has it and otherwise Helvetica, whose
Latin-1 cannot hold every letter, so those are spelled plainly.
"""

import io
import unicodedata

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf import FPDF

from leerritme.metrics.charts import svg_chart
from leerritme.metrics.registry import GROUPS, OUTCOME, OUTPUT
from leerritme.metrics.selectors import Dashboard

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts")
_PLAIN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "·": "-",
                        "\u00a0": " "})
TEAL = (31, 95, 91)


def _font(name: str) -> str | None:
    from pathlib import Path

    for directory in FONT_DIRS:
        candidate = Path(directory) / name
        if candidate.is_file():
            return str(candidate)
    return None


def bucket_label(bucket, per_week: bool) -> str:
    return date_format(bucket.first, "j N Y") if per_week else date_format(bucket.first, "N Y")


DECIMALS = {"hours": 1, "euros": 2, "score": 2, "count": 0}


def value_text(value, unit: str = "count") -> str:
    """A figure in the active language's format: hours to one decimal, euros and averages to two."""
    if value is None or value == "":
        return "–"
    return number_format(value, DECIMALS.get(unit, 1), force_grouping=True)


def _latin(text) -> str:
    text = unicodedata.normalize("NFKC", str(text)).translate(_PLAIN)
    return text.encode("latin-1", "replace").decode("latin-1")


class _ReportPDF(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="A4")
        self.footer_text = footer_text
        regular, bold = _font("DejaVuSans.ttf"), _font("DejaVuSans-Bold.ttf")
        if regular and bold:
            self.add_font("Body", "", regular)
            self.add_font("Body", "B", bold)
            self.family_name, self.unicode = "Body", True
        else:
            self.family_name, self.unicode = "Helvetica", False
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def text_of(self, text) -> str:
        text = " ".join(str(text).split())
        if self.unicode:
            return text
        return _latin(text)

    def footer(self):
        self.set_y(-12)
        self.set_font(self.family_name, "", 8)
        self.set_text_color(90, 100, 100)
        self.cell(0, 6, self.text_of(f"{self.footer_text} · {self.page_no()}/{{nb}}"), align="C")

    def para(self, text, *, size: float = 10, bold: bool = False, after: float = 1.5, colour=(29, 42, 42)):
        self.set_font(self.family_name, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(self.epw, size * 0.5, self.text_of(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(after)


def dashboard_pdf(board: Dashboard) -> bytes:
    period = f"{date_format(board.period.first, 'j F Y')} – {date_format(board.period.last, 'j F Y')}"
    pdf = _ReportPDF(footer_text=f"Leerritme · {board.scope.name} · {period}")
    title = _("Learning indicators: %(scope)s") % {"scope": board.scope.name}
    pdf.set_title(pdf.text_of(title))
    pdf.set_creator("Leerritme")
    pdf.set_lang(get_language() or "nl")
    pdf.add_page()
    pdf.para(title, size=18, bold=True, after=2, colour=TEAL)
    pdf.para(f"{board.organisation.name} · {period}", after=0.5)
    pdf.para(_("Per week") if board.period.bucket == "week" else _("Per month"), size=9, after=0.5)
    pdf.para(_("Figures as of %(moment)s.") % {"moment": date_format(board.computed_at, "j F Y H:i")}, size=9)
    if not board.results:
        pdf.para(_("Nothing is recorded yet for these indicators."))
    per_week = board.period.bucket == "week"
    labels = [bucket_label(b, per_week) for b in board.buckets]
    for group in (OUTPUT, OUTCOME):
        results = board.of_group(group)
        if not results:
            continue
        pdf.ln(2)
        pdf.para(GROUPS[group], size=14, bold=True, colour=TEAL)
        for result in results:
            indicator = result.indicator
            if pdf.get_y() > pdf.h - 120:
                pdf.add_page()
            pdf.para(f"{indicator.label} ({indicator.unit_label})", size=12, bold=True, after=0.5)
            if indicator.description:
                pdf.para(indicator.description, size=8.5, colour=(74, 88, 88))
            # fpdf2 sets an SVG's text in a built-in (Latin-1) font, whatever the page uses.
            chart_series = [(_latin(s.label), s.values) for s in result.chart_series]
            svg = svg_chart([_latin(label) for label in labels], chart_series, kind=indicator.chart,
                            low=indicator.low, high=indicator.high)
            pdf.image(io.BytesIO(svg), x=pdf.l_margin, w=pdf.epw)
            pdf.ln(2)
            pdf.set_font(pdf.family_name, "", 8)
            pdf.set_text_color(29, 42, 42)
            with pdf.table(col_widths=(30,) + (20,) * len(result.series), text_align="RIGHT",
                           first_row_as_headings=True, line_height=4.5) as table:
                head = table.row()
                head.cell(pdf.text_of(_("Period")), align="LEFT")
                for series in result.series:
                    head.cell(pdf.text_of(series.label))
                for bucket, values in result.table_rows:
                    row = table.row()
                    row.cell(pdf.text_of(bucket_label(bucket, per_week)), align="LEFT")
                    for value, unit in values:
                        row.cell(pdf.text_of(value_text(value, unit)))
                total = table.row()
                total.cell(pdf.text_of(_("Whole period")), align="LEFT")
                for series in result.series:
                    total.cell(pdf.text_of(value_text(series.total, series.unit)))
            pdf.ln(4)
    if board.absent:
        pdf.ln(2)
        pdf.para(_("Not shown, because nothing is recorded for them yet: %(names)s.") % {
            "names": ", ".join(str(i.label) for i in board.absent)}, size=9, colour=(74, 88, 88))
    return bytes(pdf.output())
