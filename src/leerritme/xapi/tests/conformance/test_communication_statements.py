"""xAPI 1.0.3, Communication 2.1 Statement Resource (XAPI-00142 to 00181), Data 2.5 Retrieval of Statements
(XAPI-00108 to 00114), Communication 1.5.1 content types (XAPI-00127) and 3.2 error codes (XAPI-00012,
00324 to 00326). Attachments in requests and answers (XAPI-00161, 00167) are in test_attachments_and_signatures.
"""

import json
import time
import uuid
from datetime import datetime

import pytest

from leerritme.xapi.tests.conformance.helpers import ACTIVITY, MBOX, SUB, UUID, VERB, stored
from leerritme.xapi.tests.conftest import new_id, statement

pytestmark = pytest.mark.django_db

ALICE = {"objectType": "Agent", "mbox": "mailto:alice@example.com"}
BOB = {"objectType": "Agent", "mbox": "mailto:bob@example.com"}
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
COURSE = "http://example.com/activities/course-1"


def ids_of(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["statements"]]


# --- 2.1.1 PUT Statements ------------------------------------------------------------------------------------
def test_2_1_1_xapi_00143_00144_put_stores_under_statement_id_with_204(lrs):
    statement_id = new_id()
    response = lrs.put("statements", statement(), params={"statementId": statement_id})
    assert response.status_code == 204 and response.content == b""
    assert lrs.get("statements", {"statementId": statement_id}).json()["id"] == statement_id


def test_2_1_1_xapi_00145_put_without_statement_id_is_400(lrs):
    assert lrs.put("statements", statement()).status_code == 400
    assert lrs.put("statements", statement(id=new_id())).status_code == 400


@pytest.mark.parametrize("params, body_id", [
    ({"statementId": "not-a-uuid"}, None),
    ({"statementId": UUID, "verb": COMPLETED}, None),
    ({"statementid": UUID}, None),
    ({"statementId": UUID}, "0b1ad1f0-98a1-4ac0-b6d0-a8a8d04bd1c8"),
    ({"statementId": UUID}, 5),
    ({"statementId": UUID}, "not-a-uuid"),
], ids=["bad id", "extra parameter", "parameter case", "other id in body", "numeric id in body", "bad id in body"])
def test_2_1_1_put_with_wrong_parameters_or_ids_is_400(lrs, params, body_id):
    data = statement() if body_id is None else statement(id=body_id)
    assert lrs.put("statements", data, params=params).status_code == 400
    assert lrs.get("statements", {"statementId": UUID}).status_code == 404


def test_2_1_1_put_of_a_batch_is_400(lrs):
    assert lrs.put("statements", [statement()], params={"statementId": new_id()}).status_code == 400


def test_2_1_1_xapi_00142_a_stored_statement_is_never_changed(lrs):
    statement_id = new_id()
    assert lrs.put("statements", statement(), params={"statementId": statement_id}).status_code == 204
    before = lrs.get("statements", {"statementId": statement_id}).json()
    other = statement(actor=BOB, verb=VERB, object={"id": "http://example.com/else"})
    assert lrs.put("statements", other, params={"statementId": statement_id}).status_code == 409
    assert lrs.post("statements", {**other, "id": statement_id}).status_code == 409
    assert lrs.get("statements", {"statementId": statement_id}).json() == before


def test_2_1_1_the_same_statement_again_is_204_and_stored_once(lrs):
    statement_id = new_id()
    data = statement(timestamp="2024-01-01T10:00:00+01:00")
    assert lrs.put("statements", data, params={"statementId": statement_id}).status_code == 204
    same_instant = {**data, "timestamp": "2024-01-01T09:00:00Z"}  # Data 2.3.1: another serialisation
    assert lrs.put("statements", same_instant, params={"statementId": statement_id}).status_code == 204
    assert lrs.post("statements", {**data, "id": statement_id}).json() == [statement_id]
    assert ids_of(lrs.get("statements")) == [statement_id]


# --- 2.1.2 POST Statements ----------------------------------------------------------------------------------
def test_2_1_2_xapi_00146_00147_post_returns_every_id_in_order(lrs):
    chosen = new_id()
    response = lrs.post("statements", [statement(), statement(id=chosen), statement()])
    assert response.status_code == 200
    returned = response.json()
    assert len(returned) == 3 and returned[1] == chosen
    assert all(uuid.UUID(value) for value in returned)
    assert set(ids_of(lrs.get("statements"))) == set(returned)


