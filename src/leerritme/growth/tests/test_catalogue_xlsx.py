"""The catalogue import reads Excel workbooks (.xlsx) like CSV files: the same columns, checks and messages,
all rows or none, and a clear refusal of a file that is not a workbook."""

import io
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import Workbook

from leerritme.growth import importing
from leerritme.growth.importing import apply_offers, plan_offers
from leerritme.growth.models import Offer, OfferFormat
from leerritme.people.models import Skill

HEADER = ["Titel", "Aanbieder", "Prijs", "Uren", "Vorm", "Taal", "Niveau", "Vaardigheden", "Link"]
GOOD_ROWS = [
    ["Warmtepompen", "ISSO", 1250.5, 16, "klassikaal", "Nederlands", "gevorderd", "Warmtepompen|Storingen",
     "https://isso.nl/wp"],
    ["Excel basis", "NCOI", 195, 8, "online", "Engels", "beginner", None, None],
]


def workbook(*rows, sheet_first=None) -> bytes:
    """A real .xlsx file made with openpyxl; `sheet_first` adds a sheet before the one with the rows."""
    book = Workbook()
    sheet = book.active
    if sheet_first is not None:
        sheet.title = "Uitleg"
        for row in sheet_first:
            sheet.append(row)
        sheet = book.create_sheet("Aanbod", 0)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = workbook(HEADER, *GOOD_ROWS)


def codes(plan) -> list[str]:
    return sorted(error["code"] for error in plan.errors)


def test_a_workbook_is_checked_and_imported_like_a_csv_file(in_org, carol):
    plan = plan_offers(GOOD, file_name="aanbod.xlsx")
    assert plan.errors == [] and plan.creates == 2 and plan.new_skills == ["Storingen", "Warmtepompen"]
    assert not Offer.objects.exists() and not Skill.objects.exists()
    apply_offers(organisation=in_org, content=GOOD, by=carol, file_name="aanbod.xlsx")
    heat = Offer.objects.get(title="Warmtepompen")
    assert heat.price == Decimal("1250.50") and heat.hours == Decimal("16.0")
    assert heat.format == OfferFormat.CLASSROOM and heat.language == "nl" and heat.level == "advanced"
    assert sorted(heat.skills.values_list("name", flat=True)) == ["Storingen", "Warmtepompen"]
    assert Offer.objects.get(title="Excel basis").price == Decimal("195.00")
    again = apply_offers(organisation=in_org, content=GOOD, by=carol, file_name="aanbod.xlsx")
    assert again.creates == 0 and again.updates == 2 and Offer.objects.count() == 2


def test_the_first_sheet_is_read_with_blank_rows_skipped_and_excel_row_numbers(in_org):
    content = workbook([], HEADER, GOOD_ROWS[0], [], ["", "NCOI", "x"])
    plan = plan_offers(content, file_name="aanbod.xlsx")
    # Row 1 is empty, the header is row 2, the offer row 3, row 4 empty: the bad row is row 5, as Excel says.
    assert [(e["code"], e["row"]) for e in plan.errors] == [("required", 5), ("bad_price", 5)]
    other_sheet_first = workbook(HEADER, *GOOD_ROWS, sheet_first=[["Lees mij"], ["Alleen uitleg"]])
    assert plan_offers(other_sheet_first, file_name="aanbod.xlsx").creates == 2


def test_one_bad_row_in_a_workbook_means_nothing_is_imported_and_messages_are_in_the_users_language(in_org, carol):
    content = workbook(
        ["title", "price", "hours", "format", "link"],
        ["Goed", 100, 8, "online", "https://x.nl"],
        [None, 50, 1, "online", None],
        ["Duur", -5, "abc", "telepathisch", "ftp://x"],
        ["Goed", 100, 8, "online", "https://x.nl"],
    )
    plan = apply_offers(organisation=in_org, content=content, by=carol, file_name="aanbod.xlsx")
    assert codes(plan) == ["bad_choice", "bad_hours", "bad_url", "duplicate", "negative", "required"]
    assert not Offer.objects.exists() and not Skill.objects.exists()
    with translation.override("en"):
        assert "Row 3: the title is empty." in plan.messages
        assert "Row 5: this offer is in the file twice (also row 2)." in plan.messages
    with translation.override("nl"):
        assert all(message.startswith("Regel") for message in plan.messages)


