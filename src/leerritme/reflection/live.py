"""The live board's wire: every write service broadcasts one event to the session's channel group
after its transaction commits, and each connected consumer personalises it for its person.

Events are plain JSON. The channel layer carries card texts (each consumer hides what its person may
not see yet) but never the author of an anonymous card: that is not known to the server after writing.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

# The message type consumers handle (`board_event`), and the one for presence.
EVENT = "board.event"


def group_name(session_uuid) -> str:
    return f"reflection.{getattr(session_uuid, 'hex', str(session_uuid).replace('-', ''))}"


def send_now(session_uuid, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(group_name(session_uuid), {"type": EVENT, "event": event})


def broadcast(session, event: dict) -> None:
    """Send `event` to everyone on the board once the current transaction commits (never a rolled-back one)."""
    event = {**event, "version": session.version, "revealed": session.revealed}
    session_uuid = session.uuid
    transaction.on_commit(lambda: send_now(session_uuid, event))
