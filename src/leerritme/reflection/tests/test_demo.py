"""The demo's year of reflection: sessions of held reflection moments, cards, actions, a check-out trend."""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope

from leerritme.learning.models import LearningEvent, LearningKind
from leerritme.orgs.models import Organisation, Person, Team
from leerritme.practices.models import Occurrence, OccurrenceStatus, PracticePart
from leerritme.reflection.models import (
    Action,
    ActionReview,
    ActionStatus,
    Card,
    CheckOutAnswered,
    CheckOutResponse,
    Phase,
    ReflectionSession,
)
from leerritme.reflection.selectors.trends import organisation_trends, team_trend


@pytest.fixture
def demo_db(db):
    call_command("demo", "-v0", stdout=StringIO())
    organisation = Organisation.objects.get(slug="demo")
    with scope(organisation=organisation):
        yield organisation


def test_every_team_with_a_reflection_practice_has_a_year_of_closed_sessions(demo_db):
    now = timezone.now()
    held = Occurrence.objects.filter(status=OccurrenceStatus.HELD,
                                     rhythm__adoption__practice__part=PracticePart.REFLECTION)
    teams = set(held.values_list("rhythm__adoption__team_id", flat=True))
    sessions = ReflectionSession.objects.all()
    assert set(sessions.values_list("team_id", flat=True)) == teams
    assert not sessions.exclude(phase=Phase.CLOSED).exists()
    assert sessions.order_by("created_at").first().created_at < now - timedelta(days=300)
    # Each session is the record of the occurrence it was held in.
    session = sessions.select_related("occurrence").first()
    assert session.occurrence.record_id == str(session.pk)
    assert sessions.count() == held.count()

    # Cards, actions and follow-up look lived in.
    assert Card.objects.filter(anonymous=True, author__isnull=False).count() == 0
    assert Card.objects.filter(anonymous=True).exists() and Card.objects.filter(group__isnull=False).exists()
    statuses = Counter(Action.objects.values_list("status", flat=True))
    assert statuses[ActionStatus.DONE] > statuses[ActionStatus.DROPPED] > 0
    overdue = Action.objects.filter(status=ActionStatus.OPEN, due_date__lt=timezone.localdate())
    assert overdue.exists()
    assert ActionReview.objects.exists()
    assert CheckOutAnswered.objects.count() == CheckOutResponse.objects.count()


def test_the_checkout_trend_goes_up_and_some_sessions_stay_hidden(demo_db):
    found = organisation_trends(demo_db)
    scored = [m.quality for m in found.months if m.quality is not None]
    assert len(scored) >= 10
    assert sum(scored[-3:]) / 3 > sum(scored[:3]) / 3
    team = Team.objects.filter(reflection_sessions__isnull=False).first()
    points = team_trend(team)
    assert any(p.quality is None for p in points) or len(points) < 10
    assert any(p.quality is not None for p in points)


def test_the_demo_logins_have_their_reflections_in_their_record_and_nothing_is_added_twice(demo_db):
    lead = Person.objects.get(user__email="teamleider@demo.leerritme.nl")
    assert LearningEvent.objects.filter(kind=LearningKind.REFLECTION_HELD, person=lead,
                                        content_type__model="reflectionsession").exists()
    before = ReflectionSession.objects.count()
    call_command("demo", "-v0", stdout=StringIO())
    assert ReflectionSession.objects.count() == before
