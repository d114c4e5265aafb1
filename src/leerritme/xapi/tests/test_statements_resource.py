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


def test_related_agents_finds_the_authority(lrs, other_lrs, org):
    from django_scopes import scope

    from leerritme.xapi.services.statements import client_authority, statements_store

    mine = lrs.post("statements", statement()).json()[0]
    authority = lrs.get("statements", {"statementId": mine}).json()["authority"]
    theirs = other_lrs.post("statements", statement()).json()[0]
    other_authority = other_lrs.get("statements", {"statementId": theirs}).json()["authority"]
    with scope(organisation=org):
        own = statements_store(organisation_id=org.pk, statements=[statement()], client=None)[0]
    by_client = {"agent": json.dumps(authority), "related_agents": "true"}
    assert _ids(lrs.get("statements", by_client)) == {mine}
    assert _ids(lrs.get("statements", {"agent": json.dumps(authority)})) == set()
    by_leerritme = {"agent": json.dumps(client_authority(None)), "related_agents": "true"}
    assert _ids(lrs.get("statements", by_leerritme)) == {own}
    assert _ids(lrs.get("statements", {"agent": json.dumps(other_authority), "related_agents": "true"})) == set()


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


# --- Communication 2.1.3 Filter Conditions for StatementRefs --------------------------------------------

BEN = {"mbox": "mailto:ben@example.com"}
ANDREW = {"mbox": "mailto:andrew@example.com"}
EXPLOSIVES = "http://example.com/activities/explosives-training"
PASSED = "http://adlnet.gov/expapi/verbs/passed"
CONFIRMED = "http://example.com/verbs/confirmed"


def _ref(target):
    return {"objectType": "StatementRef", "id": target}


def test_a_statement_targeting_a_match_matches_too(lrs):
    passed = lrs.post("statements", statement(actor=BEN, verb={"id": PASSED}, object={"id": EXPLOSIVES})).json()[0]
    confirmed = lrs.post("statements", statement(actor=ANDREW, verb={"id": CONFIRMED},
                                                 object=_ref(passed))).json()[0]
    other = lrs.post("statements", statement()).json()[0]
    assert _ids(lrs.get("statements", {"agent": json.dumps(BEN)})) == {passed, confirmed}
    assert _ids(lrs.get("statements", {"activity": EXPLOSIVES})) == {passed, confirmed}
    assert _ids(lrs.get("statements", {"verb": PASSED})) == {passed, confirmed}
    # The targeting statement matches on its own filters as before; the target does not follow it.
    assert _ids(lrs.get("statements", {"agent": json.dumps(ANDREW)})) == {confirmed}
    # The whole filter set applies to the target: Ben with another activity matches neither.
    assert _ids(lrs.get("statements", {"agent": json.dumps(BEN), "activity": "http://example.com/else"})) == set()
    assert _ids(lrs.get("statements")) == {passed, confirmed, other}


def test_statement_refs_are_followed_recursively(lrs):
    a = lrs.post("statements", statement(actor=BEN, object={"id": EXPLOSIVES})).json()[0]
    b = lrs.post("statements", statement(actor=ANDREW, verb={"id": CONFIRMED}, object=_ref(a))).json()[0]
    c = lrs.post("statements", statement(actor=ANDREW, verb={"id": CONFIRMED}, object=_ref(b))).json()[0]
    assert _ids(lrs.get("statements", {"activity": EXPLOSIVES})) == {a, b, c}


def test_since_and_limit_apply_to_the_targeting_statement(lrs):
    target = lrs.post("statements", statement(actor=BEN)).json()[0]
    stored = lrs.get("statements", {"statementId": target}).json()["stored"]
    time.sleep(0.01)
    confirmed = lrs.post("statements", statement(actor=ANDREW, object=_ref(target))).json()[0]
    assert _ids(lrs.get("statements", {"agent": json.dumps(BEN), "since": stored})) == {confirmed}
    assert _ids(lrs.get("statements", {"agent": json.dumps(BEN), "until": stored})) == {target}
    page = lrs.get("statements", {"agent": json.dumps(BEN), "limit": "1"}).json()
    assert [item["id"] for item in page["statements"]] == [confirmed] and page["more"]


