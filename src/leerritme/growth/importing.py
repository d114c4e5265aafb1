"""Reading a catalogue CSV or Excel workbook (.xlsx) into offers: every row checked, every problem collected
with its row and column. A workbook's first sheet is read like a CSV file: the same columns, the same
checks, row numbers as Excel shows them.

The style of `people/importing.py` (English and Dutch headers, codes with parameters turned into sentences in
the reader's language); offers are matched on title and provider, so importing the same file twice changes
nothing. `plan_offers` is the dry run; `apply_offers` writes all rows in one transaction, or none.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from leerritme.growth.models import Offer, OfferFormat, OfferKind, OfferLanguage, OfferLevel
from leerritme.people.importing import ImportFileError, header_key, xlsx_rows
from leerritme.people.models import Skill

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# A workbook is a zip: 2 MB of it can unpack into far more, which openpyxl would read into memory.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old Excel format (.xls)

COLUMNS = {
    "title": ("title", "titel", "naam", "name"),
    "kind": ("kind", "soort", "type"),
    "provider": ("provider", "aanbieder"),
    "price": ("price", "prijs", "kosten", "cost"),
    "hours": ("hours", "uren", "studiebelasting"),
    "format": ("format", "vorm", "werkvorm"),
    "language": ("language", "taal"),
    "level": ("level", "niveau"),
    "skills": ("skills", "vaardigheden"),
    "url": ("link", "url", "website"),
    "description": ("description", "omschrijving", "beschrijving"),
}
ALIASES = {header_key(alias): name for name, aliases in COLUMNS.items() for alias in aliases}

MESSAGES = {
    "too_large": _("The file is larger than 2 MB."),
    "unreadable": _("The file cannot be read as text (save it as CSV, UTF-8)."),
    "not_xlsx": _("The file is not a valid Excel workbook (.xlsx). Save it again in Excel as .xlsx, or as CSV "
                  "(UTF-8)."),
    "old_excel": _("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV."),
    "too_large_unpacked": _("The workbook is too large once unpacked. Keep only the sheet with the offers."),
    "no_title": _("The file has no column “title” (or “titel”)."),
    "no_rows": _("The file has no rows below its header."),
    "too_many_rows": _("The file has more than 5,000 rows."),
    "required": _("Row %(row)s: the title is empty."),
    "bad_price": _("Row %(row)s: “%(value)s” is not an amount in euros."),
    "negative": _("Row %(row)s: the %(column)s cannot be negative."),
    "bad_hours": _("Row %(row)s: “%(value)s” is not a number of hours."),
    "bad_choice": _("Row %(row)s: “%(value)s” is not a known %(column)s."),
    "bad_url": _("Row %(row)s: “%(value)s” is not a web address (start it with https://)."),
    "too_long": _("Row %(row)s: the %(column)s is longer than %(max)s characters."),
    "duplicate": _("Row %(row)s: this offer is in the file twice (also row %(first)s)."),
}
COLUMN_NAMES = {"price": _("price"), "hours": _("hours"), "kind": _("kind"), "format": _("format"),
                "language": _("language"), "level": _("level"), "title": _("title"), "provider": _("provider")}


def describe(error: dict) -> str:
    params = dict(error)
    if "column" in params:
        params["column"] = COLUMN_NAMES.get(params["column"], params["column"])
    return str(MESSAGES[error["code"]]) % params


def _choices(choices) -> dict[str, str]:
    """Value, English label and Dutch label all map to the value."""
    from django.utils import translation

    found = {}
    for value, label in choices:
        found[header_key(value)] = value
        for language in ("en", "nl"):
            with translation.override(language):
                found[header_key(str(label))] = value
    return found


@dataclass
class OfferRow:
    row: int
    title: str
    provider: str
    values: dict
    skills: list[str]
    existing_id: int | None = None


@dataclass
class Plan:
    rows: list[OfferRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    new_skills: list[str] = field(default_factory=list)

    @property
    def creates(self) -> int:
        return sum(1 for r in self.rows if r.existing_id is None)

    @property
    def updates(self) -> int:
        return sum(1 for r in self.rows if r.existing_id is not None)

    @property
    def messages(self) -> list[str]:
        return [describe(error) for error in self.errors]


def is_workbook(file_name: str, content: bytes) -> bool:
    """An Excel workbook by its name or its content (Excel sometimes saves one under a .csv name)."""
    return file_name.lower().endswith((".xlsx", ".xlsm")) or content[:4] == ZIP_MAGIC


def _read(content: bytes, file_name: str = "") -> list[tuple[int, dict[str, str]]]:
    if len(content) > MAX_BYTES:
        raise ValueError("too_large")
    if file_name.lower().endswith(".xls") or content[:8] == OLE_MAGIC:
        raise ValueError("old_excel")
    lines = _workbook_lines(content) if is_workbook(file_name, content) else _csv_lines(content)
    header: list[str] | None = None
    positions: dict[str, int] = {}
    rows = []
    for number, cells in lines:
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = cells
            positions = {ALIASES[header_key(h)]: i for i, h in enumerate(header) if header_key(h) in ALIASES}
            if "title" not in positions:
                raise ValueError("no_title")
            continue
        rows.append((number, {name: (cells[i].strip() if i < len(cells) else "") for name, i in positions.items()}))
        if len(rows) > MAX_ROWS:
            raise ValueError("too_many_rows")
    if not rows:
        raise ValueError("no_rows")
    return rows


def _csv_lines(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise ValueError("unreadable") from None
    lines = text.splitlines()
    if not lines:
        raise ValueError("no_rows")
    delimiter = max((",", ";", "\t"), key=lambda d: (lines[0].count(d), d == ","))
    return enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)


def _workbook_lines(content: bytes):
    """The first sheet's rows, numbered as in Excel; every way a workbook can be broken is "not_xlsx"."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValueError("not_xlsx") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValueError("too_large_unpacked")
    try:
        yield from xlsx_rows(content)
    except ImportFileError as error:
        raise ValueError("no_rows" if error.code == "empty" else "not_xlsx") from None


