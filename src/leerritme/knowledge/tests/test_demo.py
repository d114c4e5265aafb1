"""The demo's knowledge base: about sixty Dutch articles, questions with answers, past and coming sessions,
three communities, and the demo logins see it on their home page."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from leerritme.knowledge.kinds import SPEAKER_CLAIMED
from leerritme.knowledge.models import (
    Article,
    Community,
    KnowledgeSession,
    Question,
    SearchEntry,
    SessionSeries,
    SessionStatus,
    SignupStatus,
)
from leerritme.knowledge.planning import plan_series_sessions, series_sessions_due
from leerritme.knowledge.search import search
from leerritme.learning.models import LearningEvent, LearningKind
from leerritme.notifications.models import Notification
from leerritme.orgs.models import DemoPart, Organisation, Person


@pytest.fixture
def demo(db):
    call_command("demo", "-v0", stdout=StringIO())
    return Organisation.objects.get(slug="demo")


@pytest.fixture
def in_demo(demo):
    with scope(organisation=demo):
        yield demo


def person(local: str) -> Person:
    return Person.objects.select_related("user").get(user__email=f"{local}@demo.leerritme.nl")


def test_a_lived_in_knowledge_base(in_demo):
    """Sixty Dutch articles, questions with answers, past and coming sessions, three communities."""
    # the part ran with sixty dutch articles
    assert DemoPart.objects.filter(name="knowledge.base").exists()
    assert 55 <= Article.objects.filter(status="published").count() <= 65
    offerte = Article.objects.get(title="Zo maak je een offerte")
    assert "klant" in offerte.body and offerte.skills.exists()
    assert Article.objects.filter(status="draft").exists()
    assert Article.objects.filter(visibility="team").exists()
    assert Article.objects.filter(version__gt=1).exists()
    assert LearningEvent.objects.filter(kind=LearningKind.ARTICLE_WRITTEN).exists()
    # questions have answers and some are still open
    assert Question.objects.count() >= 15
    assert Question.objects.filter(accepted_answer__isnull=False).exists()
    assert Question.objects.filter(answer_count=0).exists()
    # past and coming sessions with attendance and a waiting list
    held = KnowledgeSession.objects.filter(status=SessionStatus.HELD)
    assert held.count() >= 10
    assert held.filter(signups__attended=True).exists() and held.exclude(notes="").exists()
    coming = KnowledgeSession.objects.filter(status=SessionStatus.PLANNED)
    assert coming.count() >= 5
    assert coming.filter(signups__status=SignupStatus.WAITING).exists()
    assert coming.filter(signups__person=person("medewerker")).exists()
    assert SessionSeries.objects.exists()
    assert LearningEvent.objects.filter(kind=LearningKind.SESSION_GIVEN).exists()
    # three communities with moderators and members
    communities = Community.objects.all()
    assert communities.count() == 3
    for community in communities:
        assert community.memberships.filter(role="moderator").exists()
        assert community.memberships.count() > 3
    # the demo member finds the offerte instruction
    assert SearchEntry.objects.count() > 60
    hits = search(person("medewerker"), "offertes").hits
    assert "Zo maak je een offerte" in [hit.title for hit in hits]


def test_the_demo_series_plan_their_own_sessions(in_demo):
    """Every running series has a first session, so the demo shows planned sessions and the daily due work
    keeps planning; a colleague has claimed some, others still want a speaker."""
    running = SessionSeries.objects.filter(ended_at__isnull=True)
    assert running.filter(team__isnull=False).count() >= 2
    assert not running.filter(first_starts_at__isnull=True).exists()
    planned = KnowledgeSession.objects.filter(series__in=running, series_slot__isnull=False,
                                              status=SessionStatus.PLANNED, starts_at__gt=timezone.now())
    assert planned.filter(speaker__isnull=True).exists()
    assert planned.filter(speaker__isnull=False).exists()
    # A series that had sessions by hand goes on after its last one, not on top of them.
    for series in running:
        by_hand = series.sessions.filter(series_slot__isnull=True).order_by("-starts_at").first()
        if by_hand is not None:
            assert series.first_starts_at > by_hand.starts_at
    # The organisation's own lunch & learn is a series of its own, not a team's.
    assert running.filter(team__isnull=True, title="Lunch & learn Van der Linden").exists()
    # Nobody holds a session on a weekend, whatever day the demo is made.
    assert {timezone.localtime(moment).weekday()
            for moment in KnowledgeSession.objects.values_list("starts_at", flat=True)} <= {0, 1, 2, 3, 4}
    # The organisers heard who will present.
    assert Notification.objects.filter(kind=SPEAKER_CLAIMED).exists()
    # The scheduler's due work finds the demo and plans the next sessions as time goes by.
    later = timezone.now() + timedelta(weeks=4)
    with scopes_disabled():
        assert series_sessions_due(later) == 1
    assert plan_series_sessions.call(in_demo.pk, later.isoformat()) >= running.count()


def test_the_demo_logins_see_their_panels_and_a_second_run_adds_nothing(demo, client):
    with scope(organisation=demo):
        member, lead = person("medewerker"), person("teamleider")
    client.force_login(member.user)
    page = client.get(f"/o/{demo.slug}/").content.decode()
    assert 'id="panel-knowledge"' in page
    client.force_login(lead.user)
    page = client.get(f"/o/{demo.slug}/").content.decode()
    assert 'id="panel-questions-for-me"' in page
    # running it again adds nothing
    with scope(organisation=demo):
        before = Article.objects.count()
    call_command("demo", "-v0", stdout=StringIO())
    with scope(organisation=demo):
        assert Article.objects.count() == before