@pytest.mark.parametrize("broken", [
    statement(verb={"id": "not an iri"}), statement(id="not-a-uuid"), "not a statement", None,
    statement(attachments=[{"usageType": "http://example.com/u"}]),
], ids=["invalid verb", "invalid id", "a string", "null", "invalid attachment"])
def test_3_2_xapi_00326_a_batch_with_one_bad_statement_stores_nothing(lrs, broken):
    first = new_id()
    response = lrs.post("statements", [statement(id=first), statement(), broken])
    assert response.status_code == 400
    assert response.json()["error"].startswith("Statement 2:")
    assert lrs.get("statements", {"statementId": first}).status_code == 404
    assert lrs.get("statements").json()["statements"] == []


def test_3_2_a_batch_that_conflicts_with_a_stored_statement_stores_nothing(lrs):
    taken = lrs.post("statements", statement()).json()[0]
    fresh = new_id()
    response = lrs.post("statements", [statement(id=fresh), statement(id=taken, verb=VERB)])
    assert response.status_code == 409
    assert lrs.get("statements", {"statementId": fresh}).status_code == 404


def test_2_1_2_a_batch_with_one_id_twice_is_400(lrs):
    same = new_id()
    response = lrs.post("statements", [statement(id=same), statement(id=same.upper())])
    assert response.status_code == 400
    assert "twice" in response.json()["error"]


def test_2_1_2_an_empty_or_oversized_batch_is_400(lrs):
    assert lrs.post("statements", []).status_code == 400
    response = lrs.post("statements", [statement() for _ in range(501)])
    assert response.status_code == 400 and "500" in response.json()["error"]


def test_2_1_2_post_takes_no_parameters(lrs):
    assert lrs.request("POST", "statements", statement(), params={"statementId": new_id()}).status_code == 400
    assert lrs.request("POST", "statements", statement(), params={"verb": COMPLETED}).status_code == 400


def test_2_1_2_xapi_00148_a_post_containing_a_get_returns_a_statement_result(lrs):
    from urllib.parse import urlencode

    statement_id = lrs.post("statements", statement(actor=ALICE)).json()[0]
    lrs.post("statements", statement(actor=BOB))
    form = urlencode({"Authorization": lrs.auth, "X-Experience-API-Version": "1.0.3",
                      "agent": json.dumps(ALICE), "limit": "5"})
    response = lrs.client.post("/xapi/statements?method=GET", data=form,
                               content_type="application/x-www-form-urlencoded")
    assert ids_of(response) == [statement_id]


# --- 1.5.1 content types, XAPI-00127 ---------------------------------------------------------------------------
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml",
                                          "", "application/jsonp"])
def test_1_5_1_xapi_00127_statements_are_sent_as_json_or_multipart(lrs, content_type):
    body = json.dumps(statement())
    assert lrs.post("statements", body, content_type=content_type).status_code == 400
    assert lrs.put("statements", body, content_type=content_type, params={"statementId": new_id()}).status_code == 400
    assert lrs.get("statements").json()["statements"] == []


def test_1_5_1_a_charset_parameter_is_fine(lrs):
    response = lrs.post("statements", json.dumps(statement()), content_type="application/json; charset=utf-8")
    assert response.status_code == 200


