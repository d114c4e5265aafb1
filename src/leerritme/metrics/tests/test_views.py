"""The dashboard, its downloads and the home panel, for every role; bad input; constant queries."""

import csv
import io
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_person
from leerritme.metrics.periods import period_from
from leerritme.metrics.selectors import compute_numbers, dashboard
from leerritme.metrics.tests.conftest import (
    action,
    at,
    budget,
    event,
    knowledge_session,
    occurrences,
    org_scope,
    reflection_session,
    team_scope,
)
from leerritme.orgs.models import TeamMembership, TeamRole

QUARTER = {"period": "custom", "first": "2026-01-01", "last": "2026-03-31", "bucket": "month"}


def url(name="index", org=None):
    return reverse(f"metrics:{name}", kwargs={"org": org.slug if org else "vonk"})


@pytest.fixture
def recorded(org, team, sales, alice, bob, erik):
    """A little of everything in January to March 2026."""
    event(alice, "course_completed", at(2026, 1, 10, 9), minutes=120)
    event(erik, "learning_time", at(2026, 2, 10, 9), minutes=90)
    event(alice, "lesson_shared", at(2026, 2, 11, 9), obj_id="3")
    budget(alice, ("250.00", date(2026, 2, 14)))
    occurrences(team, (at(2026, 1, 5, 9), "held"), (at(2026, 1, 12, 9), "skipped"))
    knowledge_session(alice, at(2026, 1, 14, 12), attendees=(bob, erik))
    action(team, at(2026, 1, 6, 9), closed_at=at(2026, 2, 5, 9), status="done")
    reflection_session(team, bob, at(2026, 1, 12, 10), *[(4, 4)] * 5)
    return org


def test_ld_admin_sees_the_organisation_with_charts_and_tables(login, carol, recorded):
    response = login(carol).get(url(), QUARTER)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="metrics-charts"' in page and 'canvas data-indicator="learning-hours"' in page
    assert 'id="table-learning-hours"' in page and 'id="table-checkout"' in page
    assert "vendor/chartjs/chart.umd.min.js" in page
    board = response.context["board"]
    assert board.scope.is_organisation
    assert board.result("learning-hours").series[0].total == 2.0
    assert board.result("lessons").series[0].total == 1
    assert [i.slug for i in board.absent if i.slug in ("experiments", "coaching-pairs", "duos", "articles")] == [
        "articles", "coaching-pairs", "duos", "experiments"]
    assert "Not shown yet" in page or "Nog niet" in page or board.absent


def test_owner_sees_the_organisation(login, dave, recorded):
    assert login(dave).get(url(), QUARTER).context["board"].scope.is_organisation


def test_member_sees_only_their_own_team(login, alice, team, sales, recorded):
    client = login(alice)
    response = client.get(url(), QUARTER)
    assert response.status_code == 200
    assert response.context["board"].scope.uuid == str(team.uuid)
    assert [c[0] for c in response.context["form"].fields["scope"].choices] == [str(team.uuid)]
    assert client.get(url(), {**QUARTER, "scope": "organisation"}).status_code == 400  # not a choice for her
    assert client.get(url(), {**QUARTER, "scope": str(sales.uuid)}).status_code == 400
    assert client.get(url("export_csv"), {**QUARTER, "scope": str(sales.uuid)}).status_code == 400


def test_a_department_lead_sees_the_department_and_its_teams(org, login, department, team, sales, recorded):
    head = make_person(org, "hoofd@vonk.test", "Hoofd Techniek")
    TeamMembership.objects.create(organisation=org, team=department, person=head, role=TeamRole.LEAD)
    response = login(head).get(url(), QUARTER)
    values = [c[0] for c in response.context["form"].fields["scope"].choices]
    assert values == [str(department.uuid), str(team.uuid)]
    response = login(head).get(url(), {**QUARTER, "scope": str(department.uuid)})
    assert response.context["board"].scope.kind == "department"
    assert response.context["board"].result("learning-hours").series[0].total == 2.0  # alice, not erik