def plan_offers(content: bytes, *, file_name: str = "") -> Plan:
    """The dry run: what importing this file (CSV, or an Excel workbook by its name or content) would create
    and change, and every problem in it (in the scope)."""
    plan = Plan()
    try:
        rows = _read(content, file_name)
    except ValueError as error:
        plan.errors.append({"code": str(error), "row": 0})
        return plan
    kinds, formats = _choices(OfferKind.choices), _choices(OfferFormat.choices)
    languages, levels = _choices(OfferLanguage.choices), _choices(OfferLevel.choices)
    # Dutch words L&D uses in spreadsheets, whatever the translation catalogue holds.
    kinds.update({"cursus": OfferKind.COURSE, "externecursus": OfferKind.COURSE, "training": OfferKind.COURSE,
                  "internecursus": OfferKind.INTERNAL_COURSE, "kennissessie": OfferKind.KNOWLEDGE_SESSION,
                  "leerpad": OfferKind.PATH, "microlearning": OfferKind.PATH, "congres": OfferKind.CONFERENCE,
                  "evenement": OfferKind.CONFERENCE})
    formats.update({"klassikaal": OfferFormat.CLASSROOM, "klas": OfferFormat.CLASSROOM,
                    "gemengd": OfferFormat.BLENDED, "zelfstudie": OfferFormat.SELF_PACED,
                    "eigentempo": OfferFormat.SELF_PACED, "opeigentempo": OfferFormat.SELF_PACED})
    levels.update({"beginner": OfferLevel.BEGINNER, "basis": OfferLevel.BEGINNER,
                   "gemiddeld": OfferLevel.INTERMEDIATE, "gevorderd": OfferLevel.ADVANCED,
                   "expert": OfferLevel.ADVANCED})
    languages.update({"nederlands": "nl", "engels": "en", "dutch": "nl", "english": "en"})
    existing = {(t.casefold(), p.casefold()): pk for pk, t, p in Offer.objects.values_list("pk", "title", "provider")}
    known_skills = {name.casefold() for name in Skill.objects.values_list("name", flat=True)}
    seen: dict[tuple, int] = {}
    new_skills: dict[str, str] = {}
    for number, cells in rows:
        errors = []
        title, provider = cells.get("title", ""), cells.get("provider", "")
        if not title:
            errors.append({"code": "required", "row": number})
        for name, limit in (("title", 200), ("provider", 150)):
            if len(cells.get(name, "")) > limit:
                errors.append({"code": "too_long", "row": number, "column": name, "max": limit})
        values = {"description": cells.get("description", "")}
        for name, parse, code in (("price", _decimal, "bad_price"), ("hours", _decimal, "bad_hours")):
            raw = cells.get(name, "")
            if not raw:
                values[name] = Decimal("0")
                continue
            amount = parse(raw)
            if amount is None:
                errors.append({"code": code, "row": number, "value": raw})
            elif amount < 0:
                errors.append({"code": "negative", "row": number, "column": name})
            else:
                values[name] = amount.quantize(Decimal("0.01") if name == "price" else Decimal("0.1"))
        for name, table, default in (("kind", kinds, OfferKind.COURSE), ("format", formats, OfferFormat.CLASSROOM),
                                     ("language", languages, OfferLanguage.DUTCH),
                                     ("level", levels, OfferLevel.BEGINNER)):
            raw = cells.get(name, "")
            if not raw:
                values[name] = default
            elif header_key(raw) in table:
                values[name] = table[header_key(raw)]
            else:
                errors.append({"code": "bad_choice", "row": number, "value": raw, "column": name})
        url = cells.get("url", "")
        if url and not url.lower().startswith(("http://", "https://")):
            errors.append({"code": "bad_url", "row": number, "value": url})
        values["url"] = url
        key = (title.casefold(), provider.casefold())
        if title and key in seen:
            errors.append({"code": "duplicate", "row": number, "first": seen[key]})
        seen.setdefault(key, number)
        skills = [s.strip() for s in cells.get("skills", "").replace(";", "|").replace(",", "|").split("|")
                  if s.strip()]
        for skill in skills:
            if skill.casefold() not in known_skills:
                new_skills.setdefault(skill.casefold(), skill)
        if errors:
            plan.errors.extend(errors)
            continue
        plan.rows.append(OfferRow(number, title, provider, values, skills, existing.get(key)))
    plan.new_skills = sorted(new_skills.values())
    return plan