# --- 2.1.3 GET Statements -----------------------------------------------------------------------------------
def test_2_1_3_xapi_00149_00154_00165_an_empty_result_is_200(lrs):
    response = lrs.get("statements", {"verb": "http://example.com/never"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"statements": [], "more": ""}


@pytest.mark.parametrize("single", ["statementId", "voidedStatementId"])
@pytest.mark.parametrize("other", [
    {"agent": json.dumps(ALICE)}, {"verb": COMPLETED}, {"activity": COURSE}, {"registration": UUID},
    {"related_activities": "false"}, {"related_agents": "false"}, {"since": "2020-01-01T00:00:00Z"},
    {"until": "2030-01-01T00:00:00Z"}, {"limit": "1"}, {"ascending": "true"},
], ids=lambda other: next(iter(other)))
def test_2_1_3_xapi_00150_00151_a_single_statement_id_goes_only_with_format_and_attachments(lrs, single, other):
    assert lrs.get("statements", {single: UUID, **other}).status_code == 400


def test_2_1_3_statement_id_and_voided_statement_id_together_are_400(lrs):
    assert lrs.get("statements", {"statementId": UUID, "voidedStatementId": UUID}).status_code == 400


def test_2_1_3_xapi_00155_to_00158_a_single_statement_with_format_and_attachments(lrs):
    statement_id = lrs.post("statements", statement()).json()[0]
    response = lrs.get("statements", {"statementId": statement_id, "format": "ids", "attachments": "false"})
    assert response.status_code == 200 and response.json()["id"] == statement_id
    assert response["Content-Type"] == "application/json"


def test_2_1_3_xapi_00152_00153_00160_consistent_through_on_every_answer(lrs):
    lrs.post("statements", [statement() for _ in range(3)])
    answers = [lrs.get("statements"), lrs.get("statements", {"statementId": new_id()}),
               lrs.get("statements", {"verb": "not an iri"}), lrs.get("statements", {"colour": "blue"}),
               lrs.request("HEAD", "statements"), lrs.client.get("/xapi/statements/more/forged",
                                                                  headers=lrs.headers())]
    assert [answer.status_code for answer in answers] == [200, 404, 400, 400, 200, 400]
    latest = max(datetime.fromisoformat(item["stored"]) for item in answers[0].json()["statements"])
    for answer in answers:
        through = datetime.fromisoformat(answer["X-Experience-API-Consistent-Through"])
        assert through.tzinfo is not None and through >= latest


def test_2_1_3_xapi_00153_consistent_through_also_when_refused_before_the_store_is_known(lrs, client):
    refused = [client.get("/xapi/statements", headers={"Authorization": lrs.auth}),  # no version header
               client.get("/xapi/statements", headers={"X-Experience-API-Version": "1.0.3"}),  # no credentials
               client.get("/xapi/statements/more/x", headers={"X-Experience-API-Version": "1.0.3"})]
    assert [answer.status_code for answer in refused] == [400, 401, 401]
    for answer in refused:
        assert answer["X-Experience-API-Consistent-Through"] == "1970-01-01T00:00:00.000000Z"


def test_2_1_3_s2_b5_consistent_through_on_writes_too(lrs):
    """"on all responses to Statements Resource requests": after a write it covers what was stored."""
    posted = lrs.post("statements", statement())
    stored_at = lrs.get("statements", {"statementId": posted.json()[0]}).json()["stored"]
    put = lrs.put("statements", statement(), params={"statementId": new_id()})
    refused = lrs.post("statements", statement(verb={"id": "no iri"}))
    for answer in (posted, put):
        through = datetime.fromisoformat(answer["X-Experience-API-Consistent-Through"])
        assert through >= datetime.fromisoformat(stored_at)
    assert refused.status_code == 400 and refused["X-Experience-API-Consistent-Through"]


def test_2_1_3_s2_b8_last_modified_is_the_statements_stored_time(lrs):
    from django.utils.http import parse_http_date

    statement_id = lrs.post("statements", statement()).json()[0]
    response = lrs.get("statements", {"statementId": statement_id})
    stored_at = datetime.fromisoformat(response.json()["stored"])
    assert parse_http_date(response["Last-Modified"]) == int(stored_at.timestamp())


def test_2_1_3_xapi_00162_00163_voided_statements_only_by_voided_statement_id(lrs):
    target = lrs.post("statements", statement(actor=ALICE)).json()[0]
    stored_at = lrs.get("statements", {"statementId": target}).json()["stored"]
    referring = lrs.post("statements", statement(actor=BOB, object={"objectType": "StatementRef",
                                                                    "id": target})).json()[0]
    voiding = lrs.post("statements", statement(verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
                                               object={"objectType": "StatementRef", "id": target})).json()[0]
    assert set(ids_of(lrs.get("statements", {"since": "2000-01-01T00:00:00Z"}))) == {referring, voiding}
    assert set(ids_of(lrs.get("statements", {"agent": json.dumps(ALICE)}))) == {referring, voiding}
    assert target not in ids_of(lrs.get("statements", {"until": stored_at}))
    assert lrs.get("statements", {"statementId": target}).status_code == 404
    assert lrs.get("statements", {"voidedStatementId": target}).status_code == 200


# --- 2.1.3 filters, XAPI-00164, 00173 to 00181 ----------------------------------------------------------------
@pytest.fixture
def store(lrs):
    """Six statements stored a little apart, and their ids by name."""
    registration = new_id()
    made = {}
    examples = {
        "alice": statement(actor=ALICE),
        "bob_as_object": statement(object=BOB),
        "other_verb": statement(verb=VERB),
        "registered": statement(context={"registration": registration}),
        "related": statement(context={"instructor": ALICE, "team": {"objectType": "Group", "member": [BOB]},
                                      "contextActivities": {"grouping": [{"id": COURSE}]}},
                             object={"id": "http://example.com/lesson"}),
        "sub": statement(object={**SUB, "actor": BOB, "object": {"id": COURSE}}),
    }
    for name, data in examples.items():
        made[name] = lrs.post("statements", data).json()[0]
        time.sleep(0.002)
    made["registration"] = registration
    return made


def test_2_1_3_xapi_00181_agent_is_the_actor_or_the_object(lrs, store):
    assert set(ids_of(lrs.get("statements", {"agent": json.dumps(ALICE)}))) == {store["alice"]}
    assert set(ids_of(lrs.get("statements", {"agent": json.dumps(BOB)}))) == {store["bob_as_object"]}


def test_2_1_3_xapi_00176_related_agents_looks_everywhere(lrs, store):
    related = {"agent": json.dumps(BOB), "related_agents": "true"}
    assert set(ids_of(lrs.get("statements", related))) == {store["bob_as_object"], store["related"], store["sub"]}
    instructor = {"agent": json.dumps(ALICE), "related_agents": "true"}
    assert set(ids_of(lrs.get("statements", instructor))) == {store["alice"], store["related"]}


def test_2_1_3_xapi_00181_a_group_with_the_agent_as_member_matches(lrs):
    """Communication 2.1.3 (agent): "Groups that have members which match the specified Agent ... are
    considered a match" - for the statement's actor or object, without related_agents."""
    team = {"objectType": "Group", "name": "Team", "member": [ALICE, BOB]}
    as_actor = lrs.post("statements", statement(actor=team)).json()[0]
    as_object = lrs.post("statements", statement(object=team)).json()[0]
    in_context = lrs.post("statements", statement(context={"team": team})).json()[0]
    in_sub = lrs.post("statements", statement(object={**SUB, "actor": team})).json()[0]
    assert set(ids_of(lrs.get("statements", {"agent": json.dumps(BOB)}))) == {as_actor, as_object}
    related = {"agent": json.dumps(BOB), "related_agents": "true"}
    assert set(ids_of(lrs.get("statements", related))) == {as_actor, as_object, in_context, in_sub}
    assert ids_of(lrs.get("statements", {"agent": json.dumps(BOB), "verb": VERB["id"]})) == []


def test_2_1_3_an_agent_and_a_group_with_the_same_identifier_are_not_the_same(lrs):
    """Communication 2.1.3 (agent): "Agents or Identified Groups are equal when the same Inverse Functional
    Identifier is used in each Object compared and those Objects have the same objectType"."""
    group = {"objectType": "Group", "name": "Alice's team", "mbox": ALICE["mbox"], "member": [BOB]}
    agent_actor = lrs.post("statements", statement(actor=ALICE)).json()[0]
    agent_object = lrs.post("statements", statement(object=ALICE)).json()[0]
    group_actor = lrs.post("statements", statement(actor=group)).json()[0]
    group_object = lrs.post("statements", statement(object=group)).json()[0]
    assert set(ids_of(lrs.get("statements", {"agent": json.dumps(ALICE)}))) == {agent_actor, agent_object}
    assert set(ids_of(lrs.get("statements", {"agent": json.dumps(group)}))) == {group_actor, group_object}
    # The group's member still finds the group's statements; the group is never a member of anything.
    assert set(ids_of(lrs.get("statements", {"agent": json.dumps(BOB)}))) == {group_actor, group_object}
    bare_group = {"objectType": "Group", "mbox": ALICE["mbox"]}
    assert set(ids_of(lrs.get("statements", {"agent": json.dumps(bare_group), "verb": COMPLETED}))) == {
        group_actor, group_object}


def test_2_1_3_related_agents_and_related_activities_both_apply(lrs):
    """Both broad filters at once: a statement must match the agent and the activity, each broadly."""
    lesson = "http://example.com/lesson"
    match = lrs.post("statements", statement(actor=BOB, context={
        "instructor": ALICE, "contextActivities": {"parent": [{"id": lesson}]}})).json()[0]
    lrs.post("statements", statement(actor=BOB, context={"contextActivities": {"parent": [{"id": lesson}]}}))
    lrs.post("statements", statement(actor=BOB, context={"instructor": ALICE}))
    query = {"agent": json.dumps(ALICE), "related_agents": "true", "activity": lesson, "related_activities": "true"}
    assert ids_of(lrs.get("statements", query)) == [match]


def test_2_1_3_xapi_00180_verb(lrs, store):
    assert ids_of(lrs.get("statements", {"verb": VERB["id"]})) == [store["other_verb"]]


def test_2_1_3_xapi_00179_00177_activity_and_related_activities(lrs, store):
    direct = set(ids_of(lrs.get("statements", {"activity": COURSE})))
    assert store["related"] not in direct and store["sub"] not in direct and store["alice"] in direct
    related = set(ids_of(lrs.get("statements", {"activity": COURSE, "related_activities": "true"})))
    assert related == direct | {store["related"], store["sub"]}


def test_2_1_3_xapi_00178_registration(lrs, store):
    assert ids_of(lrs.get("statements", {"registration": store["registration"]})) == [store["registered"]]
    upper = store["registration"].upper()
    assert ids_of(lrs.get("statements", {"registration": upper})) == [store["registered"]]


def test_2_1_3_xapi_00164_filters_combine(lrs, store):
    both = {"agent": json.dumps(ALICE), "verb": VERB["id"]}
    assert ids_of(lrs.get("statements", both)) == []
    both = {"agent": json.dumps(ALICE), "verb": COMPLETED, "activity": COURSE}
    assert ids_of(lrs.get("statements", both)) == [store["alice"]]


def test_2_5_xapi_00164_every_filter_at_once(lrs, store):
    """Data 2.5.s1: the conformance suite's query with every filter together finds the statement."""
    statement_id = lrs.post("statements", statement(actor=ALICE, context={"registration": UUID})).json()[0]
    query = {"limit": "1", "agent": json.dumps(ALICE), "verb": COMPLETED, "activity": COURSE, "registration": UUID,
             "related_activities": "true", "related_agents": "true", "since": "2012-06-01T19:09:13.245Z",
             "until": "2999-01-01T00:00:00Z", "format": "ids", "attachments": "false", "ascending": "false"}
    assert ids_of(lrs.get("statements", query)) == [statement_id]


def test_2_1_3_xapi_00166_00174_00175_since_until_and_ascending(lrs, store):
    everything = ids_of(lrs.get("statements"))
    assert everything == list(reversed(ids_of(lrs.get("statements", {"ascending": "true"}))))
    assert everything[-1] == store["alice"]
    pivot = lrs.get("statements", {"statementId": store["other_verb"]}).json()["stored"]
    after = ids_of(lrs.get("statements", {"since": pivot}))
    up_to = ids_of(lrs.get("statements", {"until": pivot}))
    assert store["other_verb"] in up_to and store["other_verb"] not in after
    assert after + up_to == everything
    as_offset = datetime.fromisoformat(pivot).astimezone().isoformat()  # the same instant, another zone
    assert ids_of(lrs.get("statements", {"since": as_offset})) == after


def test_2_1_3_xapi_00173_limit(lrs, store):
    assert len(ids_of(lrs.get("statements", {"limit": "2"}))) == 2
    assert len(ids_of(lrs.get("statements", {"limit": "0"}))) == 6  # 0: the server's maximum


@pytest.mark.parametrize("params", [
    {"agent": "mailto:alice@example.com"}, {"agent": json.dumps({"name": "No identifier"})},
    {"agent": json.dumps({"objectType": "Group", "member": [ALICE]})}, {"agent": json.dumps(ACTIVITY)},
    {"verb": "completed"}, {"activity": "course-1"}, {"registration": "not-a-uuid"},
    {"since": "yesterday"}, {"until": "2024-01-01T00:00:00-00:00"}, {"limit": "-1"}, {"limit": "ten"},
    {"limit": "1.5"}, {"format": "full"}, {"format": "IDS"}, {"ascending": "yes"}, {"ascending": "True"},
    {"attachments": "1"}, {"related_agents": "TRUE"}, {"related_activities": ""},
    {"statementId": "not-a-uuid"}, {"voidedStatementId": "12345"},
], ids=lambda params: f"{next(iter(params))}={next(iter(params.values()))}"[:40])
def test_2_2_xapi_00012_parameter_values_are_validated_like_statement_values(lrs, params):
    response = lrs.get("statements", params)
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.parametrize("name", ["colour", "Verb", "statementID", "Limit", "since_", "method_"])
def test_3_2_xapi_00324_00325_unknown_parameters_and_other_cases_are_400(lrs, name):
    assert lrs.get("statements", {name: "x"}).status_code == 400


# --- 2.1.3 formats, XAPI-00168 to 00172 -----------------------------------------------------------------------
def test_2_1_3_xapi_00168_00170_exact_is_the_default_and_returns_what_was_sent(lrs):
    data = statement(actor={"objectType": "Group", "name": "Team", "member": [{**ALICE, "name": "Alice"}]},
                     verb={"id": COMPLETED, "display": {"en-US": "completed", "nl-NL": "voltooid"}},
                     result={"score": {"scaled": 0.5}}, context={"language": "nl"})
    body = stored(lrs, data)
    assert {key: body[key] for key in data} == data
    exact = lrs.get("statements", {"statementId": body["id"], "format": "exact"}).json()
    assert exact == body


def test_2_1_3_xapi_00171_ids_keeps_only_identifiers(lrs):
    data = statement(
        actor={"objectType": "Group", "name": "Team", "member": [{**ALICE, "name": "Alice"}]},
        object={**SUB, "actor": {**BOB, "name": "Bob"}, "object": {**ACTIVITY, "definition": {"name": {"en": "A"}}}},
        context={"instructor": {**ALICE, "name": "Alice"},
                 "contextActivities": {"parent": [{"id": COURSE, "definition": {"name": {"en": "C"}}}]}},
    )
    statement_id = lrs.post("statements", data).json()[0]
    body = lrs.get("statements", {"statementId": statement_id, "format": "ids"}).json()
    assert body["actor"] == {"objectType": "Group", "member": [ALICE]}
    assert body["verb"] == {"id": COMPLETED}
    assert body["object"]["actor"] == BOB
    assert body["object"]["verb"] == {"id": VERB["id"]}
    assert body["object"]["object"] == {"objectType": "Activity", "id": ACTIVITY["id"]}
    assert body["context"]["instructor"] == ALICE
    assert body["context"]["contextActivities"] == {"parent": [{"objectType": "Activity", "id": COURSE}]}
    assert "name" not in body["authority"]
    listed = lrs.get("statements", {"format": "ids"}).json()["statements"][0]
    assert listed == body


def test_2_1_3_xapi_00169_00172_canonical_uses_the_lrs_definition_in_one_language(lrs):
    first = lrs.post("statements", statement(object={"id": COURSE, "definition": {
        "name": {"en-US": "Course", "nl-NL": "Cursus"}}})).json()[0]
    lrs.post("statements", statement(object={"id": COURSE, "definition": {
        "name": {"en-US": "Course one", "nl-NL": "Cursus een"}, "description": {"en-US": "The first course"}}}))
    canonical = lrs.get("statements", {"statementId": first, "format": "canonical"},
                        headers={"Accept-Language": "nl-NL, en;q=0.5"}).json()
    assert canonical["object"]["definition"] == {"name": {"nl-NL": "Cursus een"},
                                                 "description": {"en-US": "The first course"}}
    assert canonical["verb"]["display"] == {"en-US": "completed"}
    listed = lrs.get("statements", {"format": "canonical", "ascending": "true"},
                     headers={"Accept-Language": "en-US"}).json()["statements"]
    assert [item["object"]["definition"]["name"] for item in listed] == [{"en-US": "Course one"}] * 2
    exact = lrs.get("statements", {"statementId": first}).json()
    assert exact["object"]["definition"]["name"] == {"en-US": "Course", "nl-NL": "Cursus"}


@pytest.mark.parametrize("accept, expected", [
    ("en-GB", "en-GB"), ("en-US", "en-US"), ("en", "en-GB"), ("nl-BE, en;q=0.5", "nl"), ("fr, nl;q=0.8", "nl"),
    ("de-CH", "de-DE"), ("es", "en-US"), ("", "en-US"), ("EN-gb", "en-GB"),
])
def test_2_1_3_xapi_00172_canonical_picks_the_best_accepted_language(lrs, accept, expected):
    display = {"en-US": "attended", "en-GB": "attended (GB)", "nl": "bijgewoond", "de-DE": "besucht"}
    statement_id = lrs.post("statements", statement(verb={"id": COMPLETED, "display": display})).json()[0]
    headers = {"Accept-Language": accept} if accept else {}
    body = lrs.get("statements", {"statementId": statement_id, "format": "canonical"}, headers=headers).json()
    assert body["verb"]["display"] == {expected: display[expected]}
    exact = lrs.get("statements", {"statementId": statement_id}, headers=headers).json()
    assert exact["verb"]["display"] == display


# --- Data 2.5 retrieval: more, XAPI-00108 to 00114 ------------------------------------------------------------
def test_2_5_xapi_00108_to_00114_more_pages_through_everything_once(lrs):
    made = lrs.post("statements", [statement() for _ in range(7)]).json()
    page = lrs.get("statements", {"limit": "3", "ascending": "true"})
    seen = []
    while True:
        body = page.json()
        assert set(body) == {"statements", "more"}
        assert len(body["statements"]) <= 3
        seen += [item["id"] for item in body["statements"]]
        if not body["more"]:
            assert body["more"] == ""
            break
        assert body["more"].startswith("/xapi/")
        page = lrs.client.get(body["more"], headers=lrs.headers())
        assert page.status_code == 200 and "X-Experience-API-Consistent-Through" in page
    assert seen == made


def test_2_5_a_more_link_takes_no_parameters_and_cannot_be_forged(lrs):
    lrs.post("statements", [statement() for _ in range(3)])
    more = lrs.get("statements", {"limit": "1"}).json()["more"]
    assert lrs.client.get(more + "?limit=5", headers=lrs.headers()).status_code == 400
    assert lrs.client.get(more[:-3] + "abc", headers=lrs.headers()).status_code == 400


# --- 3.2 error codes: never 422 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("body", ["{", "[]", "null", json.dumps(statement(verb={"id": 5})),
                                  json.dumps(statement(result={"score": {"scaled": 5}}))])
