"""Communication 2.1: the statement resource (PUT, POST, GET, HEAD, filters, paging, voiding)."""

import json
import time
import uuid

import pytest

from leerritme.xapi.tests.conftest import new_id, statement

pytestmark = pytest.mark.django_db


# --- Communication 2.1.1 PUT --------------------------------------------------------------------------

def test_put_stores_a_statement_under_its_id(lrs):
    statement_id = new_id()
    response = lrs.put("statements", statement(), params={"statementId": statement_id})
    assert response.status_code == 204
    assert response["X-Experience-API-Version"] == "1.0.3"
    got = lrs.get("statements", {"statementId": statement_id})
    assert got.status_code == 200
    body = got.json()
    assert body["id"] == statement_id
    assert body["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert body["stored"] and body["timestamp"] and body["version"] == "1.0.0"
    assert body["authority"]["account"]["homePage"].endswith("/xapi/")
    assert "X-Experience-API-Consistent-Through" in got


def test_put_without_statement_id_is_400(lrs):
    assert lrs.put("statements", statement()).status_code == 400


def test_put_with_a_different_id_in_the_body_is_400(lrs):
    response = lrs.put("statements", statement(id=new_id()), params={"statementId": new_id()})
    assert response.status_code == 400


def test_put_same_statement_twice_is_204_and_different_content_is_409(lrs):
    statement_id = new_id()
    assert lrs.put("statements", statement(), params={"statementId": statement_id}).status_code == 204
    assert lrs.put("statements", statement(), params={"statementId": statement_id}).status_code == 204
    other = statement(verb={"id": "http://adlnet.gov/expapi/verbs/attempted"})
    assert lrs.put("statements", other, params={"statementId": statement_id}).status_code == 409


# --- Communication 2.1.2 POST -------------------------------------------------------------------------

def test_post_single_and_batch_return_ids_in_order(lrs):
    response = lrs.post("statements", statement())
    assert response.status_code == 200
    assert len(response.json()) == 1 and uuid.UUID(response.json()[0])
    ids = [new_id(), new_id(), new_id()]
    response = lrs.post("statements", [statement(id=value) for value in ids])
    assert response.json() == ids


def test_a_batch_is_stored_entirely_or_not_at_all(lrs):
    good, bad = new_id(), new_id()
    broken = statement(id=bad, verb={"id": "not an iri"})
    response = lrs.post("statements", [statement(id=good), broken])
    assert response.status_code == 400
    assert "Statement 1" in response.json()["error"]
    assert lrs.get("statements", {"statementId": good}).status_code == 404


def test_duplicate_ids_in_one_batch_are_400(lrs):
    same = new_id()
    assert lrs.post("statements", [statement(id=same), statement(id=same)]).status_code == 400


def test_oversized_batch_is_400(lrs):
    response = lrs.post("statements", [statement() for _ in range(501)])
    assert response.status_code == 400
    assert "500" in response.json()["error"]


def test_malformed_json_and_wrong_content_type_are_400(lrs):
    assert lrs.post("statements", "{not json").status_code == 400
    assert lrs.post("statements", json.dumps(statement()), content_type="text/plain").status_code == 400


def test_post_with_parameters_is_400(lrs):
    assert lrs.request("POST", "statements", statement(), params={"statementId": new_id()}).status_code == 400


def test_stored_strictly_increases(lrs):
    lrs.post("statements", [statement() for _ in range(20)])
    lrs.post("statements", [statement() for _ in range(5)])
    stored = [item["stored"] for item in lrs.get("statements", {"ascending": "true"}).json()["statements"]]
    assert len(stored) == 25
    assert stored == sorted(stored) and len(set(stored)) == 25


# --- Communication 2.1.3 GET --------------------------------------------------------------------------

def test_unknown_statement_is_404(lrs):
    assert lrs.get("statements", {"statementId": new_id()}).status_code == 404


def test_statement_id_with_other_filters_is_400(lrs):
    params = {"statementId": new_id(), "verb": "http://adlnet.gov/expapi/verbs/completed"}
    assert lrs.get("statements", params).status_code == 400
    assert lrs.get("statements", {"statementId": new_id(), "voidedStatementId": new_id()}).status_code == 400


def test_unknown_parameter_is_400(lrs):
    assert lrs.get("statements", {"colour": "blue"}).status_code == 400


def test_head_gives_headers_without_body(lrs):
    statement_id = lrs.post("statements", statement()).json()[0]
    response = lrs.request("HEAD", "statements", params={"statementId": statement_id})
    assert response.status_code == 200 and response.content == b""
    assert lrs.request("HEAD", "statements").status_code == 200


def _ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["statements"]}


