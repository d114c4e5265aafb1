"""This part's registrations with the shared due seam."""

from datetime import timedelta

from leerritme.reflection.reminders import action_reminders_due
from leerritme.scheduler.registry import DueWork, register_due_work

# Owners hear about their actions two days before the due date; hourly is on time to within the hour.
register_due_work(DueWork("reflection.action_reminders", timedelta(hours=1), action_reminders_due))
