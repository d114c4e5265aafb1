"""The demo's knowledge base: about sixty Dutch articles, questions with answers, past and coming sessions,
three communities, and the demo logins see it on their home page."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_scopes import scope

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
from leerritme.knowledge.search import search
from leerritme.learning.models import LearningEvent, LearningKind
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
