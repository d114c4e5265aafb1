"""The live board's WebSocket consumer, driven with Channels' WebsocketCommunicator on the in-memory layer."""

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.test import override_settings
from django_scopes import scope, scopes_disabled

from leerritme.reflection.consumers import REFUSED
from leerritme.reflection.models import Card, Phase
from leerritme.reflection.routing import websocket_urlpatterns
from leerritme.reflection.services import session_phase_set, session_start
from leerritme.reflection.tests.board_fixtures import *  # noqa: F403 (fixtures)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("in_memory_layer"),
]


@pytest.fixture
def in_memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def board(org, team, bob, alice):
    with scope(organisation=org):
        return session_start(team=team, by=bob, format="retrospective", template_key="went_well")


def connect(person, session, org_slug="vonk"):
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns),
                                         f"/ws/o/{org_slug}/reflection/{session.uuid}/")
    communicator.scope["user"] = person.user
    return communicator


async def next_of(communicator, kind, timeout=3):
    """The next message of this type, skipping presence and other chatter."""
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message


async def op(communicator, **message):
    await communicator.send_json_to(message)
    return await next_of(communicator, "reply")


def run(coroutine):
    async_to_sync(coroutine)()


def test_a_member_gets_the_board_state_on_connect(board, alice):
    async def scenario():
        ws = connect(alice, board)
        connected, _ = await ws.connect()
        assert connected
        state = (await next_of(ws, "state"))["state"]
        assert state["session"]["uuid"] == str(board.uuid)
        assert [c["key"] for c in state["columns"]] == ["went_well", "better", "actions"]
        assert state["me"]["can_facilitate"] is False
        await ws.disconnect()

    run(scenario)


@pytest.mark.parametrize("who", ["carol", "dave", "charlie"])
def test_outsiders_are_refused_with_4403(board, who, request):
    person = request.getfixturevalue(who)

    async def scenario():
        ws = connect(person, board, org_slug=person.organisation.slug)
        await ws.connect()
        closed = await ws.receive_output(timeout=3)
        assert closed == {"type": "websocket.close", "code": REFUSED}

    run(scenario)


def test_charlie_cannot_reach_the_board_through_our_organisation_either(board, charlie):
    async def scenario():
        ws = connect(charlie, board, org_slug="vonk")
        await ws.connect()
        assert (await ws.receive_output(timeout=3))["code"] == REFUSED

    run(scenario)


def test_anonymous_visitors_are_refused(board):
    from django.contrib.auth.models import AnonymousUser

    async def scenario():
        ws = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/o/vonk/reflection/{board.uuid}/")
        ws.scope["user"] = AnonymousUser()
        await ws.connect()
        assert (await ws.receive_output(timeout=3))["code"] == REFUSED

    run(scenario)


def test_a_card_reaches_others_hidden_until_the_reveal(board, alice, bob):
    async def scenario():
        facilitator, member = connect(bob, board), connect(alice, board)
        await facilitator.connect()
        await next_of(facilitator, "state")
        await member.connect()
        await next_of(member, "state")
        reply = await op(member, op="card.add", ref=1, column="went_well", text="Short standups")
        assert reply["ok"] and reply["ref"] == 1 and reply["token"] is None
        seen_by_bob = await next_of(facilitator, "card.added")
        assert seen_by_bob["card"]["hidden"] and seen_by_bob["card"]["text"] == ""
        assert seen_by_bob["card"]["author"]["name"] == "Alice de Vries"
        seen_by_alice = await next_of(member, "card.added")
        assert seen_by_alice["card"]["text"] == "Short standups" and seen_by_alice["card"]["mine"]
        assert (await op(facilitator, op="reveal"))["ok"]
        state = (await next_of(member, "state"))["state"]
        assert state["session"]["revealed"]
        bobs = (await next_of(facilitator, "state"))["state"]
        assert bobs["cards"][0]["text"] == "Short standups"
        await facilitator.disconnect()
        await member.disconnect()

    run(scenario)


