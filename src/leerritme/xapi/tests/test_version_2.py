"""xAPI 2.0 (IEEE 9274.1.1) differences, chosen by X-Experience-API-Version: 2.0.0."""

import pytest

from leerritme.xapi.tests.conftest import make_lrs, new_id, statement

pytestmark = pytest.mark.django_db

MBOX = {"mbox": "mailto:mentor@example.com"}


@pytest.fixture
def lrs2(client, org):
    return make_lrs(client, org, name="Modern tool", version="2.0.0")


def test_responses_say_2_0_and_statements_get_version_2(lrs2):
    statement_id = lrs2.post("statements", statement(timestamp="2025-03-01T10:00:00+01:00")).json()[0]
    response = lrs2.get("statements", {"statementId": statement_id})
    assert response["X-Experience-API-Version"] == "2.0.0"
    assert response.json()["version"] == "2.0.0"
    assert response["Last-Modified"]


def test_context_agents_and_groups_are_accepted_and_related(lrs2):
    context = {"contextAgents": [{"objectType": "contextAgent", "agent": MBOX,
                                  "relevantTypes": ["https://example.com/roles/mentor"]}]}
    statement_id = lrs2.post("statements", statement(context=context)).json()[0]
    import json

    found = lrs2.get("statements", {"agent": json.dumps(MBOX), "related_agents": "true"}).json()["statements"]
    assert [item["id"] for item in found] == [statement_id]


def test_context_agents_are_refused_in_1_0(lrs):
    context = {"contextAgents": [{"objectType": "contextAgent", "agent": MBOX}]}
    assert lrs.post("statements", statement(context=context)).status_code == 400


def test_timestamps_need_an_offset_in_2_0(lrs2, lrs):
    assert lrs2.post("statements", statement(timestamp="2025-03-01T10:00:00")).status_code == 400
    assert lrs.post("statements", statement(timestamp="2025-03-01T10:00:00")).status_code == 200


def test_a_1_0_statement_reads_back_under_2_0(lrs, lrs2):
    statement_id = new_id()
    lrs.put("statements", statement(), params={"statementId": statement_id})
    assert lrs2.get("statements", {"statementId": statement_id}).json()["version"] == "1.0.0"
