"""Migration 0004: Group actors and objects stored before get marked column keys, so an Agent filter no longer
finds a Group with the same identifier and a Group filter finds it."""

import json
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_scopes import scopes_disabled

from leerritme.xapi.models import Statement
from leerritme.xapi.tests.conftest import statement

pytestmark = pytest.mark.django_db

ALICE = {"objectType": "Agent", "mbox": "mailto:alice@example.com"}
GROUP = {"objectType": "Group", "name": "Alice's team", "mbox": "mailto:alice@example.com"}

migration = import_module("leerritme.xapi.migrations.0004_group_identity_keys")


def _as_before_0004():
    """Plain keys in the columns, as the store wrote them before."""
    with scopes_disabled():
        for row in Statement.objects.filter(actor_key__startswith="group|"):
            Statement.objects.filter(pk=row.pk).update(actor_key=row.actor_key.removeprefix("group|"))
        for row in Statement.objects.filter(object_agent_key__startswith="group|"):
            Statement.objects.filter(pk=row.pk).update(object_agent_key=row.object_agent_key.removeprefix("group|"))


def _migrate():
    state = MigrationLoader(connection).project_state(("xapi", "0004_group_identity_keys"))
    migration.forwards(state.apps, connection.schema_editor())


def ids_of(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["statements"]}


def test_old_group_statements_are_told_from_the_agent_after_the_migration(lrs):
    agent_actor = lrs.post("statements", statement(actor=ALICE)).json()[0]
    group_actor = lrs.post("statements", statement(actor=GROUP)).json()[0]
    group_object = lrs.post("statements", statement(object=GROUP)).json()[0]
    _as_before_0004()
    alice, group = {"agent": json.dumps(ALICE)}, {"agent": json.dumps(GROUP)}
    assert ids_of(lrs.get("statements", alice)) == {agent_actor, group_actor, group_object}  # as before

    _migrate()
    _migrate()  # a second run changes nothing

    assert ids_of(lrs.get("statements", alice)) == {agent_actor}
    assert ids_of(lrs.get("statements", group)) == {group_actor, group_object}
    with scopes_disabled():
        assert Statement.objects.get(statement_id=group_actor).actor_key == "group|mbox:mailto:alice@example.com"
        assert Statement.objects.get(statement_id=agent_actor).actor_key == "mbox:mailto:alice@example.com"
