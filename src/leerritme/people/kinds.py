"""This part's registrations with the shared kinds seam."""

from django.utils.translation import gettext_lazy as _

from leerritme.notifications.kinds import NotificationKind, register_kind

INVITATION_ACCEPTED = register_kind(
    NotificationKind("people.invitation_accepted", _("Someone accepted your invitation"))
)
ADDED_TO_TEAM = register_kind(NotificationKind("people.added_to_team", _("Added to a team")))
