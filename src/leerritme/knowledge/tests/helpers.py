"""Shared set-up for the knowledge tests: skills, articles, questions, sessions and communities in a few lines."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from leerritme.knowledge.models import ArticleVisibility
from leerritme.knowledge.services.articles import ArticleInput, article_create
from leerritme.knowledge.services.communities import community_create
from leerritme.knowledge.services.questions import question_ask
from leerritme.knowledge.services.sessions import SessionInput, session_create
from leerritme.people.models import PersonSkill, Skill


def skill(org, name="Offertes maken") -> Skill:
    with scope(organisation=org):
        return Skill.objects.get_or_create(organisation=org, name=name)[0]


def give_skill(person, found: Skill, *, level=3, can_teach=True) -> PersonSkill:
    with scope(organisation=person.organisation):
        return PersonSkill.objects.create(organisation=person.organisation, person=person, skill=found, level=level,
                                          can_teach=can_teach)


def article(owner, title="Zo maak je een offerte", body="Een offerte begint bij de klant.", *, publish=True,
            visibility=ArticleVisibility.ORGANISATION, team=None, skills=(), co_authors=()):
    with scope(organisation=owner.organisation):
        return article_create(owner=owner, publish=publish, values=ArticleInput(
            title=title, body=body, visibility=visibility, team=team, skills=tuple(skills),
            co_authors=tuple(co_authors)))


def question(asker, title="Hoe reken ik de marge in een offerte?", body="", skills=()):
    with scope(organisation=asker.organisation):
        return question_ask(asker=asker, title=title, body=body, skills=list(skills))


def session(created_by, title="Lunch & learn: warmtepompen", *, days=3, capacity=None, speaker=None, series=None):
    with scope(organisation=created_by.organisation):
        return session_create(created_by=created_by, values=SessionInput(
            title=title, starts_at=timezone.now() + timedelta(days=days), duration_minutes=45, capacity=capacity,
            speaker=speaker, location="Kantine", series=series))


def community(creator, name="Warmtepompen", purpose="Samen beter worden in warmtepompen."):
    with scope(organisation=creator.organisation):
        return community_create(creator=creator, name=name, purpose=purpose)


def url(name, obj=None, **kwargs):
    org = kwargs.pop("org", None) or obj.organisation
    if obj is not None:
        kwargs.setdefault("uuid", obj.uuid)
    return reverse(f"knowledge:{name}", kwargs={"org": org.slug, **kwargs})


@pytest.fixture
def english(login):
    """Log in speaking English, so the assertions read the English source strings."""

    def as_person(person):
        person.user.language = "en"
        person.user.save(update_fields=["language"])
        return login(person)

    return as_person
