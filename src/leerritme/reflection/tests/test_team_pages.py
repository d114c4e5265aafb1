"""The reflection index and a team's reflection page: running sessions, reflection moments, actions, trends."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leerritme.reflection.models import Action, ActionStatus, CheckOutResponse
from leerritme.reflection.selectors.trends import team_trend
from leerritme.reflection.services import session_start
from leerritme.reflection.tests.around_fixtures import *  # noqa: F403
from leerritme.reflection.tests.around_fixtures import run_session


def team_url(team):
    return reverse("reflection:team", kwargs={"org": team.organisation.slug, "uuid": team.uuid})


def index_url(org):
    return reverse("reflection:index", kwargs={"org": org.slug})


def test_the_trend_shows_scores_only_for_sessions_with_enough_answers(in_org, team, crew):
    run_session(team, crew[1], crew, title="Few", checkouts=[(5, 5, "")] * 4)
    run_session(team, crew[1], crew, title="Enough", checkouts=[(4, 2, ""), (4, 3, ""), (4, 4, ""), (4, 2, ""),
                                                                 (4, 4, "")])
    few, enough = team_trend(team)
    assert (few.title, few.answered, few.quality, few.dynamics) == ("Few", 4, None, None)
    assert (enough.title, enough.answered, enough.quality, enough.dynamics) == ("Enough", 5, 4.0, 3.0)
    assert few.actions_agreed == enough.actions_agreed == 1


def test_an_action_done_between_sessions_counts_for_the_next_one(in_org, team, crew):
    first = run_session(team, crew[1], crew, title="First")
    action = Action.objects.get(session=first)
    action.status, action.closed_at = ActionStatus.DONE, timezone.now()
    action.save(update_fields=["status", "closed_at"])
    run_session(team, crew[1], crew, title="Second")
    points = team_trend(team)
    assert [p.actions_done for p in points] == [0, 1]


def test_members_see_running_sessions_open_actions_and_the_trend(in_org, team, crew, login, alice):
    run_session(team, crew[1], crew, checkouts=[(4, 4, "")] * 5)
    running = session_start(team=team, by=crew[1], format="round", title="Monday round")
    page = login(alice).get(team_url(team))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Monday round" in html
    assert reverse("reflection:board", kwargs={"org": "vonk", "uuid": running.uuid}) in html
    assert "Order parts a week ahead" in html
    assert 'id="team-trend-table"' in html and 'id="team-trend-data"' in html
    assert 'id="start-session"' in html


def test_ld_admins_see_the_trend_but_not_what_the_team_wrote(in_org, team, crew, login, carol):
    run_session(team, crew[1], crew, checkouts=[(4, 4, "")] * 5)
    page = login(carol).get(team_url(team))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="team-trend-table"' in html
    assert "Order parts a week ahead" not in html
    assert "/summary/" not in html
    assert 'id="start-session"' not in html


def test_a_member_of_another_team_gets_no_team_page(in_org, org, team, crew, login):
    from leerritme.orgs.models import Team
    from leerritme.reflection.tests.board_fixtures import add_member

    other = Team.objects.create(organisation=org, name="Verkoop")
    outsider = add_member(org, other, "henk@vonk.test", "Henk Kok")
    assert login(outsider).get(team_url(team)).status_code == 403


def test_charlie_gets_404(in_org, team, crew, login, charlie):
    assert login(charlie).get(team_url(team)).status_code == 404
    assert login(charlie).get(index_url(team.organisation)).status_code == 404


def test_the_team_page_costs_the_same_queries_with_more_sessions(in_org, team, crew, login, alice,
                                                                 django_assert_max_num_queries):
    run_session(team, crew[1], crew, checkouts=[(4, 4, "")] * 5)
    client = login(alice)
    client.get(team_url(team))
    for n in range(4):
        run_session(team, crew[1], crew, title=f"Session {n}", checkouts=[(3, 4, "")] * 5)
    session_start(team=team, by=crew[1], format="round")
    with django_assert_max_num_queries(22):
        assert client.get(team_url(team)).status_code == 200


def test_reflection_moments_of_the_rhythm_can_be_started_on_the_day(in_org, org, team, crew, login, alice):
    from leerritme.practices.catalogue import practices_ensure_catalogue
    from leerritme.practices.models import Practice
    from leerritme.practices.services.adoption import adoption_create
    from leerritme.practices.services.rhythm import rhythm_set

    practices_ensure_catalogue(org)
    practice = Practice.objects.get(key="retrospective")
    adopted = adoption_create(team=team, practice=practice, owner=crew[1], purpose="Learn from each sprint",
                              adopted_by=crew[1])
    soon = timezone.localtime() + timedelta(minutes=1)  # later today (barring the last minute before midnight)
    rhythm_set(adoption=adopted.adoption, by=crew[1], cadence="weekly", starts_at=soon, duration_minutes=45,
               weekdays=(soon.weekday(),))
    page = login(alice).get(team_url(team)).content.decode()
    assert practice.name in page
    occurrence = adopted.adoption.rhythm.occurrences.order_by("start").first()
    assert reverse("reflection:start_occurrence", kwargs={"org": "vonk", "uuid": occurrence.uuid}) in page


def test_the_index_lists_my_teams_with_what_runs_now(in_org, org, team, crew, login, alice,
                                                     django_assert_max_num_queries):
    session_start(team=team, by=crew[1], format="round", title="Monday round")
    client = login(alice)
    with django_assert_max_num_queries(14):
        page = client.get(index_url(org))
    assert page.status_code == 200
    assert "Monday round" in page.content.decode()


@pytest.mark.parametrize("count", [4, 5])
def test_checkout_responses_hold_no_person(in_org, team, crew, count):
    session = run_session(team, crew[1], crew, checkouts=[(4, 4, "x")] * count)
    fields = {f.name for f in CheckOutResponse._meta.get_fields()}
    assert "person" not in fields and "created_at" not in fields
    assert CheckOutResponse.objects.filter(session=session).count() == count


def test_the_whole_year_of_sessions_is_one_click_away(in_org, team, crew, login, alice, monkeypatch):
    from leerritme.reflection.views import team as views

    monkeypatch.setattr(views, "TEAM_TREND_LIMIT", 2)
    for n in range(3):
        run_session(team, crew[1], crew, title=f"Week {n}")
    client = login(alice)
    short = client.get(team_url(team)).content.decode()
    assert "Week 0" not in short and "Week 2" in short and 'href="?all=1' in short
    whole = client.get(team_url(team) + "?all=1").content.decode()
    assert "Week 0" in whole and 'href="?all=1' not in whole
