"""This part runs the "knowledge" practices (lunch & learn, knowledge session) of the way of learning.

Adopting such a practice creates a session series for the team here, and the lead is sent to it to
plan the first session; stopping the practice ends the series. A session of the series that took
place marks the day's occurrence of the team's rhythm (when it has one) as held.
"""

from django.urls import reverse

from leerritme.knowledge.models import SessionKind, SessionSeries
from leerritme.knowledge.services.sessions import series_create, series_end
from leerritme.practices.parts import register_part_handler


def start_series(adoption) -> str:
    practice = adoption.practice
    series = series_create(
        organiser=adoption.owner or adoption.proposed_by, organisation_id=adoption.organisation_id,
        title=f"{practice.name} – {adoption.team.name}", kind=SessionKind.LUNCH_AND_LEARN,
        description=adoption.purpose or practice.purpose, interval_weeks=2, team=adoption.team, adoption=adoption,
    )
    return reverse("knowledge:series", kwargs={"org": adoption.organisation.slug, "uuid": series.uuid})


def stop_series(adoption) -> None:
    for series in SessionSeries.objects.filter(adoption=adoption, ended_at__isnull=True):
        series_end(series=series)


register_part_handler("knowledge", start_series, stop=stop_series)