def test_3_2_xapi_00323_invalid_content_is_400_never_422(lrs, body):
    response = lrs.post("statements", body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response["X-Experience-API-Version"] == "1.0.3"


def test_2_4_8_stored_is_the_lrs_clock_for_every_statement_of_a_batch(lrs):
    made = lrs.post("statements", [statement(), statement()]).json()
    times = [lrs.get("statements", {"statementId": value}).json()["stored"] for value in made]
    assert times[0] < times[1]


def test_a_registration_in_a_sub_statement_is_not_the_statements(lrs):
    """Communication 2.1.3: registration filters the statement's own context."""
    registration = new_id()
    lrs.post("statements", statement(object={**SUB, "context": {"registration": registration}}))
    assert ids_of(lrs.get("statements", {"registration": registration})) == []


def test_mbox_is_an_agent_and_matches_whatever_case_its_domain(lrs):
    """Data 2.3.1.b7: the domain of an e-mail address is case insensitive."""
    statement_id = lrs.post("statements", statement(actor={"mbox": "mailto:Alice@Example.COM"})).json()[0]
    assert ids_of(lrs.get("statements", {"agent": json.dumps(MBOX)})) == []
    assert ids_of(lrs.get("statements", {"agent": json.dumps({"mbox": "mailto:alice@example.com"})})) == [statement_id]