def test_a_file_that_is_no_workbook_is_refused_clearly(in_org):
    csv_named_xlsx = b"titel;prijs\nCursus;100\n"
    truncated = GOOD[: len(GOOD) // 2]
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("notities.txt", "geen werkmap")
    for content in (csv_named_xlsx, truncated, zipped.getvalue(), b"PK\x03\x04 kapot"):
        plan = plan_offers(content, file_name="aanbod.xlsx")
        assert codes(plan) == ["not_xlsx"] and plan.rows == []
    with translation.override("en"):
        assert plan.messages == ["The file is not a valid Excel workbook (.xlsx). Save it again in Excel as .xlsx, "
                                 "or as CSV (UTF-8)."]


def test_an_old_excel_file_and_a_workbook_without_a_title_column_are_refused(in_org):
    assert codes(plan_offers(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, file_name="aanbod.xls")) == [
        "old_excel"]
    assert codes(plan_offers(workbook(["prijs", "uren"], [100, 8]), file_name="aanbod.xlsx")) == ["no_title"]
    assert codes(plan_offers(workbook(HEADER), file_name="aanbod.xlsx")) == ["no_rows"]


def test_a_workbook_saved_under_a_csv_name_is_read_as_a_workbook(in_org):
    assert plan_offers(GOOD, file_name="aanbod.csv").creates == 2


def test_size_limits_hold_for_workbooks(in_org, monkeypatch):
    assert codes(plan_offers(GOOD + b"\x00" * importing.MAX_BYTES, file_name="aanbod.xlsx")) == ["too_large"]
    # Small as a file, large once unpacked: refused before openpyxl reads it.
    monkeypatch.setattr(importing, "MAX_UNPACKED_BYTES", 1000)
    assert codes(plan_offers(GOOD, file_name="aanbod.xlsx")) == ["too_large_unpacked"]
    monkeypatch.setattr(importing, "MAX_UNPACKED_BYTES", 40 * 1024 * 1024)
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    many = workbook(HEADER, *[[f"Cursus {n}", "NCOI", 100, 8] for n in range(5)])
    assert codes(plan_offers(many, file_name="aanbod.xlsx")) == ["too_many_rows"]


def url():
    return reverse("growth:offer_import", kwargs={"org": "vonk"})


def test_the_import_page_checks_a_workbook_then_imports_it(login, carol, in_org):
    client = login(carol)
    page = client.get(url()).content.decode()
    assert ".xlsx" in page and 'accept=".csv,text/csv,.xlsx' in page
    response = client.post(url(), {"file": SimpleUploadedFile("aanbod.xlsx", GOOD), "apply": "0"})
    assert 'id="import-report"' in response.content.decode() and 'id="import-checked"' in response.content.decode()
    assert not Offer.objects.exists()
    response = client.post(url(), {"apply": "1"})
    assert response.status_code == 302 and Offer.objects.count() == 2


def test_the_import_page_names_a_broken_workbook_in_the_users_language(login, carol, in_org):
    client = login(carol)
    with translation.override("nl"):
        expected = str(importing.MESSAGES["not_xlsx"])
    carol.user.language = "nl"
    carol.user.save(update_fields=["language"])
    response = client.post(url(), {"file": SimpleUploadedFile("aanbod.xlsx", b"geen werkmap"), "apply": "0"})
    page = response.content.decode()
    assert 'id="import-checked"' not in page and "import-report" in page
    assert escape(expected) in page
    assert client.post(url(), {"apply": "1"}).status_code == 200 and not Offer.objects.exists()
    bad_row = workbook(HEADER, [None, "NCOI", 100])
    page = client.post(url(), {"file": SimpleUploadedFile("aanbod.xlsx", bad_row), "apply": "0"}).content.decode()
    with translation.override("nl"):
        assert escape(importing.describe({"code": "required", "row": 2})) in page
    assert "Regel 2" in page


def test_a_member_may_not_import_and_charlie_gets_404(login, alice, charlie, in_org):
    upload = {"file": SimpleUploadedFile("aanbod.xlsx", GOOD), "apply": "0"}
    assert login(alice).post(url(), upload).status_code == 403
    upload = {"file": SimpleUploadedFile("aanbod.xlsx", GOOD), "apply": "0"}
    assert login(charlie).post(url(), upload).status_code == 404
    assert not Offer.objects.exists()


def test_checking_and_importing_a_workbook_keep_a_constant_number_of_queries(login, carol, in_org,
                                                                             django_assert_max_num_queries):
    client = login(carol)
    small = workbook(HEADER, *GOOD_ROWS)
    with django_assert_max_num_queries(30) as check:
        client.post(url(), {"file": SimpleUploadedFile("aanbod.xlsx", small), "apply": "0"})
    with django_assert_max_num_queries(40) as write:
        assert client.post(url(), {"apply": "1"}).status_code == 302
    large = workbook(HEADER, *[[f"Cursus {n}", "NCOI", 100 + n, 8, "online", "nl", "beginner", f"Vak {n}"]
                               for n in range(60)])
    with django_assert_max_num_queries(len(check.captured_queries)):
        response = client.post(url(), {"file": SimpleUploadedFile("aanbod.xlsx", large), "apply": "0"})
    assert response.context["plan"].creates == 60
    with django_assert_max_num_queries(len(write.captured_queries)):
        assert client.post(url(), {"apply": "1"}).status_code == 302
    assert Offer.objects.count() == 62
