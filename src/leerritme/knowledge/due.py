"""This part's registrations with the scheduler seam."""

from datetime import timedelta

from leerritme.knowledge.reviews import review_reminders_due
from leerritme.scheduler.registry import DueWork, register_due_work

# Owners hear when an article is due for a review (once per article and due date).
register_due_work(DueWork("knowledge.review_reminders", timedelta(hours=1), review_reminders_due))

# --- Series (their sessions planned some weeks ahead) ---------------------------------------------------
from leerritme.knowledge.planning import series_sessions_due  # noqa: E402

register_due_work(DueWork("knowledge.series_sessions", timedelta(days=1), series_sessions_due))
