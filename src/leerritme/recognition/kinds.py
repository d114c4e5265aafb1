"""This part's registrations with the notification kinds seam."""

from django.utils.translation import gettext_lazy as _

from leerritme.notifications.kinds import NotificationKind, register_kind

register_kind(NotificationKind("recognition.kudos", _("Kudos a colleague gave me")))
register_kind(NotificationKind("recognition.badge", _("A badge I earned")))
register_kind(NotificationKind("recognition.congratulated", _("Colleagues congratulating me on a milestone"),
                               email_by_default=False))
