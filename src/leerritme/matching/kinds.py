"""This part's registrations with the shared kinds seam."""

from django.utils.translation import gettext_lazy as _

from leerritme.matching.services import (
    BUDDY_KIND,
    GROUPED_KIND,
    MATCH_ANSWERED_KIND,
    MATCH_PUBLISHED_KIND,
    REFLECT_KIND,
)
from leerritme.notifications.kinds import NotificationKind, register_kind

register_kind(NotificationKind(GROUPED_KIND, _("My new duo, circle or coffee partner"), email_by_default=True))
register_kind(NotificationKind(REFLECT_KIND, _("A round ends: what did we learn from each other?")))
register_kind(NotificationKind(MATCH_PUBLISHED_KIND, _("A coaching match proposed to me"), email_by_default=True))
register_kind(NotificationKind(MATCH_ANSWERED_KIND, _("An answer to my coaching match")))
register_kind(NotificationKind(BUDDY_KIND, _("A buddy for a newcomer"), email_by_default=True))
