"""Reading import files: CSV with commas or semicolons, with or without BOM, XLSX, Dutch headers."""

import io
from datetime import datetime

import pytest
from django.utils import translation
from openpyxl import Workbook

from leerritme.people.importing import (
    ImportFileError,
    clean_people_rows,
    clean_skill_rows,
    clean_team_rows,
    describe_error,
    errors_as_csv,
    find_cycles,
    read_table,
)


def xlsx(rows, title_rows=0) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for _ in range(title_rows):
        sheet.append([])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def people(text: str, name="people.csv", **kwargs):
    return read_table(file_name=name, content=text.encode(kwargs.pop("encoding", "utf-8")), kind="people")


def file_error(fn, *args, **kwargs) -> ImportFileError:
    with pytest.raises(ImportFileError) as info:
        fn(*args, **kwargs)
    return info.value


def test_it_reads_a_comma_separated_file():
    table = people("email,name,team\nanna@example.org,Anna Jansen,Onderhoud\n")
    assert table.columns == ["email", "name", "team"]
    assert table.rows == [(2, {"email": "anna@example.org", "name": "Anna Jansen", "team": "Onderhoud"})]


def test_it_reads_a_semicolon_separated_file_from_dutch_excel():
    table = people('e-mailadres;naam;functie\nanna@example.org;"Jansen, Anna";Monteur\n')
    assert table.rows == [(2, {"email": "anna@example.org", "name": "Jansen, Anna", "job_title": "Monteur"})]


def test_it_ignores_a_byte_order_mark():
    table = read_table(
        file_name="p.csv", content="\ufeffE-mail;Naam\nanna@example.org;Anna\n".encode(), kind="people"
    )
    assert table.columns == ["email", "name"]
    assert table.rows[0][1]["email"] == "anna@example.org"


def test_it_reads_windows_1252_from_older_excel():
    table = people("email;naam\nd@example.org;Daniëlle Öztürk\n", encoding="cp1252")
    assert table.rows[0][1]["name"] == "Daniëlle Öztürk"


def test_it_skips_an_excel_sep_line_and_keeps_row_numbers():
    table = people("sep=;\nemail;naam\na@example.org;A\n")
    assert table.rows == [(3, {"email": "a@example.org", "name": "A"})]


def test_it_skips_blank_rows_but_keeps_the_row_numbers_people_see():
    table = people("email,name\n\na@example.org,A\n,\nb@example.org,B\n")
    assert [number for number, _values in table.rows] == [3, 5]


@pytest.mark.parametrize(
    "header",
    [
        "email,name,team,team role,role,job title,language",
        "E-mail,Naam,Team,Teamrol,Rol,Functie,Taal",
        "e-mailadres,naam,team,rol in het team,rol,functie,taal",
        "Email Address,Full name,Teams,Team_Role,ROLE,Job-title,Language",
    ],
)
def test_it_accepts_english_and_dutch_headers(header):
    table = people(f"{header}\na@example.org,A,T,lead,member,Monteur,nl\n")
    assert table.columns == ["email", "name", "team", "team_role", "role", "job_title", "language"]


def test_it_reports_unknown_columns_as_ignored():
    table = people("email,name,personeelsnummer\na@example.org,A,123\n")
    assert table.ignored_columns == ["personeelsnummer"]


def test_it_reads_the_first_sheet_of_an_xlsx_file():
    content = xlsx(
        [
            ["E-mailadres", "Naam", "Functie", None],
            ["a@example.org", "Anna", 12, None],
            [None, None, None],
            ["b@example.org", "Bert", 3.0],
        ],
        title_rows=1,
    )
    table = read_table(file_name="mensen.xlsx", content=content, kind="people")
    assert table.rows == [
        (3, {"email": "a@example.org", "name": "Anna", "job_title": "12"}),
        (5, {"email": "b@example.org", "name": "Bert", "job_title": "3"}),
    ]


def test_it_reads_xlsx_dates_as_iso_dates():
    content = xlsx([["name", "description"], ["Lassen", datetime(2026, 3, 1)]])
    table = read_table(file_name="skills.xlsx", content=content, kind="skills")
    assert table.rows[0][1]["description"] == "2026-03-01"


def test_it_reads_a_workbook_saved_under_a_csv_name():
    content = xlsx([["email"], ["a@example.org"]])
    assert read_table(file_name="export.csv", content=content, kind="people").rows[0][1] == {
        "email": "a@example.org"
    }


def test_it_refuses_files_over_the_limit(settings):
    settings.IMPORT_MAX_BYTES = 1024
    error = file_error(
        read_table, file_name="p.csv", content=b"email\n" + b"a@example.org\n" * 100, kind="people"
    )
    assert error.code == "too_large"
    assert "MB" in describe_error(error.as_dict())


