"""Journey: L&D imports the catalogue from an Excel workbook. A first file has a bad row (nothing is imported,
the report names the row as Excel numbers it); the corrected workbook is checked, then imported, and the
offers are in the catalogue."""

from django_scopes import scopes_disabled
from openpyxl import Workbook
from playwright.sync_api import expect

from leerritme.growth.models import Offer

HEADER = ["Titel", "Aanbieder", "Prijs", "Uren", "Vorm", "Vaardigheden"]


def save_workbook(path, *rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return str(path)


def test_importing_the_catalogue_from_an_excel_workbook(transactional_db, tmp_path, org, carol, base, page,
                                                        sign_in):
    bad = save_workbook(tmp_path / "aanbod.xlsx", HEADER, ["Warmtepompen", "ISSO", 1250.5, 16, "klassikaal", ""],
                        ["Excel basis", "NCOI", "gratis", 8, "online", ""])
    good = save_workbook(tmp_path / "aanbod-goed.xlsx", HEADER,
                         ["Warmtepompen", "ISSO", 1250.5, 16, "klassikaal", "Warmtepompen"],
                         ["Excel basis", "NCOI", 195, 8, "online", ""])

    sign_in(carol)
    page.goto(f"{base}/o/{org.slug}/growth/catalogue/")
    page.locator(f'a[href="/o/{org.slug}/growth/catalogue/import/"]').click()
    page.locator("#id_file").set_input_files(bad)
    page.locator("button[name=apply][value='0']").click()
    report = page.locator("#import-report")
    expect(report.get_by_role("alert")).to_contain_text("Regel 3")
    expect(report).to_contain_text("gratis")
    expect(page.locator("#import-checked")).to_have_count(0)

    page.locator("#id_file").set_input_files(good)
    page.locator("button[name=apply][value='0']").click()
    expect(report.get_by_role("status")).to_contain_text("2")
    page.locator("#import-checked").click()
    expect(page.locator("main")).to_contain_text("Warmtepompen")
    expect(page.locator("main")).to_contain_text("Excel basis")
    with scopes_disabled():
        assert sorted(Offer.objects.values_list("title", flat=True)) == ["Excel basis", "Warmtepompen"]
