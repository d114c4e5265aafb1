"""The registry of notification kinds: each part registers the kinds it sends.

A kind has a label (shown on the preferences page), whether e-mail is on by default, and the
templates that render its title and message: `notifications/kinds/<code>.txt` whose first line is
the title and the rest the message, rendered in the recipient's language.
"""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NotificationKind:
    code: str
    label: str | Promise
    email_by_default: bool = True


_kinds: dict[str, NotificationKind] = {}


def register_kind(kind: NotificationKind) -> NotificationKind:
    _kinds[kind.code] = kind
    return kind


def get_kind(code: str) -> NotificationKind:
    try:
        return _kinds[code]
    except KeyError:
        raise KeyError(f"Unknown notification kind {code!r}: register it in notifications.kinds") from None


def registered_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda k: k.code)


def unregister_kind(code: str) -> None:
    """Withdraw a kind (tests register their own and clean up after themselves)."""
    _kinds.pop(code, None)