def test_it_refuses_too_many_rows(settings):
    settings.IMPORT_MAX_ROWS = 3
    error = file_error(people, "email\n" + "".join(f"p{i}@example.org\n" for i in range(4)))
    assert error.code == "too_many_rows"
    assert "3" in describe_error(error.as_dict())


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("people.pdf", b"%PDF-1.4 something", "wrong_type"),
        ("people.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "old_excel"),
        ("people.xlsx", b"PK\x03\x04 this is not really a zip", "unreadable"),
        ("people.xlsx", b"not a zip at all", "unreadable"),
        ("people.csv", b"\x00\x01\x02binary\x00", "unreadable"),
        ("people.csv", b"   \n\n", "empty"),
        ("people.csv", b"email,name\n", "no_rows"),
        ("people.csv", b"name,team\nAnna,Onderhoud\n", "missing_columns"),
        ("people.csv", b"anna@example.org,Anna\n", "no_header"),
        ("people.csv", b"email,e-mail\na@example.org,b@example.org\n", "duplicate_column"),
    ],
)
def test_it_explains_why_a_file_cannot_be_read(name, content, code):
    error = file_error(read_table, file_name=name, content=content, kind="people")
    assert error.code == code
    assert describe_error(error.as_dict()) != code  # a sentence, not a code


def test_it_names_the_missing_column_in_the_users_language(settings):
    from django.utils import translation

    error = file_error(people, "naam\nAnna\n")
    with translation.override("en"):
        assert "e-mail address" in describe_error(error.as_dict())
    with translation.override("nl"):
        assert "Verplichte kolom ontbreekt: e-mailadres" in describe_error(error.as_dict())


def errors_of(text, clean=clean_people_rows, kind="people"):
    table = read_table(file_name="f.csv", content=text.encode(), kind=kind)
    return [(e["row"], e["code"]) for e in clean(table)[1]]


def test_it_reports_every_bad_people_row_with_its_reason():
    text = (
        "email,name,team,team role,role,language,job title\n"
        "ok@example.org,Okay,Onderhoud,lead,member,nl,Monteur\n"  # 2
        ",No Mail,,,,,\n"  # 3
        "not-an-address,Bad,,,,,\n"  # 4
        "OK@example.org,Again,,,,,\n"  # 5: duplicate, case-insensitive
        f"long@example.org,{'x' * 151},,,,,\n"  # 6
        "role@example.org,R,,,boss,,\n"  # 7
        "teamrole@example.org,T,Onderhoud,captain,,,\n"  # 8
        "noteam@example.org,N,,lead,,,\n"  # 9
        "lang@example.org,L,,,,klingon,\n"  # 10
        "count@example.org,C,A|B|C,lead|member,,,\n"  # 11
        f"title@example.org,T,,,,,{'t' * 151}\n"  # 12
    )
    assert errors_of(text) == [
        (3, "required"),
        (4, "invalid_email"),
        (5, "duplicate"),
        (6, "too_long"),
        (7, "unknown_role"),
        (8, "unknown_team_role"),
        (9, "team_role_without_team"),
        (10, "unknown_language"),
        (11, "team_role_count"),
        (12, "too_long"),
    ]


def test_duplicate_error_names_the_first_row():
    table = read_table(
        file_name="f.csv", content=b"email\na@example.org\nb@example.org\nA@example.org\n", kind="people"
    )
    _rows, errors = clean_people_rows(table)
    assert errors[0]["other_row"] == 2
    with translation.override("nl"):
        assert "regel 2" in describe_error(errors[0]).lower()
    with translation.override("en"):
        assert "row 2" in describe_error(errors[0]).lower()


def test_it_understands_dutch_role_names_and_several_teams():
    table = read_table(
        file_name="f.csv",
        content=b"email;rol;team;teamrol\n"
        b"a@example.org;L&D-beheerder;Onderhoud | Planning;leidinggevende|lid\n"
        b"b@example.org;eigenaar;Planning;\n",
        kind="people",
    )
    rows, errors = clean_people_rows(table)
    assert errors == []
    assert rows[0].role == "ld_admin"
    assert rows[0].teams == [("Onderhoud", "lead"), ("Planning", "member")]
    assert rows[1].role == "owner"
    assert rows[1].teams == [("Planning", "member")]


def test_it_leaves_empty_cells_as_unchanged():
    table = read_table(
        file_name="f.csv", content=b"email,name,team,job title,role\na@example.org,,,,\n", kind="people"
    )
    row = clean_people_rows(table)[0][0]
    assert (row.name, row.teams, row.job_title, row.role) == (None, None, None, None)


def test_it_reports_bad_team_rows():
    text = "name,part of\nWerkplaats,\n,Werkplaats\nwerkplaats,\nZelf,zelf\n" + f"{'n' * 151},\n"
    assert errors_of(text, clean_team_rows, "teams") == [
        (3, "required"),
        (4, "duplicate"),
        (5, "own_parent"),
        (6, "too_long"),
    ]


def test_it_finds_teams_that_would_be_part_of_each_other():
    parent_of = {"a": "b", "b": "c", "c": "a", "d": "a"}
    errors = find_cycles(parent_of, {"a": 2, "d": 5}, {"a": "A", "b": "B", "c": "C", "d": "D"})
    assert [(e["row"], e["code"]) for e in errors] == [(2, "cycle")]
    assert errors[0]["path"] == "A → B → C → A"


def test_it_reports_duplicate_and_nameless_skills():
    text = "naam,categorie\nLassen,Techniek\n,Techniek\nlassen,Techniek\n"
    assert errors_of(text, clean_skill_rows, "skills") == [(3, "required"), (4, "duplicate")]


def test_errors_download_neutralises_spreadsheet_formulas():
    out = errors_as_csv(
        [{"row": 2, "column": "email", "code": "invalid_email", "value": "=HYPERLINK(1)"}], "people"
    )
    assert "'=HYPERLINK(1)" in out
