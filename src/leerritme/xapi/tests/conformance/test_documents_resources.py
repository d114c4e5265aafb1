"""The document resources (state, activity profile, agent profile), agents and activities, checked rule by rule.

Sections: xAPI 1.0.3 Communication (2.2 documents, 2.3 state, 2.4 agents, 2.5 activities, 2.6 agent profile,
2.7 activity profile, 3.1 concurrency, 1.1 HEAD); the same rules are 4.1.4 and 4.1.6.x in 9274.1.1.
"""

import json
import time
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from leerritme.xapi.models import Document
from leerritme.xapi.tests.conftest import statement

pytestmark = pytest.mark.django_db

AGENT = json.dumps({"objectType": "Agent", "mbox": "mailto:learner@example.com"})
ACTIVITY = "http://example.com/activities/course-1"
STATE = {"activityId": ACTIVITY, "agent": AGENT, "stateId": "bookmark"}
REGISTRATION = "9e13cefd-53d3-4eac-b5ed-2cf6693903bb"
RESOURCES = [("activities/state", STATE), ("activities/profile", {"activityId": ACTIVITY, "profileId": "p"}),
             ("agents/profile", {"agent": AGENT, "profileId": "p"})]


# --- Communication 2.2: POST merges JSON objects, anything else is 400 -------------------------------------

@pytest.mark.parametrize("path,params", RESOURCES)
def test_post_merges_top_level_properties_of_two_json_objects(lrs, path, params):
    assert lrs.post(path, {"a": 1, "nested": {"x": 1}}, params=params).status_code == 204
    assert lrs.post(path, {"b": 2, "nested": {"y": 2}}, params=params).status_code == 204
    # Only the top level merges: a posted property replaces the stored one whole.
    assert lrs.get(path, params).json() == {"a": 1, "b": 2, "nested": {"y": 2}}


@pytest.mark.parametrize("path,params", RESOURCES)
def test_post_onto_a_document_that_is_not_a_json_object_is_400(lrs, path, params):
    lrs.put(path, b"plain text", params=params, content_type="text/plain", headers={"If-None-Match": "*"})
    assert lrs.post(path, {"a": 1}, params=params).status_code == 400
    assert lrs.get(path, params).content == b"plain text"


@pytest.mark.parametrize("path,params", RESOURCES)
def test_post_of_something_that_is_not_a_json_object_onto_json_is_400(lrs, path, params):
    lrs.post(path, {"a": 1}, params=params)
    assert lrs.post(path, b"[1, 2]", params=params).status_code == 400
    assert lrs.post(path, b"{not json", params=params).status_code == 400
    assert lrs.post(path, b"text", params=params, content_type="text/plain").status_code == 400
    assert lrs.get(path, params).json() == {"a": 1}


@pytest.mark.parametrize("path,params", RESOURCES)
def test_put_replaces_the_whole_document(lrs, path, params):
    lrs.put(path, {"a": 1}, params=params, headers={"If-None-Match": "*"})
    etag = lrs.get(path, params)["ETag"]
    assert lrs.put(path, {"b": 2}, params=params, headers={"If-Match": etag}).status_code == 204
    assert lrs.get(path, params).json() == {"b": 2}


# --- Communication 3.1: ETags, If-Match, If-None-Match --------------------------------------------------------

@pytest.mark.parametrize("path,params", RESOURCES)
def test_writes_return_and_reads_show_the_same_quoted_etag(lrs, path, params):
    written = lrs.put(path, {"a": 1}, params=params, headers={"If-None-Match": "*"})
    read = lrs.get(path, params)
    assert written["ETag"] == read["ETag"]
    assert read["ETag"].startswith('"') and read["ETag"].endswith('"')


@pytest.mark.parametrize("path,params", RESOURCES)
def test_if_none_match_star_refuses_to_overwrite(lrs, path, params):
    assert lrs.put(path, {"a": 1}, params=params, headers={"If-None-Match": "*"}).status_code == 204
    assert lrs.put(path, {"a": 2}, params=params, headers={"If-None-Match": "*"}).status_code == 412
    assert lrs.post(path, {"a": 2}, params=params, headers={"If-None-Match": "*"}).status_code == 412
    assert lrs.get(path, params).json() == {"a": 1}


