"""Journey: an L&D admin opens the indicators dashboard, changes the scope and the period, sees a chart and the
table under it, and downloads the numbers as CSV."""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from django_scopes import scope
from playwright.sync_api import expect

from leerritme.learning.services import learning_events_record_many
from leerritme.orgs.models import Team, TeamMembership
from leerritme.reflection.models import Action


def test_ld_admin_changes_scope_and_period_and_downloads_csv(transactional_db, org, team, alice, bob, carol, base,
                                                            page, sign_in):
    now = timezone.now()
    with scope(organisation=org):
        sales = Team.objects.create(organisation=org, name="Verkoop")
        TeamMembership.objects.create(organisation=org, team=sales, person=carol)
        learning_events_record_many(
            {"person": person, "kind": "learning_time", "title": "Leertijd",
             "occurred_at": now - timedelta(days=days), "minutes": minutes}
            for days, person, minutes in ((3, alice, 90), (10, bob, 60), (40, carol, 120)))
        Action.objects.create(organisation=org, team=team, text="Checklist", status="done",
                              created_at=now - timedelta(days=20), closed_at=now - timedelta(days=2))
    sign_in(carol)
    page.goto(f"{base}/o/{org.slug}/indicators/")

    # The whole organisation over the last twelve months, by month: a drawn chart and its table.
    expect(page.locator("h1")).to_be_visible()
    chart = page.locator("canvas[data-indicator=learning-hours]")
    expect(chart).to_be_visible()
    page.wait_for_function("() => window.Chart && window.Chart.getChart("
                           "document.querySelector('canvas[data-indicator=learning-hours]'))")
    table = page.locator("#table-learning-hours")
    expect(table.locator("tbody tr")).to_have_count(12)
    expect(table.locator("tfoot")).to_contain_text(re.compile(r"4[.,]5"))
    expect(page.locator("#table-reflection-actions")).to_be_visible()

    # Only Onderhoud, the last three months, by week.
    page.locator("#id_scope").select_option(label="Onderhoud")
    page.locator("#id_period").select_option("3m")
    page.locator("#id_bucket").select_option("week")
    page.locator("#indicator-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "scope=" in page.url and "bucket=week" in page.url
    expect(page.locator("h2").filter(has_text="Onderhoud").first).to_be_visible()
    table = page.locator("#table-learning-hours")
    assert table.locator("tbody tr").count() >= 13
    expect(table.locator("tfoot")).to_contain_text(re.compile(r"2[.,]5"))  # Alice and Bob; Carol is in Verkoop
    page.wait_for_function("() => window.Chart.getChart("
                           "document.querySelector('canvas[data-indicator=learning-hours]'))")

    # The CSV has the numbers of what is shown.
    with page.expect_download() as download_info:
        page.locator("#download-csv").click()
    download = download_info.value
    assert download.suggested_filename.startswith("indicators-onderhoud-")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) > 1 and len(rows[0]) == 7
    hours = sum(float(row[6]) for row in rows[1:] if row[6] and row[3] in ("hours", "uren"))
    assert hours == 2.5
