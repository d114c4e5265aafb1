"""The registry of notification kinds: each part registers the kinds it sends.

A kind has a label (shown on the preferences page), whether e-mail is on by default, and the
templates that render its title and message: `notifications/kinds/<code>.txt` whose first line is
the title and the rest the message, rendered in the recipient's language.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NotificationKind:
    code: str
    label: str | Promise
    email_by_default: bool = True
    # A kind with more to say than a title and a message (a digest) has its own e-mail templates: the
    # prefix of `<prefix>_subject.txt`, `<prefix>.txt` and `<prefix>.html`. `email_context(notification)`
    # adds to (or overrides, e.g. the button's label) the e-mail's context, in the recipient's language.
    # Either way it is sent by the one notification e-mail task, so it gets the same once-only claim,
    # quiet hours and preferences.
    email_template: str = ""
    email_context: Callable[..., dict] | None = None
    help_text: str | Promise = ""


_kinds: dict[str, NotificationKind] = {}


def register_kind(kind: NotificationKind) -> NotificationKind:
    _kinds[kind.code] = kind
    return kind


def get_kind(code: str) -> NotificationKind:
    try:
        return _kinds[code]
    except KeyError:
        raise KeyError(f"Unknown notification kind {code!r}: register it in notifications.kinds") from None


def find_kind(code: str) -> NotificationKind | None:
    """The kind, or None when it is no longer registered (a stored notification may outlive its kind)."""
    return _kinds.get(code)


def registered_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda k: k.code)


def unregister_kind(code: str) -> None:
    """Withdraw a kind (tests register their own and clean up after themselves)."""
    _kinds.pop(code, None)
