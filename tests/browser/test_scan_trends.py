"""Journey: a team answered the learning-culture scan in spring and again in autumn. The team lead opens the
autumn results, sees the team's trend across both runs as a line chart with the same numbers in a table under
it, and downloads the results as CSV: only the shown groups, with the same averages."""

import csv
import io
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from django_scopes import scope
from playwright.sync_api import expect

from conftest import make_person
from leerritme.orgs.models import Team, TeamMembership, TeamRole
from leerritme.scan.models import Instrument, Run, RunToken
from leerritme.scan.services.instruments import instruments_ensure_shipped
from leerritme.scan.services.runs import response_submit, run_create
from leerritme.scan.tests.conftest import answers_for


def test_the_lead_reads_the_trend_chart_and_table_and_downloads_the_csv(transactional_db, org, carol, base, page,
                                                                        sign_in):
    today = timezone.localdate()
    with scope(organisation=org):
        instruments_ensure_shipped(org)
        culture = Instrument.objects.get(key="learning-culture")
        installatie = Team.objects.create(organisation=org, name="Installatie")
        lead = make_person(org, "lead@vonk.test", "Lotte Leider")
        TeamMembership.objects.create(organisation=org, team=installatie, person=lead, role=TeamRole.LEAD)
        members = [lead]
        for number in range(4):
            person = make_person(org, f"m{number}@vonk.test", f"Monteur {number}")
            TeamMembership.objects.create(organisation=org, team=installatie, person=person)
            members.append(person)
        runs = []
        for title, value, days in (("Voorjaar", 2, 180), ("Najaar", 4, 0)):
            run = run_create(instrument=culture, title=title, whole_organisation=False, teams=[installatie],
                             opens_on=today, closes_on=today + timedelta(days=14), created_by=carol)
            for person in members:
                response_submit(token=RunToken.objects.get(run=run, person=person), answers=answers_for(run, value))
            Run.objects.filter(pk=run.pk).update(opens_on=today - timedelta(days=days),
                                                 closes_on=today - timedelta(days=days) + timedelta(days=14))
            runs.append(run)
    spring, autumn = runs

    sign_in(lead)
    page.goto(f"{base}/o/{org.slug}/scan/runs/{autumn.uuid}/")
    page.locator("#groups a[data-group=Installatie]").click()
    expect(page.locator("#group-results[data-kind=team]")).to_be_visible()

    # The chart is drawn, and the table under it has a column per run and a row per dimension.
    chart = page.locator("canvas[data-trend]")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("role", "img")
    assert page.evaluate("() => !!window.Chart.getChart(document.querySelector('canvas[data-trend]'))")
    table = page.locator("#trend")
    expect(table.locator("thead th[data-run]")).to_have_count(2)
    expect(table.locator("thead th[data-run]").first).to_contain_text("Voorjaar")
    expect(table.locator("tbody tr")).to_have_count(9)
    expect(table.locator("tbody tr").first.locator("td")).to_have_text(["2,0", "4,0"])
    # The earlier run's column links to its own results for the same group.
    table.locator(f"thead th[data-run='{spring.uuid}'] a").click()
    expect(page.locator("#group-results[data-kind=team]")).to_be_visible()
    expect(page.locator("#trend")).to_have_count(0)
    expect(page.locator("#no-trend")).to_be_visible()

    # The CSV has the shown groups (the organisation and the team, five answers each), the same averages.
    page.goto(f"{base}/o/{org.slug}/scan/runs/{autumn.uuid}/")
    with page.expect_download() as download_info:
        page.locator("#export-csv").click()
    download = download_info.value
    assert download.suggested_filename == f"scan-najaar-{autumn.opens_on:%Y-%m-%d}.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows[0]) == 9
    body = rows[1:]
    assert {row[2] for row in body} == {"5"} and {row[0] for row in body} == {org.name, "Installatie"}
    assert {row[7] for row in body if row[4] == ""} == {"4.0"}
    with page.expect_download() as download_info:
        page.locator("#export-xlsx").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
