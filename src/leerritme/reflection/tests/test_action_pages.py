"""My actions, a team's actions, changing one: status inline, the rest on its own page."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from leerritme.reflection.models import Action, ActionStatus
from leerritme.reflection.tests.around_fixtures import *  # noqa: F403
from leerritme.reflection.tests.around_fixtures import run_session


def u(name, **kwargs):
    return reverse(f"reflection:{name}", kwargs={"org": "vonk", **kwargs})


def test_my_actions_lists_open_ones_first_and_marks_overdue(in_org, team, crew, login, alice):
    session = run_session(team, crew[1], crew)
    Action.objects.create(organisation=team.organisation, team=team, session=session, text="Late one",
                          owner=alice, due_date=timezone.localdate() - timedelta(days=3))
    Action.objects.create(organisation=team.organisation, team=team, session=session, text="Closed one",
                          owner=alice, status=ActionStatus.DONE, closed_at=timezone.now())
    Action.objects.create(organisation=team.organisation, team=team, session=session, text="Bob's", owner=crew[1])
    html = login(alice).get(u("my_actions")).content.decode()
    assert html.index("Late one") < html.index("Order parts a week ahead") < html.index("Closed one")
    assert "Bob&#x27;s" not in html and "Bob's" not in html
    assert "text-danger" in html


def test_marking_done_inline_swaps_the_row(in_org, team, crew, login, alice):
    run_session(team, crew[1], crew)
    action = Action.objects.get(text="Order parts a week ahead")
    response = login(alice).post(u("action_status", uuid=action.uuid), {"status": "done"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="action-{action.uuid}"' in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.closed_at is not None


def test_without_javascript_the_status_form_comes_back_to_the_page(in_org, team, crew, login, alice):
    run_session(team, crew[1], crew)
    action = Action.objects.get(text="Order parts a week ahead")
    response = login(alice).post(u("action_status", uuid=action.uuid), {"status": "dropped", "next": u("my_actions")})
    assert response.status_code == 302 and response["Location"] == u("my_actions")
    assert Action.objects.get(pk=action.pk).status == ActionStatus.DROPPED


def test_a_bad_status_is_refused_with_a_message(in_org, team, crew, login, alice):
    run_session(team, crew[1], crew)
    action = Action.objects.get(text="Order parts a week ahead")
    response = login(alice).post(u("action_status", uuid=action.uuid), {"status": "maybe"}, HTTP_HX_REQUEST="true")
    assert 'role="alert"' in response.content.decode()
    assert Action.objects.get(pk=action.pk).status == ActionStatus.OPEN


def test_editing_an_action_changes_owner_and_due_date(in_org, team, crew, login, alice):
    run_session(team, crew[1], crew)
    action = Action.objects.get(text="Order parts a week ahead")
    client = login(alice)
    assert client.get(u("action_edit", uuid=action.uuid)).status_code == 200
    response = client.post(u("action_edit", uuid=action.uuid), {
        "text": "Order parts two weeks ahead", "owner": str(crew[2].uuid), "due_date": "2027-01-15",
        "status": "open"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.text, action.owner, str(action.due_date)) == ("Order parts two weeks ahead", crew[2], "2027-01-15")


def test_an_empty_or_oversized_action_is_refused(in_org, team, crew, login, alice):
    run_session(team, crew[1], crew)
    action = Action.objects.get(text="Order parts a week ahead")
    client = login(alice)
    for text in ("   ", "x" * 301):
        response = client.post(u("action_edit", uuid=action.uuid), {"text": text, "owner": "", "due_date": "",
                                                                      "status": "open"})
        assert response.status_code == 200
        assert "is-invalid" in response.content.decode()
    assert Action.objects.get(pk=action.pk).text == "Order parts a week ahead"


def test_an_owner_outside_the_team_is_refused(in_org, team, crew, login, alice, carol):
    run_session(team, crew[1], crew)
    action = Action.objects.get(text="Order parts a week ahead")
    response = login(alice).post(u("action_edit", uuid=action.uuid), {
        "text": "Order parts", "owner": str(carol.uuid), "due_date": "", "status": "open"})
    assert response.status_code == 200
    assert Action.objects.get(pk=action.pk).owner == alice


def test_team_actions_filter_by_status_and_cost_fixed_queries(in_org, team, crew, login, alice,
                                                              django_assert_max_num_queries):
    session = run_session(team, crew[1], crew)
    for n in range(6):
        Action.objects.create(organisation=team.organisation, team=team, session=session, text=f"Thing {n}",
                              owner=crew[n % 5], status=ActionStatus.DONE if n % 2 else ActionStatus.OPEN)
    client = login(alice)
    with django_assert_max_num_queries(12):
        page = client.get(u("team_actions", uuid=team.uuid))
    assert page.content.decode().count('class="list-group-item"') == 7
    with django_assert_max_num_queries(12):
        done = client.get(u("team_actions", uuid=team.uuid) + "?status=done", HTTP_HX_REQUEST="true")
    assert done.content.decode().count('class="list-group-item"') == 3
    with django_assert_max_num_queries(12):
        client.get(u("my_actions"))


def test_outsiders_cannot_see_or_change_actions(in_org, team, crew, login, charlie, carol):
    run_session(team, crew[1], crew)
    action = Action.objects.get(text="Order parts a week ahead")
    assert login(charlie).get(u("action_edit", uuid=action.uuid)).status_code == 404
    assert login(charlie).post(u("action_status", uuid=action.uuid), {"status": "done"}).status_code == 404
    assert login(charlie).get(u("team_actions", uuid=team.uuid)).status_code == 404
    assert login(carol).get(u("action_edit", uuid=action.uuid)).status_code == 403
    assert login(carol).post(u("action_status", uuid=action.uuid), {"status": "done"}).status_code == 403
    assert Action.objects.get(pk=action.pk).status == ActionStatus.OPEN


def test_my_actions_cost_the_same_queries_for_one_action_or_many(in_org, team, crew, login, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    session = run_session(team, crew[1], crew)
    client = login(alice)
    client.get(u("my_actions"))
    with CaptureQueriesContext(connection) as one:
        client.get(u("my_actions"))
    for n in range(5):
        Action.objects.create(organisation=team.organisation, team=team, session=session, text=f"Mine {n}",
                              owner=alice, status=ActionStatus.DONE if n % 2 else ActionStatus.OPEN,
                              closed_at=timezone.now() if n % 2 else None)
    with CaptureQueriesContext(connection) as many:
        client.get(u("my_actions"))
    assert len(many) == len(one)