def _decimal(raw: str) -> Decimal | None:
    text = raw.replace("€", "").replace(" ", "").strip()
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() and abs(value) < Decimal("99999999") else None


@transaction.atomic
def apply_offers(*, organisation, content: bytes, by, file_name: str = "") -> Plan:
    """Import the file: all rows or, when any row has a problem, none. A fixed number of queries per file."""
    plan = plan_offers(content, file_name=file_name)
    if plan.errors:
        return plan
    Skill.objects.bulk_create([Skill(organisation=organisation, name=name) for name in plan.new_skills])
    skills = {s.name.casefold(): s.pk for s in Skill.objects.all()}
    updates = {r.existing_id: r for r in plan.rows if r.existing_id}
    changed = list(Offer.objects.filter(pk__in=list(updates)))
    for offer in changed:
        for name, value in updates[offer.pk].values.items():
            setattr(offer, name, value)
    fields = ["description", "price", "hours", "kind", "format", "language", "level", "url"]
    Offer.objects.bulk_update(changed, fields, batch_size=500)
    created = Offer.objects.bulk_create([
        Offer(organisation=organisation, title=r.title, provider=r.provider, created_by=by, **r.values)
        for r in plan.rows if r.existing_id is None])
    if any(o.pk is None for o in created):
        titles = {(r.title, r.provider) for r in plan.rows if r.existing_id is None}
        created = [o for o in Offer.objects.all() if (o.title, o.provider) in titles]
    by_key = {(o.title.casefold(), o.provider.casefold()): o.pk for o in [*changed, *created]}
    through = Offer.skills.through
    ids = list(by_key.values())
    through.objects.filter(offer_id__in=ids).delete()
    through.objects.bulk_create([
        through(offer_id=by_key[(r.title.casefold(), r.provider.casefold())], skill_id=skills[name])
        for r in plan.rows for name in dict.fromkeys(x.casefold() for x in r.skills)
    ], ignore_conflicts=True)
    return plan
