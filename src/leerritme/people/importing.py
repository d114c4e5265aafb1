"""Reading and checking import files (people, teams, skills) without touching the database.

A file becomes a `Table` (one dict per data row, keyed by our field names, with the row number the
admin sees in Excel or a text editor); each kind's `clean_*_rows` checks the rows on their own and
against each other. Checks that need the database (unknown team, who already exists) live in
`people.services.importing`, which feeds these functions what it looked up.

Errors are stored as codes with parameters, not as text, so they are shown in the language of whoever
reads them (the check runs in the task worker, which has no user language).
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leerritme.orgs.models import Role, TeamRole

DEFAULT_MAX_ROWS = 50_000
# An XLSX file is a zip; a few MB can unpack into a huge sheet, so columns are capped as well as rows.
MAX_COLUMNS = 50
TEAM_SEPARATOR = "|"


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


# --- Columns ---------------------------------------------------------------------------------------


def header_key(text: str) -> str:
    """'E-mailadres ' → 'emailadres': headers match without case, accents, spaces or punctuation."""
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    return re.sub(r"[^a-z0-9&]", "", text).replace("&", "")


@dataclass(frozen=True)
class Column:
    name: str
    label: object  # a lazy translation
    aliases: tuple[str, ...]  # header_key() of every header that means this column
    shown: str = ""  # the headers to mention on the import page, English and Dutch
    help: object = ""
    required: bool = False
    max_length: int | None = None


PEOPLE_COLUMNS = (
    Column(
        "email",
        _("e-mail address"),
        ("email", "emailaddress", "emailadres", "mail", "mailadres", "emailadress"),
        "email, e-mail, e-mailadres",
        _("Required. Identifies the person: importing the same address again updates them."),
        required=True,
        max_length=254,
    ),
    Column(
        "name",
        _("name"),
        ("name", "naam", "fullname", "volledigenaam"),
        "name, naam",
        _("First and last name, at most 150 characters."),
        max_length=150,
    ),
    Column(
        "team",
        _("team"),
        ("team", "teams", "teamname", "teamnaam"),
        "team",
        _(
            "The team's name; several teams separated by |, for example Maintenance|Planning. When given, "
            "the person's teams become exactly these."
        ),
        max_length=1000,
    ),
    Column(
        "team_role",
        _("team role"),
        ("teamrole", "teamrol", "roleinteam", "rolinteam", "rolinhetteam", "roleintheteam"),
        "team role, teamrol",
        _("member or lead (lid or leidinggevende); one for all teams or one per team. Empty: member."),
        max_length=100,
    ),
    Column(
        "role",
        _("role"),
        ("role", "rol", "organisationrole", "rolinorganisatie"),
        "role, rol",
        _(
            "member, L&D admin or owner (medewerker, L&D-beheerder, eigenaar). Empty: member for new people, "
            "unchanged for others."
        ),
        max_length=50,
    ),
    Column(
        "job_title",
        _("job title"),
        ("jobtitle", "functie", "functietitel", "title", "titel"),
        "job title, functie",
        _("At most 150 characters."),
        max_length=150,
    ),
    Column(
        "language",
        _("language"),
        ("language", "taal"),
        "language, taal",
        _("nl or en: the language of invitations and e-mails for new people."),
        max_length=20,
    ),
)
TEAM_COLUMNS = (
    Column(
        "name",
        _("name"),
        ("name", "naam", "team", "teamname", "teamnaam"),
        "name, naam",
        _("Required. The team's or department's name: importing the same name again updates it."),
        required=True,
        max_length=150,
    ),
    Column(
        "parent",
        _("part of"),
        ("parent", "parentteam", "partof", "onderdeelvan", "afdeling", "department", "bovenliggendteam"),
        "part of, parent, onderdeel van, afdeling",
        _("The department this team belongs to: a team in the file or one that exists already."),
        max_length=150,
    ),
    Column(
        "description",
        _("description"),
        ("description", "omschrijving", "beschrijving"),
        "description, omschrijving",
        _("Optional."),
        max_length=5000,
    ),
)
SKILL_COLUMNS = (
    Column(
        "name",
        _("name"),
        ("name", "naam", "skill", "vaardigheid"),
        "name, naam, skill, vaardigheid",
        _("Required. Importing the same name again updates the skill."),
        required=True,
        max_length=150,
    ),
    Column(
        "category",
        _("category"),
        ("category", "categorie"),
        "category, categorie",
        _("Groups skills on the skills page, at most 100 characters."),
        max_length=100,
    ),
    Column(
        "description",
        _("description"),
        ("description", "omschrijving", "beschrijving"),
        "description, omschrijving",
        _("Optional."),
        max_length=5000,
    ),
)
COLUMNS = {"people": PEOPLE_COLUMNS, "teams": TEAM_COLUMNS, "skills": SKILL_COLUMNS}


def column_label(kind: str, name: str) -> str:
    for column in COLUMNS[kind]:
        if column.name == name:
            return str(column.label)
    return name


# --- Errors ----------------------------------------------------------------------------------------

FILE_ERRORS = {
    "too_large": _("The file is larger than %(max_mb)s MB. Split it into smaller files."),
    "empty": _("The file is empty."),
    "wrong_type": _(
        "This is not a CSV or Excel (.xlsx) file. Save it as CSV (UTF-8) or as an Excel workbook."
    ),
    "old_excel": _("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV."),
    "unreadable": _(
        "The file could not be read. Save it again as CSV (UTF-8) or as an Excel workbook (.xlsx)."
    ),
    "no_header": _(
        "The first row must hold the column names (see the example file); this file seems to start with data."
    ),
    "missing_columns": _("Required column missing: %(columns)s. The first row must name the columns."),
    "duplicate_column": _("The columns “%(first)s” and “%(second)s” mean the same thing; keep one of them."),
    "no_rows": _("The file has column names but no rows to import."),
    "too_many_rows": _("The file has more than %(max)s rows. Split it into smaller files."),
    "failed": _(
        "The import stopped because of an unexpected error. Nothing was imported; try again or ask "
        "the operator to look at the log."
    ),
    "changed": _(
        "Something changed in the organisation while importing. Nothing was imported; check the file again."
    ),
}

ROW_ERRORS = {
    "required": _("%(column)s is missing."),
    "invalid_email": _("“%(value)s” is not a valid e-mail address."),
    "duplicate": _("“%(value)s” appears more than once in the file (also on row %(other_row)s)."),
    "too_long": _("%(column)s is too long (at most %(max)s characters)."),
    "unknown_team": _(
        "Unknown team “%(value)s”. Create it or import the teams first, or choose to create missing teams."
    ),
    "unknown_role": _("Unknown role “%(value)s”. Use member, L&D admin or owner."),
    "unknown_team_role": _("Unknown team role “%(value)s”. Use member or lead."),
    "team_role_count": _(
        "%(count)s team roles for %(teams)s teams: give one role for all teams or one per team."
    ),
    "team_role_without_team": _("A team role is given but no team."),
    "unknown_language": _("Unknown language “%(value)s”. Use nl or en."),
    "owner_only": _("Only an owner can make someone an owner or change an owner's role."),
    "own_role": _("You cannot change your own role with an import."),
    "unknown_parent": _("Parent team “%(value)s” is neither in the file nor in the organisation."),
    "own_parent": _("A team cannot be part of itself."),
    "cycle": _("These teams would be part of each other: %(path)s."),
}


class ImportFileError(Exception):
    """The file as a whole cannot be used; `code` and `params` say why (see FILE_ERRORS)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def as_dict(self) -> dict:
        return {"row": None, "code": self.code, **self.params}


