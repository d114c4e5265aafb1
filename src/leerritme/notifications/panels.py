"""This part's registrations with the shared panels seam."""

from leerritme.lib.panels import HomePanel, register_panel
from leerritme.notifications.selectors import notifications_for, unread_count

SHOWN = 5


def unread_notifications(request) -> dict | None:
    """The newest unread notifications, or nothing at all when everything is read."""
    person = getattr(request, "person", None)
    if person is None:
        return None
    items = list(notifications_for(person).filter(read_at__isnull=True)[:SHOWN])
    if not items:
        return None
    count = unread_count(person) if len(items) == SHOWN else len(items)
    return {"items": items, "count": count}


register_panel(HomePanel(
    name="notifications.unread",
    template="notifications/panel.html",
    context=unread_notifications,
    order=5,
))