def test_statements_targeting_a_voided_match_are_returned_but_not_the_voided_one(lrs):
    """Communication 2.1.4: statements targeting a voided statement are still returned by the StatementRef
    rule, the voiding statement included; the voided statement itself is not."""
    target = lrs.post("statements", statement(actor=BEN)).json()[0]
    confirmed = lrs.post("statements", statement(actor=ANDREW, object=_ref(target))).json()[0]
    voiding = _void(lrs, target).json()[0]
    assert _ids(lrs.get("statements", {"agent": json.dumps(BEN)})) == {confirmed, voiding}


def test_a_statement_ref_in_context_does_not_count(lrs):
    target = lrs.post("statements", statement(actor=BEN)).json()[0]
    lrs.post("statements", statement(actor=ANDREW, context={"statement": _ref(target)}))
    assert _ids(lrs.get("statements", {"agent": json.dumps(BEN)})) == {target}


def test_another_organisations_statement_refs_are_not_followed(lrs, other_lrs):
    target = lrs.post("statements", statement(actor=BEN)).json()[0]
    other_lrs.post("statements", statement(actor=ANDREW, object=_ref(target)))
    assert _ids(other_lrs.get("statements", {"agent": json.dumps(BEN)})) == set()
    assert _ids(lrs.get("statements", {"agent": json.dumps(BEN)})) == {target}


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


def test_about_needs_no_credentials_nor_version_header(client):
    """Communication 2.8: an LRS SHOULD allow unauthenticated access to the About resource, and does not
    reject requests to it on their version header."""
    for headers in ({}, {"Authorization": "Basic Og=="}, {"X-Experience-API-Version": "2.0.0"}):
        response = client.get("/xapi/about", headers=headers)
        assert response.status_code == 200
        assert "1.0.3" in response.json()["version"]
        assert response["X-Experience-API-Version"]
    assert client.head("/xapi/about").status_code == 200
    assert client.post("/xapi/about", data="{}", content_type="application/json").status_code == 405


def test_about_with_refused_credentials_is_401(client):
    response = client.get("/xapi/about", headers={"Authorization": "Basic d3Jvbmc6d3Jvbmc="})
    assert response.status_code == 401


@pytest.mark.parametrize("path", ["statements", "activities/state", "activities/profile", "activities",
                                  "agents/profile", "agents"])
def test_every_other_resource_is_401_without_credentials(client, path):
    response = client.get("/xapi/" + path, headers={"X-Experience-API-Version": "1.0.3"})
    assert response.status_code == 401
    response = client.get("/xapi/" + path, headers={"X-Experience-API-Version": "1.0.3", "Authorization": "Basic Og=="})
    assert response.status_code == 401


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
    # client, clock, one query per way the agent can appear (actor, object, member of a Group actor or
    # object), whether any StatementRefs exist.
    with django_assert_num_queries(6):
        assert len(lrs.get("statements", {"agent": alice}).json()["statements"]) == 3
    lrs.post("statements", [statement() for _ in range(200)])
    with django_assert_num_queries(6):
        assert len(lrs.get("statements", {"agent": alice}).json()["statements"]) == 100


def test_following_statement_refs_costs_the_same_queries_however_many(lrs, django_assert_num_queries):
    ben = json.dumps(BEN)
    targets = lrs.post("statements", [statement(actor=BEN) for _ in range(3)]).json()
    lrs.post("statements", [statement(actor=ANDREW, object=_ref(target)) for target in targets])
    # client, clock, actor, object and group-member ways, whether StatementRefs exist, the targeting
    # statements of each way, and whether a next link in the chain exists for each way.
    with django_assert_num_queries(12):
        assert len(lrs.get("statements", {"agent": ben}).json()["statements"]) == 6
    targets = lrs.post("statements", [statement(actor=BEN) for _ in range(100)]).json()
    lrs.post("statements", [statement(actor=ANDREW, object=_ref(target)) for target in targets])
    with django_assert_num_queries(12):
        assert len(lrs.get("statements", {"agent": ben}).json()["statements"]) == 100
