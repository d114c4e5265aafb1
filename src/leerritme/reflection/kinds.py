"""This part's registrations with the shared kinds seam."""

from django.utils.translation import gettext_lazy as _

from leerritme.notifications.kinds import NotificationKind, register_kind
from leerritme.reflection.reminders import ACTION_DUE_KIND, action_due_email_context
from leerritme.reflection.tasks import SUMMARY_KIND

# After a session closed (tasks.send_summaries). The summary itself is e-mailed to whoever asked for it on
# the board or the summary page, so this note stays in the app unless someone turns its e-mail on.
register_kind(NotificationKind(
    SUMMARY_KIND, _("The summary of a reflection I took part in"), email_by_default=False,
))
# Before an action's due date, to its owner (reminders.py, scheduled in due.py).
register_kind(NotificationKind(
    ACTION_DUE_KIND, _("Reminders before an action I own is due"),
    email_context=action_due_email_context,
    help_text=_("Two days before the due date, once per action."),
))
