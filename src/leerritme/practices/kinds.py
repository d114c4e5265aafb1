"""This part's registrations with the shared kinds seam."""

from django.utils.translation import gettext_lazy as _

from leerritme.notifications.kinds import NotificationKind, register_kind
from leerritme.practices.digest import DIGEST_KIND, digest_email_context
from leerritme.practices.reminders import REMINDER_KIND, reminder_email_context

# Proposals of practices to teams (services/adoption.py).
register_kind(NotificationKind("practices.proposed", _("A practice proposed to a team I lead")))
register_kind(NotificationKind("practices.proposal_answered", _("A team's answer to a practice I proposed")))

# Reminders and the weekly digest (scheduled in due.py).
register_kind(NotificationKind(
    REMINDER_KIND, _("Reminders before my teams' learning moments"),
    email_context=reminder_email_context,
    help_text=_("Sent as long before each learning moment as you choose above."),
))
register_kind(NotificationKind(
    DIGEST_KIND, _("Weekly digest: my learning rhythm this week"),
    email_template="practices/email/digest", email_context=digest_email_context,
    help_text=_("Only when the weekly digest is on."),
))
