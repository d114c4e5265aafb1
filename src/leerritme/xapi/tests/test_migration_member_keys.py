"""Migration 0003: statements stored before member key rows existed get them, so the agent filter finds them."""

import json
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_scopes import scopes_disabled

from leerritme.xapi.models import KeyKind, StatementKey
from leerritme.xapi.tests.conftest import statement

pytestmark = pytest.mark.django_db

ALICE = {"objectType": "Agent", "mbox": "mailto:alice@example.com"}
BOB = {"objectType": "Agent", "mbox": "mailto:bob@example.com"}
TEAM = {"objectType": "Group", "name": "Team", "member": [ALICE, BOB]}

migration = import_module("leerritme.xapi.migrations.0003_member_keys_for_stored_groups")


def _as_before_0002():
    """Member rows back to related-agent rows, as the store wrote them before."""
    with scopes_disabled():
        StatementKey.objects.filter(kind=KeyKind.MEMBER).update(kind=KeyKind.AGENT)


def _migrate():
    state = MigrationLoader(connection).project_state(("xapi", "0003_member_keys_for_stored_groups"))
    migration.forwards(state.apps, connection.schema_editor())


def ids_of(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["statements"]}


def test_old_group_statements_are_found_by_a_member_after_the_migration(lrs):
    as_actor = lrs.post("statements", statement(actor=TEAM)).json()[0]
    as_object = lrs.post("statements", statement(object=TEAM)).json()[0]
    in_context = lrs.post("statements", statement(context={"team": TEAM})).json()[0]
    lrs.post("statements", statement(actor=ALICE))
    _as_before_0002()
    bob = {"agent": json.dumps(BOB)}
    assert ids_of(lrs.get("statements", bob)) == set()  # what the filter gave old statements without the migration

    _migrate()
    _migrate()  # a second run changes nothing

    assert ids_of(lrs.get("statements", bob)) == {as_actor, as_object}
    assert ids_of(lrs.get("statements", {**bob, "related_agents": "true"})) == {as_actor, as_object, in_context}
    with scopes_disabled():
        kinds = sorted(StatementKey.objects.filter(statement_uuid=as_actor).values_list("kind", "key"))
    assert kinds == [(KeyKind.MEMBER, "mbox:mailto:alice@example.com"), (KeyKind.MEMBER, "mbox:mailto:bob@example.com")]