@pytest.mark.parametrize("path,params", RESOURCES)
def test_if_match_on_a_missing_document_is_412(lrs, path, params):
    assert lrs.put(path, {"a": 1}, params=params, headers={"If-Match": '"abc"'}).status_code == 412
    assert lrs.put(path, {"a": 1}, params=params, headers={"If-Match": "*"}).status_code == 412
    assert lrs.get(path, params).status_code == 404


@pytest.mark.parametrize("path,params", RESOURCES)
def test_if_match_accepts_one_of_several_etags_and_star(lrs, path, params):
    lrs.put(path, {"a": 1}, params=params, headers={"If-None-Match": "*"})
    etag = lrs.get(path, params)["ETag"]
    assert lrs.put(path, {"a": 2}, params=params, headers={"If-Match": f'"other", {etag}'}).status_code == 204
    assert lrs.put(path, {"a": 3}, params=params, headers={"If-Match": "*"}).status_code == 204
    assert lrs.get(path, params).json() == {"a": 3}


def test_profiles_refuse_a_blind_overwrite_and_state_allows_it(lrs):
    for path, params in RESOURCES:
        lrs.put(path, {"a": 1}, params=params)
        expected = 204 if path == "activities/state" else 409
        response = lrs.put(path, {"a": 2}, params=params)
        assert response.status_code == expected, path
        if expected == 409:
            assert "If-Match" in response.json()["error"]
            assert lrs.get(path, params).json() == {"a": 1}


def test_post_without_precondition_merges_into_an_existing_profile(lrs):
    # The 409 rule is for PUT only (Communication 3.1: "If a PUT request is received without either header").
    params = RESOURCES[1][1]
    lrs.post("activities/profile", {"a": 1}, params=params)
    assert lrs.post("activities/profile", {"b": 1}, params=params).status_code == 204


# --- Communication 2.3: the State Resource's parameters ----------------------------------------------------

@pytest.mark.parametrize("method", ["GET", "PUT", "POST", "DELETE"])
def test_registration_must_be_a_uuid(lrs, method):
    response = lrs.request(method, "activities/state", data=b"{}", params={**STATE, "registration": "not-a-uuid"})
    assert response.status_code == 400


@pytest.mark.parametrize("method", ["GET", "PUT", "POST", "DELETE"])
def test_state_needs_activity_id_and_agent(lrs, method):
    for missing in ("activityId", "agent"):
        params = {key: value for key, value in STATE.items() if key != missing}
        assert lrs.request(method, "activities/state", data=b"{}", params=params).status_code == 400, missing


@pytest.mark.parametrize("agent", ["not json", json.dumps({"mbox": "learner@example.com"}), "true",
                                   json.dumps({"name": "no identifier"})])
def test_agent_must_be_a_valid_identified_agent(lrs, agent):
    assert lrs.get("activities/state", {**STATE, "agent": agent}).status_code == 400


def test_activity_id_must_be_an_iri(lrs):
    assert lrs.get("activities/state", {**STATE, "activityId": "not an iri"}).status_code == 400


def test_unknown_parameters_are_400(lrs):
    assert lrs.get("activities/state", {**STATE, "profileId": "x"}).status_code == 400
    assert lrs.get("activities/profile", {"activityId": ACTIVITY, "stateId": "x"}).status_code == 400


def test_registration_is_part_of_the_key_and_case_does_not_matter(lrs):
    lrs.put("activities/state", {"r": 1}, params={**STATE, "registration": REGISTRATION})
    assert lrs.get("activities/state", {**STATE, "registration": REGISTRATION.upper()}).json() == {"r": 1}
    assert lrs.get("activities/state", STATE).status_code == 404


