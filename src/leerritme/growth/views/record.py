"""The learning record: all of a person's learning from the learning-event seam, as the viewer may see it.

The person sees everything of their own, private items too; their lead and colleagues see only what the
person shared (team or organisation), through `learning.selectors.learning_record` (DESIGN.md, privacy).
"""

import csv
import io

from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from leerritme.learning.models import LearningKind
from leerritme.learning.selectors import learning_record
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Person
from leerritme.xapi.selectors import outside_learning_for

LIMIT = 500
OUTSIDE_LIMIT = 50


def _events(person: Person, viewer: Person, kind: str = ""):
    events = learning_record(person, viewer)
    if kind in LearningKind.values:
        events = events.filter(kind=kind)
    return events


def _subject(request, uuid):
    if uuid is None:
        return request.person
    return get_in_organisation(Person.objects.select_related("user"), uuid=uuid)


def record(request, org, uuid=None):
    person = _subject(request, uuid)
    kind = request.GET.get("kind", "")
    events = _events(person, request.person, kind)
    totals = (learning_record(person, request.person).order_by().values("kind")
              .annotate(n=Count("pk"), minutes=Sum("minutes")))
    labels = dict(LearningKind.choices)
    context = {"subject": person, "mine": person.pk == request.person.pk, "events": events[:LIMIT],
               "kind": kind, "kinds": LearningKind.choices,
               "totals": [{"label": labels.get(t["kind"], t["kind"]), "n": t["n"],
                           "hours": round((t["minutes"] or 0) / 60, 1)} for t in totals]}
    if request.htmx:
        return render(request, "growth/record/record.html#events", context)
    if context["mine"]:
        # Learning that outside e-learning tools sent to the Learning Record Store about this person (by
        # e-mail). It is theirs alone, like a private item: nobody else's view of the record shows it.
        context["outside"] = outside_learning_for(person, limit=OUTSIDE_LIMIT)
    return render(request, "growth/record/record.html", context)


def _rows(person, viewer):
    for event in _events(person, viewer)[:5000]:
        yield (timezone.localtime(event.occurred_at).date().isoformat(), event.get_kind_display(), event.title,
               round(event.minutes / 60, 1) if event.minutes else "", event.get_visibility_display())


def _file_name(person, extension):
    return f"learning-record-{timezone.localdate().isoformat()}-{person.uuid.hex[:8]}.{extension}"


def record_csv(request, org, uuid=None):
    person = _subject(request, uuid)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([gettext("Date"), gettext("Kind"), gettext("What"), gettext("Hours"), gettext("Visible to")])
    for row in _rows(person, request.person):
        # A leading =, +, - or @ would run as a formula in a spreadsheet.
        writer.writerow([f"'{c}" if isinstance(c, str) and c[:1] in "=+-@" else c for c in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(person, "csv")}"'
    return response


def record_pdf(request, org, uuid=None):
    from fpdf import FPDF

    person = _subject(request, uuid)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _latin(gettext("Learning record of %(name)s") % {"name": person.display_name}),
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(0, 6, _latin(f"{request.organisation.name} · {timezone.localdate().isoformat()}"),
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    widths = (24, 42, 100, 16)
    pdf.set_font("Helvetica", "B", 9)
    for width, title in zip(widths, (gettext("Date"), gettext("Kind"), gettext("What"), gettext("Hours")),
                            strict=True):
        pdf.cell(width, 7, _latin(title), border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for date_text, kind, title, hours, _visible in _rows(person, request.person):
        for width, value in zip(widths, (date_text, kind, title, str(hours)), strict=True):
            text = _latin(value)
            while text and pdf.get_string_width(text) > width - 2:
                text = text[:-2] + "…" if len(text) > 2 else ""
                text = _latin(text)
            pdf.cell(width, 6, text)
        pdf.ln()
    response = HttpResponse(bytes(pdf.output()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(person, "pdf")}"'
    return response


def _latin(text: str) -> str:
    """The PDF's core font is Latin-1: Dutch accents pass, anything else becomes a question mark."""
    return str(text).replace("…", "...").replace("–", "-").replace("“", '"').replace("”", '"').encode(
        "latin-1", "replace").decode("latin-1")
