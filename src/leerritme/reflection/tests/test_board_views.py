"""The board's pages: starting a session, the board (and its partial), and its plain-form operations."""

from datetime import timedelta

import pytest
from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from leerritme.reflection.models import Action, Card, CheckOutResponse, Phase, ReflectionSession
from leerritme.reflection.services import card_add, card_edit, session_phase_set, session_reveal, session_start
from leerritme.reflection.tests.board_fixtures import *  # noqa: F403 (fixtures)


def start_url(team):
    return reverse("reflection:start", kwargs={"org": "vonk", "uuid": team.uuid})


def board_url(session):
    return reverse("reflection:board", kwargs={"org": "vonk", "uuid": session.uuid})


def do_url(session):
    return reverse("reflection:board_do", kwargs={"org": "vonk", "uuid": session.uuid})


def test_a_member_starts_a_retrospective_and_lands_on_its_board(login, team, alice):
    client = login(alice)
    assert client.get(start_url(team)).status_code == 200
    response = client.post(start_url(team), {"format": "retrospective", "board": "sailboat", "title": "Sprint 3",
                                             "votes_per_person": 4, "allow_anonymous": "on"})
    with scopes_disabled():
        session = ReflectionSession.objects.get()
    assert response.status_code == 302 and response["Location"] == board_url(session)
    assert session.template_key == "sailboat" and session.votes_per_person == 4 and session.facilitator == alice
    assert [c["key"] for c in session.columns] == ["wind", "anchors", "rocks", "island"]


def test_a_project_evaluation_asks_for_the_project(login, team, alice):
    response = login(alice).post(start_url(team), {"format": "evaluation", "board": "pizza", "votes_per_person": 3})
    assert response.status_code == 200
    assert "project_name" in response.context["form"].errors
    with scopes_disabled():
        assert not ReflectionSession.objects.exists()


def test_only_the_team_starts_its_sessions(login, team, carol, charlie):
    assert login(carol).get(start_url(team)).status_code == 403
    assert login(charlie).get(start_url(team)).status_code == 404


def test_a_meeting_of_the_rhythm_opens_one_board_for_everyone(login, in_org, team, alice, bob):
    from leerritme.practices.tests.scheduling import weekly

    _rhythm, [occurrence] = weekly(team, first=timezone.now() - timedelta(minutes=5))
    url = reverse("reflection:start_occurrence", kwargs={"org": "vonk", "uuid": occurrence.uuid})
    client = login(bob)
    assert client.get(url).status_code == 200
    response = client.post(url, {"format": "round", "board": "round", "votes_per_person": 3})
    session = ReflectionSession.objects.get()
    assert session.occurrence == occurrence and response["Location"] == board_url(session)
    # Alice following the same meeting's link joins the running board instead of starting a second.
    assert login(alice).get(url)["Location"] == board_url(session)


def test_charlie_gets_404_for_a_meeting_of_another_organisation(login, in_org, team, charlie):
    from leerritme.practices.tests.scheduling import weekly

    _rhythm, [occurrence] = weekly(team, first=timezone.now())
    url = reverse("reflection:start_occurrence", kwargs={"org": "vonk", "uuid": occurrence.uuid})
    assert login(charlie).get(url).status_code == 404


def test_the_board_hides_others_cards_until_the_reveal(login, retro, alice, bob):
    card_add(retro, by=bob, column="went_well", text="Bobs secret thought")
    page = login(alice).get(board_url(retro))
    assert page.status_code == 200
    assert b"Bobs secret thought" not in page.content
    assert f'data-ws="/ws/o/vonk/reflection/{retro.uuid}/"'.encode() in page.content
    session_reveal(retro, by=bob)
    assert b"Bobs secret thought" in login(alice).get(board_url(retro)).content


def test_outsiders_cannot_read_the_board(login, retro, carol, dave, charlie):
    assert login(carol).get(board_url(retro)).status_code == 403
    assert login(dave).get(board_url(retro)).status_code == 403
    assert login(charlie).get(board_url(retro)).status_code == 404
    assert login(charlie).post(do_url(retro), {"op": "card.add", "column": "went_well", "text": "x"}).status_code == 404


def test_the_board_partial_has_a_fixed_number_of_queries(login, retro, alice, bob, erik,
                                                         django_assert_max_num_queries):
    for person in (alice, bob, erik):
        for i in range(4):
            card_add(retro, by=person, column=["went_well", "better"][i % 2], text=f"Card {i} of {person}")
    session_reveal(retro, by=bob)
    session_phase_set(retro, by=bob, phase=Phase.VOTE)
    client = login(alice)
    client.get(board_url(retro))
    with django_assert_max_num_queries(18):
        response = client.get(board_url(retro), headers={"HX-Request": "true"})
    assert response.status_code == 200 and b'id="board"' in response.content
    assert response.content.count(b'class="board-card') == 12


def test_cards_are_added_without_javascript(login, retro, alice):
    client = login(alice)
    response = client.post(do_url(retro), {"op": "card.add", "column": "better", "text": "Less meetings"})
    assert response.status_code == 302
    with scopes_disabled():
        assert Card.objects.get().author == alice


@pytest.mark.parametrize("text", ["", "  ", "x" * 501])
def test_empty_or_oversized_cards_get_a_message(login, retro, alice, text):
    client = login(alice)
    response = client.post(do_url(retro), {"op": "card.add", "column": "better", "text": text}, follow=True)
    assert response.status_code == 200
    assert [m.level for m in response.context["messages"]] == [messages.ERROR]
    with scopes_disabled():
        assert not Card.objects.exists()


