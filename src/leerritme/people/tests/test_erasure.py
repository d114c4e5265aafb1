"""Erasure: a deactivated person's personal data is removed in one transaction, logged, and only once."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.learning.services import learning_event_record
from leerritme.notifications.models import Notification
from leerritme.notifications.services import notify
from leerritme.orgs.models import Person
from leerritme.people import erasure
from leerritme.people.erasure import person_erase, register_erasure_handler
from leerritme.people.models import ErasureRecord, PersonSkill, Skill
from leerritme.people.services.admin import person_deactivate, person_reactivate


@pytest.fixture
def handlers_restored():
    saved = dict(erasure._handlers)
    yield
    erasure._handlers.clear()
    erasure._handlers.update(saved)


@pytest.fixture
def alice_with_data(org, alice, team):
    with scope(organisation=org):
        learning_event_record(person=alice, kind=LearningKind.ARTICLE_WRITTEN, title="Shared",
                              visibility=Visibility.TEAM, team=team)
        learning_event_record(person=alice, kind=LearningKind.OTHER, title="Private")
        skill = Skill.objects.create(organisation=org, name="Excel")
        PersonSkill.objects.create(organisation=org, person=alice, skill=skill, level=2)
        notify(alice, "people.added_to_team", {"team": team.name})
    return alice


def _deactivated(person, actor):
    with scope(organisation=person.organisation):
        return person_deactivate(actor=actor, person=person)


def test_erasing_removes_the_personal_data_and_logs_it(org, carol, alice_with_data, bob):
    alice = _deactivated(alice_with_data, carol)
    with scope(organisation=org):
        record = person_erase(actor=carol, person=alice)
        assert record.counts["learning.events"] == 2
        assert record.counts["people.skills"] == 1
        assert record.counts["notifications"] >= 1
        assert not LearningEvent.objects.filter(person=alice).exists()
        assert not PersonSkill.objects.filter(person=alice).exists()
        assert not Notification.objects.filter(person=alice).exists()
        assert record.erased_by == carol and record.total == sum(record.counts.values())
        # Bob's own data is untouched; Alice's person stays as "a former colleague".
        assert Person.objects.get(pk=alice.pk).display_name in ("a former colleague", "een oud-collega")


def test_only_a_deactivated_person_can_be_erased_and_only_once(org, carol, alice):
    with scope(organisation=org):
        with pytest.raises(ValidationError) as error:
            person_erase(actor=carol, person=alice)
        assert error.value.code == "active"
        person_deactivate(actor=carol, person=alice)
        person_erase(actor=carol, person=alice)
        with pytest.raises(ValidationError) as error:
            person_erase(actor=carol, person=alice)
        assert error.value.code == "erased"
        with pytest.raises(ValidationError) as error:
            person_reactivate(actor=carol, person=alice)
        assert error.value.code == "erased"


def test_a_failing_handler_erases_nothing(org, carol, alice_with_data, handlers_restored):
    alice = _deactivated(alice_with_data, carol)

    @register_erasure_handler("broken")
    def broken(person):
        raise RuntimeError("disk full")

    with scope(organisation=org), pytest.raises(RuntimeError):
        person_erase(actor=carol, person=alice)
    with scopes_disabled():
        assert LearningEvent.objects.filter(person=alice).count() == 2
        assert not ErasureRecord.objects.exists()


def test_parts_register_their_own_handlers(org, carol, alice, handlers_restored):
    seen = []
    register_erasure_handler("test.part")(lambda person: seen.append(person.pk) or 3)
    alice = _deactivated(alice, carol)
    with scope(organisation=org):
        record = person_erase(actor=carol, person=alice)
    assert seen == [alice.pk] and record.counts["test.part"] == 3


def test_the_admin_page_asks_first_then_erases(login, org, carol, alice_with_data):
    alice = _deactivated(alice_with_data, carol)
    client = login(carol)
    url = reverse("people:admin_person_erase", kwargs={"org": org.slug, "uuid": alice.uuid})
    page = client.get(url)
    assert page.status_code == 200 and b'method="post"' in page.content
    with scopes_disabled():
        assert LearningEvent.objects.filter(person=alice).count() == 2
    response = client.post(url, follow=True)
    assert response.status_code == 200
    with scopes_disabled():
        assert ErasureRecord.objects.filter(person=alice).exists()
        assert not LearningEvent.objects.filter(person=alice).exists()
    assert "erased" in response.content.decode() or "gewist" in response.content.decode()


def test_an_active_person_is_not_erased_from_the_page(login, org, carol, alice):
    client = login(carol)
    url = reverse("people:admin_person_erase", kwargs={"org": org.slug, "uuid": alice.uuid})
    assert client.get(url).status_code == 302
    client.post(url)
    with scopes_disabled():
        assert not ErasureRecord.objects.exists()


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_members_and_leads_cannot_erase(request, login, org, carol, alice, who):
    person = request.getfixturevalue(who)
    _deactivated(alice, carol) if who == "bob" else None
    target = alice
    client = login(person)
    url = reverse("people:admin_person_erase", kwargs={"org": org.slug, "uuid": target.uuid})
    assert client.post(url).status_code in (403, 404)
    with scopes_disabled():
        assert not ErasureRecord.objects.exists()