def row_error(row: int, code: str, column: str = "", value: str = "", **params) -> dict:
    return {"row": row, "column": column, "code": code, "value": value, **params}


def describe_error(error: dict, kind: str = "people") -> str:
    """The error as a sentence in the active language."""
    params = {key: value for key, value in error.items() if key not in ("row", "code")}
    if error.get("column"):
        label = column_label(kind, error["column"])
        params["column"] = label[:1].upper() + label[1:]
    if error.get("columns"):
        params["columns"] = ", ".join(column_label(kind, name) for name in error["columns"].split(","))
    template = ROW_ERRORS.get(error["code"]) or FILE_ERRORS.get(error["code"])
    if template is None:
        return error["code"]
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


# --- Reading files ---------------------------------------------------------------------------------


@dataclass
class Table:
    """The rows of an import file, keyed by our field names; `number` is the row number the admin sees."""

    columns: list[str]
    ignored_columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def file_type(file_name: str, content: bytes) -> str:
    """'csv', 'xlsx', 'xls' (old Excel) or 'other', from the name and, where they disagree, the content."""
    name = file_name.lower()
    is_zip = content[:4] == b"PK\x03\x04"
    if name.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if name.endswith(".xls") or content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    if name.endswith((".csv", ".txt", ".tsv")):
        # Excel sometimes saves a workbook under a .csv name; read what it really is.
        return "xlsx" if is_zip else "csv"
    return "other"


