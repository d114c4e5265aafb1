"""This part's registrations with the notification kinds seam."""

from django.utils.translation import gettext_lazy as _

from leerritme.notifications.kinds import NotificationKind, register_kind

QUESTION_FOR_YOU = "knowledge.question_for_you"
ANSWERED = "knowledge.answered"
ANSWER_ACCEPTED = "knowledge.answer_accepted"
REVIEW_DUE = "knowledge.review_due"
SESSION_PLACE = "knowledge.session_place"
SESSION_CHANGED = "knowledge.session_changed"
COMMUNITY_INVITED = "knowledge.community_invited"
SPEAKER_ASKED = "knowledge.speaker_asked"
SPEAKER_CLAIMED = "knowledge.speaker_claimed"

register_kind(NotificationKind(QUESTION_FOR_YOU, _("A question about a skill I can teach")))
register_kind(NotificationKind(ANSWERED, _("An answer to my question")))
register_kind(NotificationKind(ANSWER_ACCEPTED, _("My answer helped the one who asked"), email_by_default=False))
register_kind(NotificationKind(REVIEW_DUE, _("An article of mine is due for a review")))
register_kind(NotificationKind(SESSION_PLACE, _("A place at a knowledge session came free for me")))
register_kind(NotificationKind(SESSION_CHANGED, _("A knowledge session I signed up for changed or was cancelled")))
register_kind(NotificationKind(SPEAKER_ASKED, _("I am asked to present at a knowledge session")))
register_kind(NotificationKind(SPEAKER_CLAIMED, _("A colleague will present a session of a series I organise")))
register_kind(NotificationKind(COMMUNITY_INVITED, _("An invitation to a community of practice")))
