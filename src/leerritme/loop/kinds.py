"""This part's registrations with the notification kinds seam."""

from django.utils.translation import gettext_lazy as _

from leerritme.notifications.kinds import NotificationKind, register_kind

register_kind(NotificationKind("loop.experiment_evaluate", _("An experiment of mine ended: time to evaluate it")))
register_kind(NotificationKind("loop.lesson_consent",
                               _("A lesson I am involved in is chosen as lesson of the month: do I agree?")))
register_kind(NotificationKind("loop.idea_decided", _("The decision on my improvement idea"),
                               email_by_default=False))
