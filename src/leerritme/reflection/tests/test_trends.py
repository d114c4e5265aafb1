"""Trends across teams for L&D: by month and by team, scores only from sessions with enough answers."""

from django.urls import reverse
from django.utils import timezone

from leerritme.orgs.models import Team
from leerritme.reflection.selectors.trends import organisation_trends
from leerritme.reflection.tests.around_fixtures import *  # noqa: F403
from leerritme.reflection.tests.around_fixtures import run_session
from leerritme.reflection.tests.board_fixtures import add_member


def test_months_and_teams_pool_only_sessions_at_the_threshold(in_org, org, team, crew):
    run_session(team, crew[1], crew, checkouts=[(1, 1, "")] * 4)  # below 5: counts nowhere
    run_session(team, crew[1], crew, checkouts=[(4, 3, "")] * 5)
    found = organisation_trends(org)
    this_month = found.months[-1]
    assert this_month.month.month == timezone.localdate().month
    assert (this_month.sessions, this_month.answered, this_month.quality, this_month.dynamics) == (2, 5, 4.0, 3.0)
    assert this_month.actions_agreed == 2
    (row,) = found.teams
    assert (row.team, row.sessions, row.quality, row.actions_agreed, row.actions_open) == (team, 2, 4.0, 2, 2)
    assert len(found.months) == 12


def test_the_page_is_for_ld_admins_and_owners_with_a_department_picker(in_org, org, team, crew, login, carol, dave,
                                                                      alice, charlie,
                                                                      django_assert_max_num_queries):
    department = Team.objects.create(organisation=org, name="Techniek")
    team.parent = department
    team.save(update_fields=["parent"])
    other = Team.objects.create(organisation=org, name="Verkoop")
    people = [add_member(org, other, f"v{n}@vonk.test", f"Verkoper {n}") for n in range(3)]
    run_session(team, crew[1], crew, checkouts=[(4, 4, "")] * 5)
    run_session(other, people[0], people)
    url = reverse("reflection:trends", kwargs={"org": "vonk"})
    client = login(carol)
    with django_assert_max_num_queries(15):
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "Onderhoud" in html and "Verkoop" in html and 'id="month-table"' in html
    narrowed = client.get(url, {"department": str(department.uuid)}).content.decode()
    assert "Onderhoud" in narrowed and ">Verkoop<" not in narrowed
    assert login(dave).get(url).status_code == 200
    assert login(alice).get(url).status_code == 403
    assert login(charlie).get(url).status_code == 404
    assert client.get(url, {"department": "not-a-uuid"}).status_code == 404
