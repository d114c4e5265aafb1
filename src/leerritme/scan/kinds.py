"""This part's registrations with the notification-kinds seam."""

from django.utils.translation import gettext_lazy as _

from leerritme.notifications.kinds import NotificationKind, register_kind

register_kind(NotificationKind("scan.invited", _("A survey is waiting for my answers")))
register_kind(NotificationKind("scan.reminder", _("A reminder before a survey I have not answered closes")))
