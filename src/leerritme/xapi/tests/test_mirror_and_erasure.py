"""Leerritme's own learning as statements, outside learning linked to the person, and erasure."""

import json

import pytest
from django_scopes import scope

from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import learning_event_record, learning_events_remove_for
from leerritme.xapi import mirror, selectors
from leerritme.xapi.models import Document, PersonAccount, Statement, StatementKey
from leerritme.xapi.tests.conftest import statement

pytestmark = pytest.mark.django_db


def _record(person, visibility=Visibility.ORGANISATION, obj=None, kind=LearningKind.COURSE_COMPLETED, **kwargs):
    with scope(organisation=person.organisation):
        return learning_event_record(person=person, kind=kind, title="Warmtepompen installeren",
                                     visibility=visibility, obj=obj, minutes=90, **kwargs)


def test_shared_learning_becomes_a_statement_with_an_opaque_account(alice, lrs):
    event = _record(alice)
    body = lrs.get("statements", {"statementId": mirror.statement_id_for(event)}).json()
    assert body["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert body["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/course"
    assert body["result"] == {"duration": "PT90M"}
    with scope(organisation=alice.organisation):
        account = PersonAccount.objects.get(person=alice)
    assert body["actor"]["account"]["name"] == account.name
    text = json.dumps(body)
    assert "alice" not in text.lower() and "Vries" not in text


def test_every_kind_has_a_verb_and_activity_type():
    from leerritme.xapi.vocabulary import VERB_LABELS

    assert set(mirror.KINDS) == set(LearningKind.values)
    for verb, activity_type in mirror.KINDS.values():
        assert verb in mirror.VERBS and activity_type.startswith("http")
    # Every verb Leerritme itself uses reads in the reader's language on its own pages.
    assert {verb_id for verb_id, _display in mirror.VERBS.values()} <= set(VERB_LABELS)


def test_private_learning_is_never_mirrored(alice, org):
    _record(alice, visibility=Visibility.PRIVATE)
    with scope(organisation=org):
        assert Statement.objects.count() == 0


def test_team_learning_is_mirrored(alice, team, org):
    _record(alice, visibility=Visibility.TEAM, team=team, kind=LearningKind.SESSION_ATTENDED)
    with scope(organisation=org):
        assert Statement.objects.get().verb_id == "http://adlnet.gov/expapi/verbs/attended"


def test_withdrawn_learning_is_voided(alice, team, org, lrs):
    event = _record(alice, obj=team)
    with scope(organisation=org):
        learning_events_remove_for(team)
    statement_id = mirror.statement_id_for(event)
    assert lrs.get("statements", {"statementId": statement_id}).status_code == 404
    assert lrs.get("statements", {"voidedStatementId": statement_id}).status_code == 200


def test_many_events_cost_a_constant_number_of_queries(alice, bob, org, django_assert_max_num_queries):
    from leerritme.learning.services import learning_events_record_many

    def batch(count):
        return [{"person": alice if number % 2 else bob, "kind": LearningKind.LESSON_SHARED, "title": f"Les {number}",
                 "visibility": Visibility.ORGANISATION} for number in range(count)]

    with scope(organisation=org):
        learning_events_record_many(batch(2))
        with django_assert_max_num_queries(20):
            learning_events_record_many(batch(300))
        assert Statement.objects.count() == 302


def test_outside_learning_is_linked_by_e_mail(alice, bob, lrs, org, django_assert_num_queries):
    lrs.post("statements", statement(actor={"mbox": "mailto:alice@vonk.test"}))
    lrs.post("statements", statement(actor={"mbox": "mailto:Bob@vonk.test"}))
    _record(alice)  # Leerritme's own mirror is not "outside" learning
    with scope(organisation=org):
        with django_assert_num_queries(1):
            found = selectors.outside_learning_for(alice)
        assert [item["activity_name"] for item in found] == ["Course 1"]
        assert found[0]["tool"] == "Academy" and found[0]["verb_display"] == "afgerond"  # Dutch, the default
        lrs.post("statements", [statement(actor={"mbox": "mailto:alice@vonk.test"}) for _ in range(20)])
        lrs.post("statements", statement(actor={"mbox_sha1sum": _sha1("mailto:alice@vonk.test")}))
        with django_assert_num_queries(1):
            assert len(selectors.outside_learning_for(alice)) == 22
        assert len(selectors.outside_learning_for(bob)) == 1
        assert selectors.outside_learning_for(alice, since=_future()) == []
        # A Group that happens to use her address is a group, not her (Communication 2.1.3).
        lrs.post("statements", statement(actor={"objectType": "Group", "mbox": "mailto:alice@vonk.test"}))
        assert len(selectors.outside_learning_for(alice)) == 22


def _sha1(text):
    import hashlib

    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def _future():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() + timedelta(days=1)


def test_erasure_purges_statements_and_documents(alice, bob, carol, org, lrs):
    from leerritme.people.erasure import person_erase
    from leerritme.people.services.admin import person_deactivate

    _record(alice)
    _record(bob)
    lrs.post("statements", statement(actor={"mbox": "mailto:alice@vonk.test"}))
    lrs.post("statements", statement(context={"instructor": {"mbox": "mailto:alice@vonk.test"}}))
    team = {"objectType": "Group", "member": [{"mbox": "mailto:alice@vonk.test"}, {"mbox": "mailto:x@vonk.test"}]}
    lrs.post("statements", statement(actor=team))  # a member of the actor Group: a key row of its own kind
    # A Group identified by her address (its column key is marked as a Group's) names her too.
    lrs.post("statements", statement(object={"objectType": "Group", "mbox": "mailto:alice@vonk.test"}))
    lrs.put("agents/profile", {"x": 1}, params={"agent": json.dumps({"mbox": "mailto:alice@vonk.test"}),
                                                "profileId": "p"})
    with scope(organisation=org):
        person_deactivate(actor=carol, person=alice)
        record = person_erase(actor=carol, person=alice)
        assert record.counts["xapi.statements"] >= 6
        remaining = list(Statement.objects.values_list("body", flat=True))
        assert len(remaining) == 1  # bob's mirrored learning
        assert "alice" not in json.dumps(remaining)
        assert not StatementKey.objects.filter(key__contains="alice").exists()
        assert not Document.objects.exists()
        assert not PersonAccount.objects.filter(person=alice).exists()


def test_the_record_page_shows_outside_learning_in_the_readers_language(alice, lrs, login, org):
    """Tools mostly send their verbs' display in English only; a Dutch page still reads Dutch."""
    passed = {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"en-US": "passed"}}
    lrs.post("statements", statement(actor={"mbox": "mailto:alice@vonk.test"}, verb=passed, object={
        "id": "https://academy.example/veiligheid", "definition": {"name": {"en-US": "Safety at height",
                                                                           "nl-NL": "Veilig werken op hoogte"}}}))
    page = login(alice)
    html = page.get(f"/o/{org.slug}/growth/record/").content.decode()
    assert "Gehaald: Veilig werken op hoogte" in html
    assert "passed" not in html.lower() and "Safety at height" not in html
    alice.user.language = "en"
    alice.user.save(update_fields=["language"])
    html = page.get(f"/o/{org.slug}/growth/record/").content.decode()
    assert "Passed: Safety at height" in html