def test_team_lead_sees_their_team(login, bob, team, recorded):
    response = login(bob).get(url(), QUARTER)
    assert response.context["board"].scope.uuid == str(team.uuid)
    assert response.context["board"].result("rhythm").series[0].total == 2


def test_someone_in_no_team_is_refused(org, login):
    loner = make_person(org, "los@vonk.test", "Los")
    assert login(loner).get(url()).status_code == 403
    assert login(loner).get(url("export_xlsx")).status_code == 403


def test_another_organisation_gets_404(login, charlie, recorded):
    for name in ("index", "export_csv", "export_xlsx", "report_pdf"):
        assert login(charlie).get(url(name), QUARTER).status_code == 404


def test_anonymous_goes_to_login(client, recorded):
    response = client.get(url())
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("bad, message", [
    ({"period": "custom", "first": "2026-03-01", "last": "2026-01-01"}, "cannot be before"),
    ({"period": "custom", "first": "2020-01-01", "last": "2026-01-01"}, "at most three years"),
    ({"period": "custom", "first": "", "last": ""}, "both the first and the last day"),
    ({"period": "custom", "first": "2021-01-01", "last": "2023-12-31", "bucket": "week"}, "at most two years"),
    ({"period": "decade"}, "decade"),
])
def test_bad_periods_are_refused_with_a_message(login, carol, recorded, bad, message):
    from django.utils import translation

    with translation.override("en"):
        response = login(carol).get(url(), bad, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["board"] is None
    errors = " ".join(str(e) for errors in response.context["form"].errors.values() for e in errors)
    assert message in errors


def test_csv_has_the_numbers_of_the_page(login, carol, recorded):
    response = login(carol).get(url("export_csv"), {**QUARTER, "bucket": "month"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="indicators-werkplaats-de-vonk-2026-01-01-2026-03-31.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[0]) == 7
    hours = [r for r in rows[1:] if r[4] == "2026-01-01" and r[6] == "2.0"]
    assert len(hours) == 1  # formal learning hours in January
    spent = [r for r in rows[1:] if r[4] == "2026-02-01" and r[6] == "250.0"]
    assert len(spent) == 1


def test_csv_guards_against_formulas_in_team_names(org, login, carol, recorded):
    from leerritme.orgs.models import Team

    evil = Team.objects.create(organisation=org, name="=HYPERLINK(1)")
    response = login(carol).get(url("export_xlsx"), {**QUARTER, "scope": str(evil.uuid)})
    book = load_workbook(io.BytesIO(response.content))
    about = {row[0]: row[1] for row in book.worksheets[2].iter_rows(values_only=True)}
    assert any(str(value).startswith("'=") for value in about.values())


def test_xlsx_parses_back_to_the_same_numbers(login, carol, recorded):
    response = login(carol).get(url("export_xlsx"), QUARTER)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    by_period, totals, about = book.worksheets
    rows = list(by_period.iter_rows(values_only=True))
    assert len(rows[0]) == 7
    board = response.wsgi_request and dashboard(recorded, org_scope(recorded),
                                                period_from("custom", first=date(2026, 1, 1),
                                                            last=date(2026, 3, 31)))
    expected = sum(len(r.series) * 3 for r in board.results)
    assert len(rows) - 1 == expected
    total_rows = list(totals.iter_rows(values_only=True))[1:]
    assert sum(1 for r in total_rows if r[3] == 250) == 1  # budget spent
    assert ("Werkplaats De Vonk" in [c.value for c in about["B"]])


def test_pdf_report_has_a_page_per_part_and_the_charts(login, carol, recorded):
    response = login(carol).get(url("report_pdf"), QUARTER)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", content))
    assert pages >= 3  # nine indicators with a chart and a table each do not fit on one or two pages
    assert b"/Count %d" % pages in content
    # Fewer indicators, fewer pages: the pages hold the indicators.
    small = login(carol).get(url("report_pdf"), {**QUARTER, "first": "2026-03-01"}).content
    assert small.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b(?!s)", small)) >= 2


def test_dashboard_queries_do_not_grow_with_the_data(org, team, sales, alice, bob, erik, carol,
                                                    django_assert_num_queries):
    period = period_from("custom", first=date(2026, 1, 1), last=date(2026, 3, 31))
    scopes = (org_scope(org), team_scope(team))

    def add(times):
        for n in range(times):
            event(alice, "course_completed", at(2026, 1, 10 + n, 9), minutes=60)
            event(erik, "experiment_concluded", at(2026, 2, 1 + n, 9), obj_id=str(n))
            event(bob, "kudos_received", at(2026, 2, 1 + n, 9))
            action(team, at(2026, 1, 6 + n, 9), closed_at=at(2026, 2, 5 + n, 9), status="done")
            reflection_session(team, bob, at(2026, 1, 12 + n, 10), *[(4, 3)] * 5)
            knowledge_session(alice, at(2026, 1, 14 + n, 12), attendees=(bob, erik))
        budget(alice if times == 1 else erik, ("10.00", date(2026, 2, 14)))
        occurrences(team if times == 1 else sales, (at(2026, 1, 5, 9), "held"), (at(2026, 1, 12, 9), "skipped"))

    add(1)
    counts = []
    for chosen in scopes:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            compute_numbers(org, chosen, period)
        counts.append(len(captured))
    add(5)
    for chosen, count in zip(scopes, counts, strict=True):
        cache.clear()
        with django_assert_num_queries(count):
            numbers = compute_numbers(org, chosen, period)
    assert numbers["experiments"]["totals"]["count"] == 0  # erik is not in Onderhoud
    assert counts[0] <= 20


def test_dashboard_page_queries_are_constant(login, carol, org, team, alice, bob, django_assert_max_num_queries):
    client = login(carol)
    event(alice, "course_completed", at(2026, 1, 10, 9), minutes=60)
    action(team, at(2026, 1, 6, 9), closed_at=at(2026, 2, 5, 9), status="done")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url(), {**QUARTER, "bucket": "week"})
    for n in range(20):
        event(alice, "course_completed", at(2026, 1, 10, 9), minutes=60 + n)
        action(team, at(2026, 1, 6, 9), closed_at=at(2026, 2, 5, 9), status="done")
    cache.clear()
    with django_assert_max_num_queries(len(captured)):
        assert client.get(url(), {**QUARTER, "bucket": "week"}).status_code == 200


def test_cached_numbers_are_served_until_they_expire(org, team, alice, settings):
    period = period_from("custom", first=date(2026, 1, 1), last=date(2026, 3, 31))
    event(alice, "course_completed", at(2026, 1, 10, 9), minutes=60)
    first = dashboard(org, org_scope(org), period)
    event(alice, "course_completed", at(2026, 1, 11, 9), minutes=60)
    assert dashboard(org, org_scope(org), period).result("learning-hours").series[0].total == 1.0
    assert dashboard(org, org_scope(org), period, cached=False).result("learning-hours").series[0].total == 2.0
    settings.METRICS_CACHE_SECONDS = 0
    assert dashboard(org, org_scope(org), period).result("learning-hours").series[0].total == 2.0
    assert first.computed_at is not None


def test_home_panel_for_ld_only(login, carol, alice, org, team):
    from django.utils import timezone

    event(alice, "learning_time", timezone.now(), minutes=90)
    page = login(carol).get(reverse("home", kwargs={"org": org.slug})).content.decode()
    assert 'id="panel-indicators"' in page
    page = login(alice).get(reverse("home", kwargs={"org": org.slug})).content.decode()
    assert 'id="panel-indicators"' not in page
