"""This part's registrations with the shared kinds seam."""

from django.utils.translation import gettext_lazy as _

from leerritme.notifications.kinds import NotificationKind, register_kind

register_kind(NotificationKind("growth.request_to_decide", _("A learning request waiting for my decision")))
register_kind(NotificationKind("growth.request_decided", _("The decision on my learning request")))
register_kind(NotificationKind(
    "growth.transfer_reminder", _("Four weeks after a course: how is applying it going?"),
))
register_kind(NotificationKind(
    "growth.nudge", _("Reminders about unused learning budget"),
    help_text=_("At most one a month, with new offers that fit you. Switching e-mail off here stops them "
                "altogether; you can also switch them off on your budget page."),
))