def test_anonymous_cards_travel_without_an_author(board, alice, bob):
    async def scenario():
        facilitator, member = connect(bob, board), connect(alice, board)
        for ws in (facilitator, member):
            await ws.connect()
            await next_of(ws, "state")
        reply = await op(member, op="card.add", column="better", text="Too many meetings", anonymous=True)
        token = reply["token"]
        assert token
        theirs = await next_of(facilitator, "card.added")
        assert theirs["card"]["author"] is None and theirs["card"]["anonymous"]
        mine = await next_of(member, "card.added")
        assert mine["card"]["mine"] and mine["card"]["text"] == "Too many meetings"
        await member.disconnect()
        # A new connection knows the card is hers only when her browser shows the token.
        again = connect(alice, board)
        await again.connect()
        assert (await next_of(again, "state"))["state"]["cards"][0]["hidden"]
        synced = await op(again, op="sync", tokens={reply["card"]: token})
        assert synced["state"]["cards"][0]["text"] == "Too many meetings"
        assert (await op(again, op="card.edit", card=reply["card"], version=1, text="Fewer meetings",
                         token=token))["ok"]
        await again.disconnect()
        await facilitator.disconnect()

    run(scenario)
    with scopes_disabled():
        card = Card.objects.get()
    assert card.author_id is None and card.text == "Fewer meetings"


def test_a_second_editor_gets_both_texts_to_choose_from(board, alice, bob):
    async def scenario():
        facilitator, member = connect(bob, board), connect(alice, board)
        for ws in (facilitator, member):
            await ws.connect()
            await next_of(ws, "state")
        card = (await op(member, op="card.add", column="went_well", text="Deploys went fine"))["card"]
        await op(facilitator, op="reveal")
        assert (await op(facilitator, op="card.edit", card=card, version=1, text="Deploys went fine, mostly"))["ok"]
        clash = await op(member, op="card.edit", card=card, version=1, text="Deploys went smoothly")
        assert not clash["ok"]
        assert clash["conflict"]["card"]["text"] == "Deploys went fine, mostly"
        assert clash["conflict"]["yours"] == "Deploys went smoothly"
        chosen = await op(member, op="card.edit", card=card, version=clash["conflict"]["card"]["version"],
                          text="Deploys went smoothly")
        assert chosen["ok"] and chosen["version"] == 3
        for ws in (facilitator, member):
            await ws.disconnect()

    run(scenario)


def test_votes_show_counts_to_all_and_votes_left_to_the_voter(board, org, alice, bob):
    with scope(organisation=org):
        from leerritme.reflection.services import card_add

        card, _ = card_add(board, by=alice, column="went_well", text="Pairing")
        session_phase_set(board, by=bob, phase=Phase.VOTE)

    async def scenario():
        facilitator, member = connect(bob, board), connect(alice, board)
        for ws in (facilitator, member):
            await ws.connect()
            await next_of(ws, "state")
        assert (await op(member, op="vote.cast", card=str(card.uuid)))["ok"]
        mine = await next_of(member, "votes")
        assert mine["count"] == 1 and mine["mine"] == 1 and mine["used"] == 1 and "voter" not in mine
        theirs = await next_of(facilitator, "votes")
        assert theirs["count"] == 1 and "mine" not in theirs and "voter" not in theirs
        for _ in range(2):
            await op(member, op="vote.cast", card=str(card.uuid))
        refused = await op(member, op="vote.cast", card=str(card.uuid))
        assert not refused["ok"] and refused["error"]
        for ws in (facilitator, member):
            await ws.disconnect()

    run(scenario)


def test_bad_input_gets_a_message_and_changes_nothing(board, alice):
    async def scenario():
        ws = connect(alice, board)
        await ws.connect()
        await next_of(ws, "state")
        for message in ({"op": "card.add", "column": "went_well", "text": "  "},
                        {"op": "card.add", "column": "went_well", "text": "x" * 501},
                        {"op": "card.add", "column": "nope", "text": "x"},
                        {"op": "card.edit", "card": "not-a-uuid", "version": 1, "text": "x"},
                        {"op": "reveal"},
                        {"op": "explode"}):
            reply = await op(ws, **message)
            assert reply["ok"] is False and reply["error"]
        await ws.send_json_to(["not", "an", "object"])
        assert (await next_of(ws, "reply"))["ok"] is False
        await ws.disconnect()

    run(scenario)
    with scopes_disabled():
        assert not Card.objects.exists()


