"""The daily due work that keeps every rhythm planned 13 months ahead."""

from datetime import date, timedelta

import pytest
from django_scopes import scope, scopes_disabled

from leerritme.practices.horizon import extend_occurrences_due
from leerritme.practices.models import AdoptionStatus, Occurrence, Rhythm
from leerritme.practices.recurrence import Cadence
from leerritme.practices.tests.test_rhythm_services import NOW, make_adoption, weekly
from leerritme.scheduler.registry import registered_due_work


def count(rhythm):
    with scopes_disabled():
        return Occurrence.objects.filter(rhythm=rhythm).count()


def latest(rhythm):
    with scopes_disabled():
        return Occurrence.objects.filter(rhythm=rhythm).order_by("-start").first().start


@pytest.fixture
def rhythms(org, other_org, team, bob, charlie):
    """An open-ended weekly rhythm in each organisation."""
    from leerritme.orgs.models import Team

    with scope(organisation=org):
        ours = weekly(make_adoption(org, team), bob).rhythm
    with scopes_disabled():
        theirs_team = Team.objects.create(organisation=other_org, name="Elders")
    with scope(organisation=other_org):
        theirs = weekly(make_adoption(other_org, theirs_team), charlie).rhythm
    return ours, theirs


def test_it_is_registered_as_daily_due_work():
    (work,) = [w for w in registered_due_work() if w.name == "practices.extend_occurrences"]
    assert work.every == timedelta(days=1)


def test_it_extends_every_organisations_rhythms_a_month_later(rhythms, django_capture_on_commit_callbacks):
    ours, theirs = rhythms
    before = count(ours)
    later = NOW + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert extend_occurrences_due(later) == 2
    assert count(ours) == count(theirs) == before + 4
    assert latest(ours) > later + timedelta(days=390)
    with scopes_disabled():
        assert Rhythm.objects.get(pk=ours.pk).generated_until >= later + timedelta(days=395)


def test_running_twice_adds_nothing(rhythms, django_capture_on_commit_callbacks):
    ours, _theirs = rhythms
    later = NOW + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        extend_occurrences_due(later)
    after_first = count(ours)
    with django_capture_on_commit_callbacks(execute=True):
        assert extend_occurrences_due(later) == 0  # nothing short of the horizon any more
    with scopes_disabled():
        Rhythm.objects.filter(pk=ours.pk).update(generated_until=None)
    with django_capture_on_commit_callbacks(execute=True):
        extend_occurrences_due(later)  # forced again: still no duplicates
    assert count(ours) == after_first


def test_it_leaves_stopped_practices_and_ended_rhythms_alone(org, team, bob, django_capture_on_commit_callbacks):
    with scope(organisation=org):
        stopped = weekly(make_adoption(org, team, "Stopped"), bob).rhythm
        ended = weekly(make_adoption(org, team, "Ended"), bob, until=date(2026, 5, 1)).rhythm
        dates = weekly(make_adoption(org, team, "Dates"), bob, cadence=Cadence.DATES, weekdays=(),
                       dates=(NOW.replace(tzinfo=None) + timedelta(days=3),)).rhythm
    with scopes_disabled():
        stopped.adoption.status = AdoptionStatus.STOPPED
        stopped.adoption.save(update_fields=["status"])
    counts = [count(r) for r in (stopped, ended, dates)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert extend_occurrences_due(NOW + timedelta(days=60)) == 0
    assert callbacks == []
    assert [count(r) for r in (stopped, ended, dates)] == counts