def test_a_conflicting_edit_shows_both_texts(login, retro, alice, bob):
    card, _ = card_add(retro, by=alice, column="went_well", text="First")
    session_reveal(retro, by=bob)
    card_edit(card, by=bob, text="Bob's version", expected_version=1)
    response = login(alice).post(do_url(retro), {"op": "card.edit", "card": card.uuid, "version": 1,
                                                 "text": "Alice's version"})
    assert response.status_code == 409
    assert b"Bob&#x27;s version" in response.content and b"Alice&#x27;s version" in response.content


def test_actions_and_the_check_out_work_without_javascript(login, org, retro, alice, bob):
    client = login(alice)
    session_phase_set(retro, by=bob, phase=Phase.ACTIONS)
    client.post(do_url(retro), {"op": "action.create", "text": "Write the runbook", "owner": alice.uuid,
                                "due_date": "2030-01-31"})
    session_phase_set(retro, by=bob, phase=Phase.CHECKOUT)
    client.post(do_url(retro), {"op": "checkout.submit", "quality": 4, "dynamics": 5, "word": "helder"})
    with scopes_disabled():
        assert Action.objects.get().owner == alice
        assert CheckOutResponse.objects.get().word == "helder"
    assert b'id="checked-out"' in client.get(board_url(retro)).content


def test_only_the_facilitator_changes_the_phase(login, retro, alice, bob):
    login(alice).post(do_url(retro), {"op": "phase.set", "phase": "vote"})
    retro.refresh_from_db()
    assert retro.phase == Phase.WRITE
    login(bob).post(do_url(retro), {"op": "phase.set", "phase": "vote", "minutes": 5})
    retro.refresh_from_db()
    assert retro.phase == Phase.VOTE and retro.phase_ends_at


def test_an_unknown_operation_is_not_found(login, retro, alice):
    assert login(alice).post(do_url(retro), {"op": "explode"}).status_code == 404


def test_the_next_session_shows_the_open_action_in_follow_up(login, org, team, retro, alice, bob):
    from leerritme.reflection.services import action_create, session_close

    with scope(organisation=org):
        action_create(retro, by=bob, text="Automate the release notes", owner=alice)
        session_close(retro, by=bob)
        following = session_start(team=team, by=bob, format="round")
    page = login(alice).get(board_url(following))
    assert b'id="followup"' in page.content and b"Automate the release notes" in page.content


def test_the_start_form_suggests_the_format_of_the_meetings_practice(login, in_org, team, bob):
    from leerritme.practices.tests.scheduling import make_practice, weekly

    practice = make_practice(team.organisation, key="retrospective", name_en="Retrospective",
                             name_nl="Retrospectief")
    _rhythm, [occurrence] = weekly(team, practice, first=timezone.now())
    url = reverse("reflection:start_occurrence", kwargs={"org": "vonk", "uuid": occurrence.uuid})
    form = login(bob).get(url).context["form"]
    assert form.initial["format"] == "retrospective" and form.initial["board"] == "went_well"
    assert login(bob).get(start_url(team) + "?format=evaluation").context["form"].initial["board"] == "pizza"


@pytest.mark.parametrize("key,fmt,board", [
    ("lessons-from-mistakes", "retrospective", "kolb"), ("how-we-learn", "retrospective", "4l"),
    ("check-out", "round", "round"), ("project-evaluation", "evaluation", "pizza"),
])
def test_the_start_form_uses_the_board_the_practice_was_adopted_with(login, in_org, team, bob, key, fmt, board):
    """One table (reflection/parts.py) decides the board of a practice, for adopting and for starting."""
    from leerritme.practices.tests.scheduling import make_practice, weekly

    practice = make_practice(team.organisation, key=key, name_en=key, name_nl=key)
    _rhythm, [occurrence] = weekly(team, practice, first=timezone.now())
    url = reverse("reflection:start_occurrence", kwargs={"org": "vonk", "uuid": occurrence.uuid})
    form = login(bob).get(url).context["form"]
    assert (form.initial["format"], form.initial["board"]) == (fmt, board)


def test_the_facilitator_moves_on_to_the_next_phase_in_one_step(login, retro, bob, alice):
    page = login(bob).get(board_url(retro))
    assert b'id="next-phase"' in page.content and b'name="phase" value="group"' in page.content
    assert b'id="next-phase"' not in login(alice).get(board_url(retro)).content


def test_the_meeting_page_of_a_reflection_practice_opens_its_board(login, in_org, team, alice, carol):
    from leerritme.practices.tests.scheduling import make_practice, weekly

    practice = make_practice(team.organisation)
    practice.part = "reflection"
    practice.save(update_fields=["part"])
    _rhythm, [occurrence] = weekly(team, practice, first=timezone.now() + timedelta(hours=1))
    page = reverse("practices:occurrence", kwargs={"org": "vonk", "uuid": occurrence.uuid})
    start = reverse("reflection:start_occurrence", kwargs={"org": "vonk", "uuid": occurrence.uuid})
    assert f'href="{start}"' in login(alice).get(page).content.decode()
    # An L&D admin outside the team reads the meeting but does not get a board to open.
    assert f'href="{start}"' not in login(carol).get(page).content.decode()