def test_presence_shows_who_is_here(board, alice, bob):
    async def scenario():
        facilitator = connect(bob, board)
        await facilitator.connect()
        await next_of(facilitator, "state")
        assert (await next_of(facilitator, "presence"))["person"]["name"] == "Bob Jansen"  # himself
        member = connect(alice, board)
        await member.connect()
        joined = await next_of(facilitator, "presence")
        assert joined["person"]["name"] == "Alice de Vries"
        names = {(await next_of(member, "presence"))["person"]["name"] for _ in range(2)}
        assert names == {"Alice de Vries", "Bob Jansen"}
        await member.disconnect()
        left = await next_of(facilitator, "presence")
        assert left["leave"] == joined["join"]
        await facilitator.disconnect()

    run(scenario)


def test_a_reconnecting_participant_gets_the_current_state(board, org, alice, bob):
    async def scenario():
        member = connect(alice, board)
        await member.connect()
        first = (await next_of(member, "state"))["state"]
        await member.disconnect()
        await database_sync_to_async(_meanwhile)(org, board, alice, bob)
        member = connect(alice, board)
        await member.connect()
        state = (await next_of(member, "state"))["state"]
        assert state["version"] > first["version"]
        assert state["session"]["phase"] == Phase.GROUP
        assert [c["text"] for c in state["cards"]] == ["While away"]
        await member.disconnect()

    run(scenario)


def _meanwhile(org, board, alice, bob):
    from leerritme.reflection.services import card_add, session_reveal

    with scope(organisation=org):
        card_add(board, by=bob, column="went_well", text="While away")
        session_reveal(board, by=bob)
        session_phase_set(board, by=bob, phase=Phase.GROUP)


def test_the_check_out_aggregate_arrives_once_three_answered(board, org, alice, bob, erik):
    org.anonymity_threshold = 3
    org.save()
    with scope(organisation=org):
        session_phase_set(board, by=bob, phase=Phase.CHECKOUT)

    async def scenario():
        sockets = [connect(p, board) for p in (alice, bob, erik)]
        for ws in sockets:
            await ws.connect()
            await next_of(ws, "state")
        for i, ws in enumerate(sockets):
            reply = await op(ws, op="checkout.submit", quality=4, dynamics=3 + (i % 2), word="")
            assert reply["ok"]
            event = await next_of(sockets[0], "checkout")
            assert event["checkout"]["answered"] == i + 1
            assert (event["checkout"]["aggregate"] is None) == (i < 2)
            assert "answered_by" not in event
        assert event["checkout"]["aggregate"]["quality"] == 4.0
        for ws in sockets:
            await ws.disconnect()

    run(scenario)


def test_the_whole_stack_checks_the_origin_and_reads_the_login_cookie(board, alice, client):
    from leerritme.asgi import application

    client.force_login(alice.user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()

    async def scenario():
        foreign = WebsocketCommunicator(application, f"/ws/o/vonk/reflection/{board.uuid}/",
                                        headers=[(b"origin", b"https://evil.example"), (b"cookie", cookie),
                                                 (b"host", b"localhost")])
        connected, _ = await foreign.connect()
        assert not connected
        ours = WebsocketCommunicator(application, f"/ws/o/vonk/reflection/{board.uuid}/",
                                     headers=[(b"origin", b"http://localhost"), (b"cookie", cookie),
                                              (b"host", b"localhost")])
        connected, _ = await ours.connect()
        assert connected
        assert (await next_of(ours, "state"))["state"]["me"]["name"] == "Alice de Vries"
        await ours.disconnect()

    with override_settings(ALLOWED_HOSTS=["localhost"]):
        run(scenario)


def test_events_of_one_board_stay_on_that_board(board, org, team, alice, bob):
    with scope(organisation=org):
        other = session_start(team=team, by=bob, format="round")

    async def scenario():
        here, there = connect(alice, board), connect(alice, other)
        for ws in (here, there):
            await ws.connect()
            await next_of(ws, "state")
            await next_of(ws, "presence")  # her own arrival
        await op(here, op="card.add", column="went_well", text="Only here")
        await next_of(here, "card.added")
        assert await there.receive_nothing(timeout=0.3)
        for ws in (here, there):
            await ws.disconnect()

    run(scenario)