def test_delete_of_all_state_documents_keeps_other_registrations_and_agents(lrs):
    other_agent = json.dumps({"mbox": "mailto:other@example.com"})
    lrs.put("activities/state", {"a": 1}, params={**STATE, "registration": REGISTRATION})
    lrs.put("activities/state", {"b": 1}, params={**STATE, "stateId": "second", "registration": REGISTRATION})
    lrs.put("activities/state", {"c": 1}, params=STATE)
    lrs.put("activities/state", {"d": 1}, params={**STATE, "agent": other_agent, "registration": REGISTRATION})
    everything = {"activityId": ACTIVITY, "agent": AGENT, "registration": REGISTRATION}
    assert lrs.request("DELETE", "activities/state", params=everything).status_code == 204
    assert lrs.get("activities/state", everything).json() == []
    assert lrs.get("activities/state", STATE).json() == {"c": 1}
    assert lrs.get("activities/state", {**STATE, "agent": other_agent, "registration": REGISTRATION}).status_code == 200


def test_delete_with_since_is_refused_and_deletes_nothing(lrs):
    lrs.put("activities/state", {"a": 1}, params=STATE)
    params = {"activityId": ACTIVITY, "agent": AGENT, "since": "2000-01-01T00:00:00Z"}
    assert lrs.request("DELETE", "activities/state", params=params).status_code == 400
    assert lrs.get("activities/state", STATE).status_code == 200


def test_delete_of_a_missing_document_is_204(lrs):
    assert lrs.request("DELETE", "activities/state", params=STATE).status_code == 204


def test_profiles_cannot_be_deleted_all_at_once(lrs):
    assert lrs.request("DELETE", "activities/profile", params={"activityId": ACTIVITY}).status_code == 400
    assert lrs.request("DELETE", "agents/profile", params={"agent": AGENT}).status_code == 400


# --- Communication 2.2-2.7: since on id lists -----------------------------------------------------------------

@pytest.mark.parametrize("path,params,id_param", [(path, params, "stateId" if "state" in path else "profileId")
                                                  for path, params in RESOURCES])
def test_since_lists_the_ids_changed_after_it(lrs, path, params, id_param):
    listing = {key: value for key, value in params.items() if key != id_param}
    lrs.put(path, {"old": 1}, params={**params, id_param: "old"})
    time.sleep(0.01)
    cut = timezone.now().isoformat()
    time.sleep(0.01)
    lrs.put(path, {"new": 1}, params={**params, id_param: "new"})
    assert lrs.get(path, {**listing, "since": cut}).json() == ["new"]
    assert sorted(lrs.get(path, listing).json()) == ["new", "old"]
    # since is exclusive and compares with when a document was last changed (Communication 2.2).
    changed = parsedate_to_datetime(lrs.get(path, {**params, id_param: "new"})["Last-Modified"])
    assert lrs.get(path, {**listing, "since": "2999-01-01T00:00:00Z"}).json() == []
    assert changed.year == timezone.now().year


@pytest.mark.parametrize("path,params", RESOURCES)
def test_last_modified_moves_when_the_document_changes(lrs, path, params):
    # 9274.1.1 4.1.6.2/5/6: "The LRS shall include a Last-Modified header indicating when the document was
    # last modified" (a SHOULD-level remark in 1.0.3). The stored time is moved back instead of sleeping.
    lrs.put(path, {"a": 1}, params=params, headers={"If-None-Match": "*"})
    with scopes_disabled():
        Document.objects.update(updated=timezone.now() - timedelta(hours=1))
    before = parsedate_to_datetime(lrs.get(path, params)["Last-Modified"])
    lrs.post(path, {"b": 2}, params=params)
    after = parsedate_to_datetime(lrs.get(path, params, version="2.0.0")["Last-Modified"])
    assert after - before >= timedelta(minutes=59)


@pytest.mark.parametrize("path,params,id_param", [(path, params, "stateId" if "state" in path else "profileId")
                                                  for path, params in RESOURCES])
