"""A session's summary as a file: Markdown (to paste into a wiki or a chat) and PDF (to print or file).

Both are written in the active language from `selectors.summary.Summary`, so the page, the downloads and
the e-mail say the same. The PDF is drawn with fpdf2 (pure Python). It uses DejaVu Sans when the machine
has it, for every letter a card may hold; otherwise the built-in Helvetica, whose Latin-1 cannot hold
curly quotes, dashes or emoji, so those are spelled plainly rather than failing the download.
"""

import re
import unicodedata
from pathlib import Path

from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from fpdf import FPDF

from leerritme.reflection.selectors.summary import Summary

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}!~])")
_PLAIN = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...",
                        "•": "-", "·": "-", "\u00a0": " "})


def filename(summary: Summary, extension: str) -> str:
    return f"{slugify(summary.team)}-{summary.held_on:%Y-%m-%d}-{slugify(summary.title)[:60]}.{extension}"


def _md(text: str) -> str:
    """Card text as one Markdown line: what people typed shows as typed, never as formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _dots(votes: int) -> str:
    return ngettext("%(n)s dot", "%(n)s dots", votes) % {"n": votes} if votes else ""


def _day(value) -> str:
    return date_format(value, "j F Y") if value else ""


def _facts(summary: Summary) -> list[str]:
    facts = [
        f"{_('Team')}: {summary.team}",
        f"{_('Format')}: {summary.format_label}",
        f"{_('Date')}: {_day(summary.held_on)}",
        f"{_('Facilitator')}: {summary.facilitator}",
    ]
    project = summary.project
    if project:
        period = " – ".join(d for d in (_day(project["start"]), _day(project["end"])) if d)
        facts.append(f"{_('Project')}: {project['name']}" + (f" ({period})" if period else ""))
    if summary.participants:
        facts.append(f"{_('Participants')}: {', '.join(summary.participants)}")
    return facts


def _checkout_lines(summary: Summary) -> list[str]:
    checkout = summary.checkout
    if checkout is None:
        return [_("Not shown: %(answered)s of the %(needed)s answers needed to keep them anonymous.")
                % {"answered": summary.checkout_answered, "needed": summary.checkout_needed}]
    lines = [
        ngettext("%(n)s participant answered.", "%(n)s participants answered.", checkout.answered)
        % {"n": checkout.answered},
        _("Quality of the meeting: %(score)s out of 5") % {"score": _number(checkout.quality)},
        _("Team dynamics: %(score)s out of 5") % {"score": _number(checkout.dynamics)},
    ]
    if checkout.words:
        lines.append(_("In one word: %(words)s") % {
            "words": ", ".join(f"{word} ({count})" if count > 1 else word for word, count in checkout.words)
        })
    return lines


def _number(value: float) -> str:
    from django.utils.formats import number_format

    return number_format(value, 1)


def _action_line(action) -> str:
    parts = [action.text]
    if action.owner:
        parts.append(_("owner: %(name)s") % {"name": action.owner})
    if action.due_date:
        parts.append(_("due %(day)s") % {"day": _day(action.due_date)})
    if action.status != "open":
        parts.append(action.status_label.lower())
    return " · ".join(parts)


def summary_markdown(summary: Summary) -> str:
    out = [f"# {_md(summary.title)}", ""]
    out += [f"- {_md(fact)}" for fact in _facts(summary)]
    if summary.reviews:
        out += ["", f"## {_('Follow-up of earlier actions')}", ""]
        out += [f"- {_md(review.text)}: {review.outcome_label.lower()}" for review in summary.reviews]
    if not summary.has_cards:
        out += ["", _("No cards were written in this session.")]
    for column in summary.columns if summary.has_cards else ():
        out += ["", f"## {_md(column.title)}", ""]
        if column.prompt:
            out += [f"_{_md(column.prompt)}_", ""]
        if column.is_empty:
            out.append(_("No cards."))
        for group in column.groups:
            votes = _dots(group.votes)
            out.append(f"- **{_md(group.title)}**" + (f" ({votes})" if votes else ""))
            for card in group.cards:
                votes = _dots(card.votes)
                out.append(f"  - {_md(card.text)}" + (f" ({votes})" if votes else ""))
        for card in column.cards:
            votes = _dots(card.votes)
            out.append(f"- {_md(card.text)}" + (f" ({votes})" if votes else ""))
    out += ["", f"## {_('Actions')}", ""]
    out += [f"- [{'x' if a.status == 'done' else ' '}] {_md(_action_line(a))}" for a in summary.actions] or [
        _("No actions were agreed.")]
    out += ["", f"## {_('Check-out')}", ""]
    out += [_md(line) for line in _checkout_lines(summary)]
    return "\n".join(out).rstrip() + "\n"


def _font_file(name: str) -> Path | None:
    for directory in FONT_DIRS:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    return None


class _SummaryPDF(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="A4")
        self.footer_text = footer_text
        regular, bold = _font_file("DejaVuSans.ttf"), _font_file("DejaVuSans-Bold.ttf")
        if regular and bold:
            self.add_font("Body", "", str(regular))
            self.add_font("Body", "B", str(bold))
            self.family_name, self.unicode = "Body", True
        else:
            self.family_name, self.unicode = "Helvetica", False
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def text_of(self, text: str) -> str:
        text = " ".join(str(text).split())
        if self.unicode:
            return text
        text = unicodedata.normalize("NFKC", text).translate(_PLAIN)
        return text.encode("latin-1", "replace").decode("latin-1")

    def footer(self):
        self.set_y(-12)
        self.set_font(self.family_name, "", 8)
        self.set_text_color(90, 100, 100)
        self.cell(0, 6, self.text_of(f"{self.footer_text} · {self.page_no()}/{{nb}}"), align="C")

    def para(self, text: str, *, size: float = 10, bold: bool = False, indent: float = 0, after: float = 1.5,
             colour=(29, 42, 42)):
        self.set_font(self.family_name, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.epw - indent, size * 0.5, self.text_of(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(after)

    def heading(self, text: str):
        self.ln(2)
        self.para(text, size=13, bold=True, after=1, colour=(31, 95, 91))


def summary_pdf(summary: Summary) -> bytes:
    pdf = _SummaryPDF(footer_text=f"Leerritme · {summary.team} · {_day(summary.held_on)}")
    pdf.set_title(pdf.text_of(summary.title))
    pdf.set_creator("Leerritme")
    pdf.set_lang(get_language() or "nl")
    pdf.add_page()
    pdf.para(summary.title, size=18, bold=True, after=2, colour=(31, 95, 91))
    for fact in _facts(summary):
        pdf.para(fact, size=10, after=0.5)
    if summary.reviews:
        pdf.heading(_("Follow-up of earlier actions"))
        for review in summary.reviews:
            pdf.para(f"• {review.text}: {review.outcome_label.lower()}", indent=2)
    if not summary.has_cards:
        pdf.ln(2)
        pdf.para(_("No cards were written in this session."), size=9, colour=(74, 88, 88))
    for column in summary.columns if summary.has_cards else ():
        pdf.heading(column.title)
        if column.prompt:
            pdf.para(column.prompt, size=9, colour=(74, 88, 88))
        if column.is_empty:
            pdf.para(_("No cards."), size=9, colour=(74, 88, 88))
        for group in column.groups:
            votes = _dots(group.votes)
            pdf.para(group.title + (f" ({votes})" if votes else ""), bold=True, indent=2, after=0.5)
            for card in group.cards:
                votes = _dots(card.votes)
                pdf.para(f"• {card.text}" + (f" ({votes})" if votes else ""), indent=6)
        for card in column.cards:
            votes = _dots(card.votes)
            pdf.para(f"• {card.text}" + (f" ({votes})" if votes else ""), indent=2)
    pdf.heading(_("Actions"))
    if not summary.actions:
        pdf.para(_("No actions were agreed."), size=9, colour=(74, 88, 88))
    for action in summary.actions:
        pdf.para(("☑ " if pdf.unicode and action.status == "done" else "• ") + _action_line(action), indent=2)
    pdf.heading(_("Check-out"))
    for line in _checkout_lines(summary):
        pdf.para(line)
    return bytes(pdf.output())
