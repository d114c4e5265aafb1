"""The trend across runs on the results page and the CSV / XLSX exports: per role, another organisation 404s,
only groups the page shows appear (never below the threshold, not a department minus its teams, not the
answers still waiting for company), and the trend costs a fixed number of queries however many runs."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from openpyxl import load_workbook

from leerritme.scan.models import Run, RunToken
from leerritme.scan.services.runs import response_submit

from .conftest import add_people, answers_for


def u(name, **kwargs):
    return reverse(f"scan:{name}", kwargs={"org": "vonk", **kwargs})


def answer(run, people, comment="", **kwargs):
    for person in people:
        response_submit(token=RunToken.objects.get(run=run, person=person), answers=answers_for(run, **kwargs),
                        comment=comment)


def earlier(run, days, title):
    """Move a run back in time (after its answers are in) and name it."""
    Run.objects.filter(pk=run.pk).update(opens_on=run.opens_on - timedelta(days=days),
                                         closes_on=run.closes_on - timedelta(days=days), title=title)
    run.refresh_from_db()
    return run


@pytest.fixture
def two_runs(hierarchy, make_run):
    """Spring: Service 3 and Installatie 7 answered (Service too small, so Installatie is hidden as well: the
    department minus Installatie would be Service); autumn: Service 5, Installatie 5 + 2 waiting."""
    installers = add_people(hierarchy["installatie"], 7, "inst")
    servicers = add_people(hierarchy["service"], 5, "serv")
    spring = make_run([hierarchy["department"]])
    answer(spring, servicers[:3], value=2)
    answer(spring, installers, value=2)
    spring = earlier(spring, 180, "Spring scan")
    autumn = make_run([hierarchy["department"]])
    answer(autumn, servicers, value=4, comment="Secret remark")
    answer(autumn, installers, value=4)  # the last two wait for company
    Run.objects.filter(pk=autumn.pk).update(title="Autumn scan")
    autumn.refresh_from_db()
    return {"spring": spring, "autumn": autumn, **hierarchy}


def page(client, run, node=None):
    return client.get(u("results", uuid=run.uuid) + (f"?group={node}" if node is not None else ""))


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_every_role_sees_the_organisation_trend_with_its_table(two_runs, who, request, login):
    client = login(request.getfixturevalue(who))
    response = page(client, two_runs["autumn"])
    assert response.status_code == 200
    chart = response.context["trend_chart"]
    with translation.override("en"):  # the people here read English; the label has the month as Django abbreviates it
        month = {key: date_format(two_runs[key].opens_on, "N Y") for key in ("spring", "autumn")}
    assert chart["labels"] == [f"Spring scan ({month['spring']})", f"Autumn scan ({month['autumn']})"]
    assert len(chart["series"]) == 9 and chart["series"][0]["values"] == [2.0, 4.0]
    html = response.content.decode()
    assert 'id="trend"' in html and 'data-trend="scan-trend-data"' in html and 'id="scan-trend-data"' in html
    # The table holds the same numbers as the chart, one row per dimension.
    rows = response.context["trend_rows"]
    assert len(rows) == 9 and all(row["means"] == [2.0, 4.0] for row in rows)


def test_a_team_hidden_in_an_earlier_run_is_left_out_of_its_trend(two_runs, alice, login):
    client = login(alice)
    installatie = two_runs["installatie"].pk
    response = page(client, two_runs["autumn"], installatie)
    assert response.context["group"].node == installatie
    # Spring hid Installatie (the department minus it would show Service's three): only autumn remains,
    # with the five published answers, not the two still waiting.
    assert [(run.title, group.n) for run, group in response.context["trend"]] == [("Autumn scan", 5)]
    assert 'id="no-trend"' in response.content.decode() and 'id="scan-trend-data"' not in response.content.decode()
    department = page(client, two_runs["autumn"], two_runs["department"].pk)
    assert [(run.title, group.n) for run, group in department.context["trend"]] == [("Spring scan", 10),
                                                                                   ("Autumn scan", 10)]


def test_the_trend_reads_each_run_as_published_never_the_waiting_answers(two_runs):
    from leerritme.scan.selectors import dimension_trend, trend_for

    autumn = two_runs["autumn"]
    assert autumn.responses.filter(published_in__isnull=True).count() == 2
    rows = trend_for(autumn, two_runs["installatie"].pk)
    assert [(run.pk, group.n) for run, group in rows] == [(autumn.pk, 5)]
    trend = dimension_trend(autumn.organisation, team=two_runs["installatie"])
    assert {(run.pk, n) for run, _d, _mean, n in trend} == {(autumn.pk, 5)}
    assert {(run.pk, n) for run, _d, _mean, n in dimension_trend(autumn.organisation)} == {
        (two_runs["spring"].pk, 10), (autumn.pk, 10)}


def test_the_trend_costs_the_same_queries_for_more_runs(two_runs, make_run, alice, login):
    client = login(alice)
    with CaptureQueriesContext(connection) as two:
        page(client, two_runs["autumn"])
    people = [t.person for t in RunToken.objects.filter(run=two_runs["autumn"])]
    for days in (60, 120):
        run = make_run([two_runs["department"]])
        answer(run, people, value=3)
        earlier(run, days, f"Run {days}")
    with CaptureQueriesContext(connection) as four:
        response = page(client, two_runs["autumn"])
    assert len(response.context["trend"]) == 4
    assert len(four.captured_queries) <= len(two.captured_queries)


def test_charlie_gets_404_for_the_exports(two_runs, charlie, login):
    client = login(charlie)
    for extension in ("csv", "xlsx"):
        assert client.get(u("export", uuid=two_runs["autumn"].uuid, extension=extension)).status_code == 404


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_every_role_downloads_the_csv_with_only_the_shown_groups(two_runs, who, request, login):
    client = login(request.getfixturevalue(who))
    response = client.get(u("export", uuid=two_runs["spring"].uuid, extension="csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="scan-spring-scan-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Group", "Kind", "Answers in group", "Dimension"]
    # Spring shows only the organisation and Techniek (10 answers): no Installatie, no Service.
    assert {(row[0], row[2]) for row in body} == {("Werkplaats De Vonk", "10"), ("Techniek", "10")}
    dimension_rows = [row for row in body if row[4] == ""]
    statement_rows = [row for row in body if row[4] != ""]
    assert len(dimension_rows) == 2 * 9 and len(statement_rows) == 2 * 27
    assert all(row[7] == "2.0" for row in dimension_rows)
    # Alpha: "" (everyone answered alike: nothing to measure), statements as answered (a reverse-scored one reads 4).
    assert all(row[8] == "" for row in dimension_rows)
    assert {row[7] for row in statement_rows if row[5] == "yes"} <= {"4.0"}
    assert {row[7] for row in statement_rows if row[5] == "no"} == {"2.0"}


def test_the_xlsx_has_the_same_groups_as_the_page_and_no_waiting_answers(two_runs, carol, login):
    client = login(carol)
    autumn = two_runs["autumn"]
    shown = {(g.name, g.n) for g in page(client, autumn).context["results"].groups}
    response = client.get(u("export", uuid=autumn.uuid, extension="xlsx"))
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Dimensions", "Statements", "About"]
    assert book["Dimensions"].freeze_panes == "A2" and book["Dimensions"]["A1"].font.bold
    rows = list(book["Dimensions"].iter_rows(values_only=True))
    assert rows[0][:6] == ("Group", "Kind", "Answers in group", "Dimension", "Answers", "Average")
    assert {(row[0], row[2]) for row in rows[1:]} == shown
    assert ("Installatie", 5) in shown and ("Techniek", 10) in shown  # 12 answered; 2 wait, also here
    statements = list(book["Statements"].iter_rows(values_only=True))
    assert {(row[0], row[2]) for row in statements[1:]} == shown
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Survey"] == "Autumn scan" and about["Minimum group size"] == 5


def test_an_export_never_has_comments_and_a_formula_name_is_made_harmless(two_runs, carol, login):
    autumn = two_runs["autumn"]
    two_runs["department"].name = "=HYPERLINK(1)"
    two_runs["department"].save(update_fields=["name"])
    client = login(carol)
    csv_text = client.get(u("export", uuid=autumn.uuid, extension="csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv_text and "Secret remark" not in csv_text
    assert "'," not in csv_text.replace("'=HYPERLINK(1)", "")  # an empty cell stays empty
    book = load_workbook(io.BytesIO(client.get(u("export", uuid=autumn.uuid, extension="xlsx")).content))
    names = {row[0] for row in book["Dimensions"].iter_rows(values_only=True)}
    assert "'=HYPERLINK(1)" in names
    cells = {c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row}
    assert "Secret remark" not in cells


def test_a_results_page_without_groups_has_no_export_buttons_and_a_bad_extension_404s(make_run, hierarchy, alice,
                                                                                        login):
    add_people(hierarchy["installatie"], 2, "inst")
    run = make_run([hierarchy["installatie"]])
    client = login(alice)
    html = page(client, run).content.decode()
    assert 'id="export-csv"' not in html and 'id="no-results"' in html
    assert client.get(u("export", uuid=run.uuid, extension="pdf")).status_code == 404
    rows = list(csv.reader(io.StringIO(client.get(u("export", uuid=run.uuid, extension="csv"))
                                       .content.decode("utf-8-sig"))))
    assert len(rows) == 1  # the header only: nothing is shown yet


def test_the_trend_and_the_exports_show_exactly_what_each_run_page_shows(two_runs):
    """For every node (organisation, department, teams) and run: the trend has the group exactly when the
    run's own results show it, with the same n and averages; the export lists the same groups."""
    from leerritme.scan import anonymity
    from leerritme.scan.exports import combined_rows
    from leerritme.scan.selectors import run_results, trend_for

    nodes = [anonymity.ROOT] + [two_runs[k].pk for k in ("department", "installatie", "service", "onderhoud")]
    for run in (two_runs["spring"], two_runs["autumn"]):
        page_results = run_results(run, with_items=True)
        for node in nodes:
            shown = page_results.group(node)
            in_trend = dict(trend_for(two_runs["autumn"], node)).get(run)
            if shown is None:
                assert in_trend is None
            else:
                assert in_trend.n == shown.n >= run.threshold
                assert [d.mean for d in in_trend.dimensions] == pytest.approx([d.mean for d in shown.dimensions])
        exported = {(row[0], row[2]) for row in combined_rows(page_results)}
        assert exported == {(g.name, g.n) for g in page_results.groups}
        assert all(n >= run.threshold for _name, n in exported)


def test_the_exports_cost_a_fixed_number_of_queries(two_runs, carol, login, django_assert_max_num_queries):
    client = login(carol)
    for extension in ("csv", "xlsx"):
        with django_assert_max_num_queries(14):
            assert client.get(u("export", uuid=two_runs["autumn"].uuid, extension=extension)).status_code == 200