def test_filters_agent_verb_activity_registration(lrs):
    registration = new_id()
    alice = {"mbox": "mailto:alice@example.com"}
    a = lrs.post("statements", statement(actor=alice)).json()[0]
    b = lrs.post("statements", statement(verb={"id": "http://adlnet.gov/expapi/verbs/attempted"})).json()[0]
    c = lrs.post("statements", statement(object={"id": "http://example.com/other"},
                                         context={"registration": registration})).json()[0]
    d = lrs.post("statements", statement(object={"objectType": "Agent", **alice})).json()[0]
    assert _ids(lrs.get("statements", {"agent": json.dumps(alice)})) == {a, d}
    assert _ids(lrs.get("statements", {"verb": "http://adlnet.gov/expapi/verbs/attempted"})) == {b}
    assert _ids(lrs.get("statements", {"activity": "http://example.com/other"})) == {c}
    assert _ids(lrs.get("statements", {"registration": registration})) == {c}
    both = {"agent": json.dumps(alice), "verb": "http://adlnet.gov/expapi/verbs/completed"}
    assert _ids(lrs.get("statements", both)) == {a, d}


def test_related_agents_and_activities(lrs):
    instructor = {"mbox": "mailto:teacher@example.com"}
    parent = "http://example.com/programme"
    a = lrs.post("statements", statement(context={"instructor": instructor,
                                                  "contextActivities": {"parent": [{"id": parent}]}})).json()[0]
    assert _ids(lrs.get("statements", {"agent": json.dumps(instructor)})) == set()
    assert _ids(lrs.get("statements", {"agent": json.dumps(instructor), "related_agents": "true"})) == {a}
    assert _ids(lrs.get("statements", {"activity": parent})) == set()
    assert _ids(lrs.get("statements", {"activity": parent, "related_activities": "true"})) == {a}


def test_since_until_ascending_and_limit(lrs):
    first = lrs.post("statements", statement()).json()[0]
    middle_stored = lrs.get("statements", {"statementId": first}).json()["stored"]
    time.sleep(0.01)
    second = lrs.post("statements", statement()).json()[0]
    assert _ids(lrs.get("statements", {"since": middle_stored})) == {second}
    assert _ids(lrs.get("statements", {"until": middle_stored})) == {first}
    page = lrs.get("statements", {"ascending": "true", "limit": "1"}).json()
    assert [item["id"] for item in page["statements"]] == [first]


def test_more_pages_through_everything(lrs):
    ids = lrs.post("statements", [statement() for _ in range(7)]).json()
    seen, page = [], lrs.get("statements", {"limit": "3"}).json()
    while True:
        seen += [item["id"] for item in page["statements"]]
        if not page["more"]:
            break
        assert page["more"].startswith("/xapi/statements/more/")
        page = lrs.client.get(page["more"], headers=lrs.headers()).json()
    assert seen == list(reversed(ids))


def test_format_ids_keeps_only_identifiers(lrs):
    statement_id = lrs.post("statements", statement()).json()[0]
    body = lrs.get("statements", {"statementId": statement_id, "format": "ids"}).json()
    assert body["actor"] == {"objectType": "Agent", "mbox": "mailto:learner@example.com"}
    assert body["verb"] == {"id": "http://adlnet.gov/expapi/verbs/completed"}
    assert body["object"] == {"objectType": "Activity", "id": "http://example.com/activities/course-1"}


def test_format_canonical_picks_the_accepted_language(lrs):
    data = statement(verb={"id": "http://adlnet.gov/expapi/verbs/completed",
                           "display": {"en-US": "completed", "nl-NL": "voltooid"}})
    statement_id = lrs.post("statements", data).json()[0]
    body = lrs.get("statements", {"statementId": statement_id, "format": "canonical"},
                   headers={"Accept-Language": "nl-NL"}).json()
    assert body["verb"]["display"] == {"nl-NL": "voltooid"}


# --- Data 2.3.2 voiding ---------------------------------------------------------------------------------

def _void(lrs, target):
    return lrs.post("statements", statement(verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
                                            object={"objectType": "StatementRef", "id": target}))