def test_an_id_list_is_last_modified_when_its_newest_document_changed(lrs, path, params, id_param):
    listing = {key: value for key, value in params.items() if key != id_param}
    assert "Last-Modified" not in lrs.get(path, listing)  # nothing listed, nothing to date
    lrs.put(path, {"a": 1}, params={**params, id_param: "one"})
    with scopes_disabled():
        Document.objects.update(updated=timezone.now() - timedelta(days=2))
    lrs.put(path, {"a": 1}, params={**params, id_param: "two"})
    newest = lrs.get(path, {**params, id_param: "two"})["Last-Modified"]
    assert lrs.get(path, listing)["Last-Modified"] == newest


def test_since_must_be_a_timestamp(lrs):
    params = {"activityId": ACTIVITY, "agent": AGENT, "since": "yesterday"}
    assert lrs.get("activities/state", params).status_code == 400


def test_since_needs_a_time_zone_in_2_0(lrs):
    params = {"activityId": ACTIVITY, "agent": AGENT, "since": "2025-01-01T00:00:00"}
    assert lrs.get("activities/state", params).status_code == 200
    assert lrs.get("activities/state", params, version="2.0.0").status_code == 400


def test_since_is_not_used_with_a_single_document(lrs):
    assert lrs.put("activities/state", {"a": 1}, params={**STATE, "since": "2025-01-01T00:00:00Z"}).status_code == 400


# --- Communication 1.1: HEAD wherever GET is allowed ----------------------------------------------------------

@pytest.mark.parametrize("path,params", [*RESOURCES, ("agents", {"agent": AGENT}),
                                         ("activities", {"activityId": ACTIVITY})])
def test_head_answers_like_get_without_a_body(lrs, path, params):
    lrs.post("statements", statement())
    if path.endswith(("state", "profile")):
        lrs.put(path, {"a": 1}, params=params, headers={"If-None-Match": "*"})
    got = lrs.get(path, params)
    head = lrs.request("HEAD", path, params=params)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.get("ETag") == got.get("ETag")


def test_head_of_a_missing_document_is_404(lrs):
    assert lrs.request("HEAD", "activities/state", params=STATE).status_code == 404


# --- Communication 2.4: the Agents Resource returns a Person ---------------------------------------------------

def test_agents_returns_a_person_with_arrays(lrs):
    agent = {"objectType": "Agent", "name": "Ann", "account": {"homePage": "https://lms.example.com", "name": "ann"}}
    person = lrs.get("agents", {"agent": json.dumps(agent)}).json()
    assert person == {"objectType": "Person", "name": ["Ann"],
                      "account": [{"homePage": "https://lms.example.com", "name": "ann"}]}


def test_agents_needs_a_valid_agent(lrs):
    assert lrs.get("agents", {"agent": "{"}).status_code == 400
    assert lrs.get("agents", {"agent": json.dumps({"mbox": "no-mailto"})}).status_code == 400
    assert lrs.get("agents", {"agent": AGENT, "other": "1"}).status_code == 400


# --- Communication 2.5: the Activities Resource -----------------------------------------------------------------

def test_activities_needs_an_iri_and_answers_404_for_unknown(lrs):
    assert lrs.get("activities").status_code == 400
    assert lrs.get("activities", {"activityId": "not an iri"}).status_code == 400
    assert lrs.get("activities", {"activityId": "http://example.com/nothing"}).status_code == 404


def test_activities_are_per_organisation(lrs, other_lrs):
    lrs.post("statements", statement())
    assert lrs.get("activities", {"activityId": ACTIVITY}).status_code == 200
    assert other_lrs.get("activities", {"activityId": ACTIVITY}).status_code == 404


# --- Documents are kept byte for byte with their content type ----------------------------------------------------

def test_binary_documents_round_trip(lrs):
    content = bytes(range(256))
    params = {**STATE, "stateId": "blob"}
    response = lrs.put("activities/state", content, params=params, content_type="application/octet-stream")
    assert response.status_code == 204
    response = lrs.get("activities/state", params)
    assert response.content == content and response["Content-Type"] == "application/octet-stream"
