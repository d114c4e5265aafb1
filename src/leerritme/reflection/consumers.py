"""The live board over a WebSocket: one connection per open board in a browser.

On connect the consumer resolves the organisation, the person and the session inside the organisation's
scope and refuses (close code 4403) anyone the `reflection.join` rule refuses. It then sends the person's
board state, relays the board's events personalised for that person (others' card texts stay hidden until
the reveal; vote counts of one's own dots only to oneself), and announces presence. Client messages
`{"op": "card.add", "ref": 7, ...}` call the same services as the HTTP views; each gets a reply with the
same `ref`.

Operations (fields): sync (tokens: {card uuid: edit token}), card.add (column, text, anonymous),
card.edit (card, version, text, token?), card.delete (card, token?), card.move (card, column? | group?),
group.create (column, title, cards?), group.rename (group, title), group.delete (group),
vote.cast / vote.withdraw (card | group), action.create (text, owner?, due_date?),
action.review (action, outcome), checkout.submit (quality, dynamics, word?), phase.set (phase, minutes?),
reveal, close. A reply is {"type": "reply", "ref", "op", "ok", ...}: on failure "error" (a message for the
person) and "errors" (per field), or "conflict" {"card": theirs, "yours": text} when a card changed meanwhile.

Messages to the browser: "state" (the whole board_state), "reply", "presence" ({"join": connection,
"person"} or {"leave": connection}), and the board's events, each with the session's "version":
card.added / card.updated / card.moved ("card"), card.deleted, votes ("target", "count"; "mine" and
"used" for the voter only), action.added / action.updated ("action"), checkout ("checkout": answered,
threshold, aggregate or null). Changes that touch much of the board (phase, reveal, groups, follow-up,
close) arrive as a fresh "state".
"""

import contextlib
import secrets
import uuid as uuid_module
from datetime import date

from channels.db import database_sync_to_async
from channels.exceptions import ChannelFull
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext
from django_scopes import scope

from leerritme.orgs.models import Organisation, Person
from leerritme.orgs.rules import can
from leerritme.reflection import live
from leerritme.reflection import services as board
from leerritme.reflection.models import Action, Card, CardGroup, ReflectionSession
from leerritme.reflection.selectors.board import board_state, checkout_summary, my_anonymous_cards, visible_text
from leerritme.reflection.services.board import card_payload

REFUSED = 4403
NOT_FOUND = 4404


def _errors(error: ValidationError) -> tuple[str, dict]:
    if hasattr(error, "error_dict"):
        fields = {field: [str(m) for e in errors for m in e.messages] for field, errors in error.error_dict.items()}
        return " ".join(m for messages in fields.values() for m in messages), fields
    return " ".join(str(m) for m in error.messages), {}


class BoardConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        kwargs = self.scope["url_route"]["kwargs"]
        self.organisation = self.person = self.session = None
        self.my_cards: set[str] = set()
        self.connection = secrets.token_hex(8)
        found = await self._resolve(kwargs["org"], kwargs["session"])
        # Accept first so the browser sees the close code and stops reconnecting.
        await self.accept()
        if found != "ok":
            await self.close(code=REFUSED if found == "refused" else NOT_FOUND)
            return
        self.group = live.group_name(self.session.uuid)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.send_json({"type": "state", "state": await self._state()})
        await self.channel_layer.group_send(self.group, {
            "type": "presence.join", "connection": self.connection, "channel": self.channel_name,
            "person": self._me()})

    async def send_json(self, content, close=False):
        try:
            await super().send_json(content, close=close)
        except RuntimeError as error:
            # The browser left while an event was on its way: the server refuses to send after the close.
            # The disconnect that follows still removes this connection from the board and its presence.
            if "websocket.close" not in str(error):
                raise

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_send(self.group, {"type": "presence.leave",
                                                             "connection": self.connection})
            await self.channel_layer.group_discard(self.group, self.channel_name)

    def _me(self) -> dict:
        return {"uuid": str(self.person.uuid), "name": self.person.display_name, "initials": self.person.initials}

    @database_sync_to_async
    def _resolve(self, org_slug: str, session_uuid: str) -> str:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return "refused"
        organisation = Organisation.objects.filter(slug=org_slug).first()
        if organisation is None:
            return "refused"
        with scope(organisation=organisation):
            person = Person.objects.filter(user=user, is_active=True).select_related("user").first()
            session = ReflectionSession.objects.select_related("team").filter(uuid=session_uuid).first()
            if person is None or session is None:
                # Another organisation's member, or a board that is not here: the same answer for both.
                return "refused"
            if not can(person, "reflection.join", session):
                return "refused"
            if not session.is_closed:
                board.session_join(session, person=person)
        self.organisation, self.person, self.session = organisation, person, session
        return "ok"

    @database_sync_to_async
    def _state(self) -> dict:
        with scope(organisation=self.organisation):
            return board_state(self.session, self.person, my_cards=self.my_cards)

    # --- Events from the board's group ---------------------------------------------------------------------

    async def board_event(self, message):
        event = dict(message["event"])
        kind = event["type"]
        if kind == "refresh":
            await self.send_json({"type": "state", "state": await self._state()})
            return
        me = str(self.person.uuid)
        if "card" in event and "text" in event["card"]:
            event["card"] = visible_text(event["card"], person_uuid=me, revealed=event["revealed"],
                                         mine=event["card"]["uuid"] in self.my_cards)
        if kind == "votes":
            voter = event.pop("voter")
            on_target, used = event.pop("voter_on_target"), event.pop("voter_used")
            if voter == me:
                event["mine"], event["used"] = on_target, used
        # Who answered the check-out goes to that person only (and never with what they answered).
        if event.pop("answered_by", None) == me:
            event["me_checked_out"] = True
        await self.send_json(event)

    async def presence_join(self, message):
        await self.send_json({"type": "presence", "join": message["connection"], "person": message["person"]})
        if message["connection"] == self.connection:
            return  # one's own arrival: shown as "you" in the list
        # Tell the newcomer that this connection is here too. Best effort: when many join at once the
        # newcomer's queue may be full, and a missing "here" must not end this connection.
        with contextlib.suppress(ChannelFull):
            await self.channel_layer.send(message["channel"], {
                "type": "presence.here", "connection": self.connection, "person": self._me()})

    async def presence_here(self, message):
        await self.send_json({"type": "presence", "join": message["connection"], "person": message["person"]})

    async def presence_leave(self, message):
        if message["connection"] != self.connection:
            await self.send_json({"type": "presence", "leave": message["connection"]})

    # --- Operations from the browser -----------------------------------------------------------------------

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or not isinstance(content.get("op"), str):
            await self.send_json({"type": "reply", "ok": False, "error": gettext("That message was not understood.")})
            return
        ref = content.get("ref")
        handler = getattr(self, "op_" + content["op"].replace(".", "_"), None)
        if handler is None:
            await self.send_json({"type": "reply", "ref": ref, "ok": False,
                                  "error": gettext("That message was not understood.")})
            return
        reply = await database_sync_to_async(self._run)(handler, content)
        await self.send_json({"type": "reply", "ref": ref, "op": content["op"], **reply})

    def _run(self, handler, content) -> dict:
        with scope(organisation=self.organisation), translation.override(self.person.user.language or None):
            try:
                # A fresh look at the session (its phase and reveal change under us) and at the person
                # (deactivated or removed from the team meanwhile: the rules refuse them from now on).
                self.session = ReflectionSession.objects.select_related("team").get(pk=self.session.pk)
                self.person = Person.objects.select_related("user").get(pk=self.person.pk)
                return {"ok": True, **(handler(content) or {})}
            except board.CardConflict as conflict:
                card = card_payload(conflict.card)
                return {"ok": False, "conflict": {
                    "card": visible_text(card, person_uuid=str(self.person.uuid), revealed=True, mine=True),
                    "yours": content.get("text", "")}}
            except ValidationError as error:
                message, fields = _errors(error)
                return {"ok": False, "error": message, "errors": fields}
            except PermissionDenied:
                return {"ok": False, "error": gettext("You may not do that on this board.")}
            except (ObjectDoesNotExist, ValueError, TypeError, KeyError):
                return {"ok": False, "error": gettext("That is no longer on the board.")}

    def _card(self, content) -> Card:
        return Card.objects.select_related("author", "group").get(session=self.session,
                                                                 uuid=uuid_module.UUID(str(content["card"])))

    def _group(self, content, key="group") -> CardGroup | None:
        if not content.get(key):
            return None
        return CardGroup.objects.get(session=self.session, uuid=uuid_module.UUID(str(content[key])))

    def _token(self, content) -> str | None:
        token = content.get("token")
        return token if isinstance(token, str) else None

    def _member(self, value) -> Person | None:
        if not value:
            return None
        return Person.objects.select_related("user").get(uuid=uuid_module.UUID(str(value)))

    def op_sync(self, content):
        """Resync, showing which anonymous cards are this browser's (by their tokens)."""
        tokens = content.get("tokens")
        if isinstance(tokens, dict):
            self.my_cards |= my_anonymous_cards(self.session, tokens)
        return {"state": board_state(self.session, self.person, my_cards=self.my_cards)}

    def op_card_add(self, content):
        card, token = board.card_add(self.session, by=self.person, column=str(content.get("column", "")),
                                     text=str(content.get("text", "")), anonymous=bool(content.get("anonymous")))
        if token:
            self.my_cards.add(str(card.uuid))
        return {"card": str(card.uuid), "token": token}

    def op_card_edit(self, content):
        card = board.card_edit(self._card(content), by=self.person, text=str(content.get("text", "")),
                               expected_version=int(content["version"]), token=self._token(content))
        return {"card": str(card.uuid), "version": card.version}

    def op_card_delete(self, content):
        board.card_delete(self._card(content), by=self.person, token=self._token(content))

    def op_card_move(self, content):
        board.card_move(self._card(content), by=self.person, column=content.get("column") or None,
                        group=self._group(content), position=content.get("position"))

    def op_group_create(self, content):
        cards = list(Card.objects.filter(session=self.session,
                                         uuid__in=[_uuid(c) for c in content.get("cards", []) if _uuid(c)]))
        group = board.group_create(self.session, by=self.person, column=str(content.get("column", "")),
                                   title=str(content.get("title", "")), cards=cards)
        return {"group": str(group.uuid)}

    def op_group_rename(self, content):
        board.group_rename(self._group(content), by=self.person, title=str(content.get("title", "")))

    def op_group_delete(self, content):
        board.group_delete(self._group(content), by=self.person)

    def op_vote_cast(self, content):
        card = self._card(content) if content.get("card") else None
        board.vote_cast(self.session, by=self.person, card=card, group=self._group(content))

    def op_vote_withdraw(self, content):
        card = self._card(content) if content.get("card") else None
        board.vote_withdraw(self.session, by=self.person, card=card, group=self._group(content))

    def op_action_create(self, content):
        due = date.fromisoformat(content["due_date"]) if content.get("due_date") else None
        action = board.action_create(self.session, by=self.person, text=str(content.get("text", "")),
                                     owner=self._member(content.get("owner")), due_date=due)
        return {"action": str(action.uuid)}

    def op_action_review(self, content):
        action = Action.objects.get(team_id=self.session.team_id, uuid=_uuid(content.get("action")))
        board.action_review(self.session, by=self.person, action=action, outcome=str(content.get("outcome", "")))

    def op_checkout_submit(self, content):
        board.checkout_submit(self.session, by=self.person, quality=content.get("quality"),
                              dynamics=content.get("dynamics"), word=str(content.get("word", "")))
        return {"checkout": checkout_summary(self.session)}

    def op_phase_set(self, content):
        minutes = content.get("minutes")
        board.session_phase_set(self.session, by=self.person, phase=str(content.get("phase", "")),
                                minutes=int(minutes) if minutes not in (None, "") else None)

    def op_reveal(self, content):
        board.session_reveal(self.session, by=self.person)

    def op_close(self, content):
        board.session_close(self.session, by=self.person)


def _uuid(value):
    try:
        return uuid_module.UUID(str(value))
    except ValueError:
        return None