def test_voided_statements_are_found_only_by_voided_statement_id(lrs):
    target = lrs.post("statements", statement()).json()[0]
    assert _void(lrs, target).status_code == 200
    assert lrs.get("statements", {"statementId": target}).status_code == 404
    assert lrs.get("statements", {"voidedStatementId": target}).json()["id"] == target
    assert target not in _ids(lrs.get("statements"))


def test_a_voiding_statement_cannot_be_voided(lrs):
    target = lrs.post("statements", statement()).json()[0]
    voiding = _void(lrs, target).json()[0]
    assert _void(lrs, voiding).status_code == 400


def test_voiding_needs_a_statement_ref(lrs):
    data = statement(verb={"id": "http://adlnet.gov/expapi/verbs/voided"})
    assert lrs.post("statements", data).status_code == 400


# --- about, authentication, versions, organisations ----------------------------------------------------

def test_about_lists_versions(lrs):
    response = lrs.client.get("/xapi/about", headers={"Authorization": lrs.auth})
    assert response.status_code == 200
    assert {"1.0.3", "2.0.0"} <= set(response.json()["version"])
    assert "2.0.0" in lrs.get("about", version="2.0.0").json()["version"]
    assert "2.0.0" not in lrs.get("about", version="1.0.3").json()["version"]


def test_anonymous_requests_get_401_with_basic_challenge(client):
    response = client.get("/xapi/statements", headers={"X-Experience-API-Version": "1.0.3"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_wrong_secret_gets_401(lrs):
    lrs.auth = lrs.auth[:-4] + "AAAA"
    assert lrs.get("statements").status_code == 401


def test_revoked_client_gets_401(client, org):
    from django_scopes import scope

    from leerritme.xapi.models import Client
    from leerritme.xapi.services.clients import client_revoke
    from leerritme.xapi.tests.conftest import make_lrs

    lrs = make_lrs(client, org)
    assert lrs.get("statements").status_code == 200
    with scope(organisation=org):
        client_revoke(client=Client.objects.get())
    assert lrs.get("statements").status_code == 401


def test_missing_or_unknown_version_header_is_400(lrs):
    response = lrs.client.get("/xapi/statements", headers={"Authorization": lrs.auth})
    assert response.status_code == 400
    assert lrs.get("statements", version="0.95").status_code == 400


def test_scopes_read_only_and_write_only(client, org):
    from leerritme.xapi.tests.conftest import make_lrs

    reader = make_lrs(client, org, name="Reader", can_write=False)
    writer = make_lrs(client, org, name="Writer", can_read=False)
    assert reader.post("statements", statement()).status_code == 403
    assert writer.post("statements", statement()).status_code == 200
    assert writer.get("statements").status_code == 403
    assert reader.get("statements").status_code == 200


def test_a_client_only_sees_its_own_organisation(lrs, other_lrs):
    statement_id = lrs.post("statements", statement()).json()[0]
    assert other_lrs.get("statements", {"statementId": statement_id}).status_code == 404
    assert other_lrs.get("statements").json()["statements"] == []
    # The same id may exist in another organisation: ids are per store.
    assert other_lrs.put("statements", statement(), params={"statementId": statement_id}).status_code == 204


def test_alternate_request_syntax(lrs):
    from urllib.parse import urlencode

    statement_id = new_id()
    form = urlencode({"Authorization": lrs.auth, "X-Experience-API-Version": "1.0.3",
                      "Content-Type": "application/json", "statementId": statement_id,
                      "content": json.dumps(statement())})
    response = lrs.client.post("/xapi/statements?method=PUT", data=form,
                               content_type="application/x-www-form-urlencoded")
    assert response.status_code == 204
    assert lrs.get("statements", {"statementId": statement_id}).status_code == 200


def test_a_page_costs_the_same_queries_however_many_statements(lrs, django_assert_num_queries):
    alice = json.dumps({"mbox": "mailto:learner@example.com"})
    lrs.post("statements", [statement() for _ in range(3)])
    # client, clock, then one query per way the agent can appear (actor, object).
    with django_assert_num_queries(4):
        assert len(lrs.get("statements", {"agent": alice}).json()["statements"]) == 3
    lrs.post("statements", [statement() for _ in range(200)])
    with django_assert_num_queries(4):
        assert len(lrs.get("statements", {"agent": alice}).json()["statements"]) == 100