def read_table(*, file_name: str, content: bytes, kind: str) -> Table:
    """Read a CSV or XLSX file into a Table, or raise ImportFileError with the reason."""
    limit = settings.IMPORT_MAX_BYTES
    if len(content) > limit:
        raise ImportFileError("too_large", max_mb=limit // (1024 * 1024))
    if not content.strip():
        raise ImportFileError("empty")
    kind_of_file = file_type(file_name, content)
    if kind_of_file == "xls":
        raise ImportFileError("old_excel")
    if kind_of_file == "other":
        raise ImportFileError("wrong_type")
    raw_rows = xlsx_rows(content) if kind_of_file == "xlsx" else _csv_rows(content)
    return _to_table(raw_rows, kind)


def _decode(content: bytes) -> str:
    if b"\x00" in content[:4096]:
        # UTF-16 (Excel's "Unicode text") or a binary file.
        for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
            if content.startswith(bom):
                try:
                    return content[2:].decode(encoding)
                except UnicodeDecodeError:
                    break
        raise ImportFileError("unreadable")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Dutch Excel's plain "CSV" is Windows-1252; names like Daniëlle then still come through.
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError("unreadable") from None


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _csv_rows(content: bytes):
    text = _decode(content)
    lines = text.splitlines()
    start = 0
    # Excel understands a first line "sep=;"; skip it but keep the row numbers honest.
    if lines and lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) <= 6:
        delimiter = lines[0].strip()[4:5] or ","
        start = 1
    else:
        first = next((line for line in lines if line.strip()), "")
        delimiter = _delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            if number <= start:
                continue
            yield number, [cell.strip() for cell in row[:MAX_COLUMNS]]
    except csv.Error:
        raise ImportFileError("unreadable") from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def xlsx_rows(content: bytes):
    """(row number, cell texts) of the first sheet of an Excel workbook, at most MAX_COLUMNS wide; raises
    ImportFileError("unreadable") for a file that is no workbook and ImportFileError("empty") for one
    without sheets. The growth part's catalogue import reads its workbooks with it too."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as exc:
        raise ImportFileError("unreadable") from exc
    except Exception as exc:  # openpyxl raises its own InvalidFileException and friends
        raise ImportFileError("unreadable") from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError("empty")
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
            yield number, [_cell_text(value) for value in row]
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ImportFileError("unreadable") from exc
    finally:
        workbook.close()


def _to_table(raw_rows, kind: str) -> Table:
    columns = COLUMNS[kind]
    by_alias = {alias: column for column in columns for alias in column.aliases}
    header = None
    for number, cells in raw_rows:
        if any(cells):
            header = cells
            header_row = number
            break
    if header is None:
        raise ImportFileError("empty")

    positions: dict[str, int] = {}
    headings: dict[str, str] = {}
    ignored = []
    for index, heading in enumerate(header):
        if not heading:
            continue
        column = by_alias.get(header_key(heading))
        if column is None:
            ignored.append(heading)
            continue
        if column.name in positions:
            raise ImportFileError("duplicate_column", first=headings[column.name], second=heading)
        positions[column.name] = index
        headings[column.name] = heading
    missing = [column for column in columns if column.required and column.name not in positions]
    if missing:
        if not positions and any("@" in cell or cell.replace(".", "").isdigit() for cell in header):
            # Nothing we know and it looks like data: the column names are missing.
            raise ImportFileError("no_header")
        # Column codes, not labels: the error is stored and described later in the reader's language.
        raise ImportFileError("missing_columns", columns=",".join(c.name for c in missing))

    table = Table(columns=[c.name for c in columns if c.name in positions], ignored_columns=ignored)
    limit = max_rows()
    for number, cells in raw_rows:
        if number <= header_row or not any(cells):
            continue
        if len(table.rows) >= limit:
            raise ImportFileError("too_many_rows", max=limit)
        table.rows.append(
            (
                number,
                {name: (cells[index] if index < len(cells) else "") for name, index in positions.items()},
            )
        )
    if not table.rows:
        raise ImportFileError("no_rows")
    return table


# --- Values ----------------------------------------------------------------------------------------

ROLE_ALIASES = {
    Role.MEMBER: ("member", "lid", "medewerker", "employee", "deelnemer"),
    Role.LD_ADMIN: (
        "ldadmin",
        "lndadmin",
        "ldbeheerder",
        "admin",
        "beheerder",
        "opleidingsadviseur",
        "leerregisseur",
        "hr",
    ),
    Role.OWNER: ("owner", "eigenaar"),
}
TEAM_ROLE_ALIASES = {
    TeamRole.MEMBER: ("member", "lid", "medewerker", "teamlid", "teammember"),
    TeamRole.LEAD: ("lead", "teamlead", "leader", "teamleader", "leidinggevende", "teamleider", "manager"),
}
LANGUAGE_ALIASES = {
    "nl": ("nl", "dutch", "nederlands", "nld", "nlnl"),
    "en": ("en", "english", "engels", "eng"),
}


def _choice(value: str, aliases: dict) -> str | None:
    key = header_key(value)
    for choice, names in aliases.items():
        if key in names or key == header_key(str(getattr(choice, "label", choice))):
            return str(choice)
    return None


def split_teams(value: str) -> list[str]:
    """'Onderhoud | Planning' → ['Onderhoud', 'Planning']: a person can be in several teams."""
    return [name.strip() for name in value.split(TEAM_SEPARATOR) if name.strip()]


def _check_lengths(number: int, values: dict[str, str], columns, errors: list) -> None:
    for column in columns:
        value = values.get(column.name, "")
        if column.max_length and len(value) > column.max_length:
            errors.append(row_error(number, "too_long", column.name, value[:60] + "…", max=column.max_length))


# --- People ----------------------------------------------------------------------------------------


@dataclass
class PersonRow:
    """One clean row of a people file; None means "leave as it is" (the cell was empty or absent)."""

    number: int
    email: str
    name: str | None = None
    job_title: str | None = None
    role: str | None = None
    teams: list[tuple[str, str]] | None = None  # (team name as written, team role)
    language: str | None = None
    valid: bool = True  # False: the row has errors, but is kept so later checks can add theirs


def clean_people_rows(table: Table) -> tuple[list[PersonRow], list[dict]]:
    """Check each row on its own and against the others: every row, and the errors of the bad ones."""
    rows, errors, first_row_of = [], [], {}
    for number, values in table.rows:
        row_errors: list[dict] = []
        _check_lengths(number, values, PEOPLE_COLUMNS, row_errors)
        email = values.get("email", "").strip().lower()
        if not email:
            row_errors.append(row_error(number, "required", "email"))
        else:
            try:
                validate_email(email)
            except ValidationError:
                row_errors.append(row_error(number, "invalid_email", "email", values["email"]))
            else:
                if email in first_row_of:
                    row_errors.append(
                        row_error(number, "duplicate", "email", email, other_row=first_row_of[email])
                    )
                else:
                    first_row_of[email] = number

        row = PersonRow(number=number, email=email)
        row.name = " ".join(values.get("name", "").split()) or None
        row.job_title = values.get("job_title", "").strip() or None
        if values.get("role"):
            row.role = _choice(values["role"], ROLE_ALIASES)
            if row.role is None:
                row_errors.append(row_error(number, "unknown_role", "role", values["role"]))
        if values.get("language"):
            row.language = _choice(values["language"], LANGUAGE_ALIASES)
            if row.language is None:
                row_errors.append(row_error(number, "unknown_language", "language", values["language"]))

        team_names = split_teams(values.get("team", ""))
        team_roles_raw = [r.strip() for r in values.get("team_role", "").split(TEAM_SEPARATOR) if r.strip()]
        team_roles = []
        for raw in team_roles_raw:
            choice = _choice(raw, TEAM_ROLE_ALIASES)
            if choice is None:
                row_errors.append(row_error(number, "unknown_team_role", "team_role", raw))
            team_roles.append(choice or TeamRole.MEMBER)
        if team_roles and not team_names:
            row_errors.append(row_error(number, "team_role_without_team", "team_role", values["team_role"]))
        elif len(team_roles) > 1 and len(team_roles) != len(team_names):
            row_errors.append(
                row_error(
                    number,
                    "team_role_count",
                    "team_role",
                    values["team_role"],
                    count=len(team_roles),
                    teams=len(team_names),
                )
            )
        elif team_names:
            if len(team_roles) <= 1:
                team_roles = [team_roles[0] if team_roles else str(TeamRole.MEMBER)] * len(team_names)
            seen, pairs = set(), []
            for name, role in zip(team_names, team_roles, strict=True):
                if len(name) > 150:
                    row_errors.append(row_error(number, "too_long", "team", name[:60] + "…", max=150))
                elif name.casefold() not in seen:
                    seen.add(name.casefold())
                    pairs.append((name, str(role)))
            row.teams = pairs

        row.valid = not row_errors
        errors.extend(row_errors)
        rows.append(row)
    return rows, errors


# --- Teams -----------------------------------------------------------------------------------------


@dataclass
class TeamRow:
    """One clean row of a teams file."""

    number: int
    name: str
    parent: str | None = None
    description: str | None = None


def clean_team_rows(table: Table) -> tuple[list[TeamRow], list[dict]]:
    rows, errors, first_row_of = [], [], {}
    for number, values in table.rows:
        row_errors: list[dict] = []
        _check_lengths(number, values, TEAM_COLUMNS, row_errors)
        name = " ".join(values.get("name", "").split())
        parent = " ".join(values.get("parent", "").split()) or None
        if not name:
            row_errors.append(row_error(number, "required", "name"))
        elif name.casefold() in first_row_of:
            row_errors.append(
                row_error(number, "duplicate", "name", name, other_row=first_row_of[name.casefold()])
            )
        else:
            first_row_of[name.casefold()] = number
        if name and parent and parent.casefold() == name.casefold():
            row_errors.append(row_error(number, "own_parent", "parent", parent))
        if row_errors:
            errors.extend(row_errors)
        else:
            rows.append(
                TeamRow(
                    number=number,
                    name=name,
                    parent=parent,
                    description=values.get("description", "").strip() or None,
                )
            )
    return rows, errors


def find_cycles(
    parent_of: dict[str, str | None], starts: dict[str, int], names: dict[str, str]
) -> list[dict]:
    """Errors for the rows (start key → row number) whose team would end up above itself.

    `parent_of` maps a team's key (casefolded name) to its parent's key after the import; `names`
    gives the name to show for a key.
    """
    errors = []
    for key, number in starts.items():
        path, node = [key], parent_of.get(key)
        while node is not None and node not in path:
            path.append(node)
            node = parent_of.get(node)
        if node == key:
            shown = " → ".join(names.get(k, k) for k in [*path, key])
            errors.append(row_error(number, "cycle", "parent", names.get(parent_of[key], ""), path=shown))
    return errors


# --- Skills ----------------------------------------------------------------------------------------


@dataclass
class SkillRow:
    """One clean row of a skills file."""

    number: int
    name: str
    category: str | None = None
    description: str | None = None


def clean_skill_rows(table: Table) -> tuple[list[SkillRow], list[dict]]:
    rows, errors, first_row_of = [], [], {}
    for number, values in table.rows:
        row_errors: list[dict] = []
        _check_lengths(number, values, SKILL_COLUMNS, row_errors)
        name = " ".join(values.get("name", "").split())
        if not name:
            row_errors.append(row_error(number, "required", "name"))
        elif name.casefold() in first_row_of:
            row_errors.append(
                row_error(number, "duplicate", "name", name, other_row=first_row_of[name.casefold()])
            )
        else:
            first_row_of[name.casefold()] = number
        if row_errors:
            errors.extend(row_errors)
        else:
            rows.append(
                SkillRow(
                    number=number,
                    name=name,
                    category=" ".join(values.get("category", "").split()) or None,
                    description=values.get("description", "").strip() or None,
                )
            )
    return rows, errors


def errors_as_csv(errors: list[dict], kind: str) -> str:
    """Every error as CSV (row, column, value, reason), for files with more errors than a page shows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([gettext("Row"), gettext("Column"), gettext("Value"), gettext("Problem")])
    for error in errors:
        column = column_label(kind, error["column"]) if error.get("column") else ""
        writer.writerow(
            [error.get("row") or "", column, _safe_cell(error.get("value", "")), describe_error(error, kind)]
        )
    return out.getvalue()


def _safe_cell(value: str) -> str:
    # Never hand a spreadsheet a formula from an uploaded file (CSV injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
