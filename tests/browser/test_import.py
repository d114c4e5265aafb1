"""Carol imports a people file with one bad row, sees the error, fixes the file and imports it."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.usefixtures("transactional_db")

BAD = (
    "e-mailadres;naam;team;functie\n"
    "fatima.elamrani@example.org;Fatima El Amrani;Onderhoud;Monteur\n"
    "joost.devries@example;Joost de Vries;Onderhoud;Planner\n"
)
FIXED = BAD.replace("joost.devries@example;", "joost.devries@example.org;")


@pytest.fixture
def english(carol):
    carol.user.language = "en"
    carol.user.save(update_fields=["language"])
    return carol


def test_carol_fixes_a_bad_row_and_imports_the_people(page, base, sign_in, org, team, english, tmp_path):
    bad, fixed = tmp_path / "mensen.csv", tmp_path / "mensen-verbeterd.csv"
    bad.write_text(BAD, encoding="utf-8-sig")
    fixed.write_text(FIXED, encoding="utf-8-sig")
    sign_in(english)

    page.goto(f"{base}/o/{org.slug}/manage/import/")
    expect(page.get_by_role("heading", name="Import from a spreadsheet")).to_be_visible()
    page.get_by_label("People", exact=True).check()
    page.get_by_label("File", exact=True).set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()

    errors = page.locator("#import-errors")
    expect(errors).to_be_visible()
    row = errors.get_by_role("row").filter(has_text="Row 3")
    expect(row).to_contain_text("“joost.devries@example” is not a valid e-mail address.")
    expect(page.get_by_role("heading", name="1 row has a problem")).to_be_visible()
    expect(page.get_by_role("button", name="Import", exact=True)).to_have_count(0)

    page.get_by_label("Corrected file", exact=True).set_input_files(str(fixed))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="The file is correct")).to_be_visible()
    expect(page.locator("#import-counts")).to_contain_text("2")
    page.get_by_role("button", name="Import", exact=True).click()

    result = page.locator("#imported-new")
    expect(result).to_contain_text("Fatima El Amrani")
    expect(result).to_contain_text("Joost de Vries")

    page.get_by_role("link", name="Go to people administration").click()
    expect(page.locator("main")).to_contain_text("Joost de Vries")
    expect(page.locator("main")).to_contain_text("Fatima El Amrani")
