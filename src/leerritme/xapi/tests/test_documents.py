"""Communication 2.3-2.5: state, activity profile and agent profile documents; agents and activities."""

import json

import pytest

from leerritme.xapi.tests.conftest import statement

pytestmark = pytest.mark.django_db

AGENT = json.dumps({"objectType": "Agent", "mbox": "mailto:learner@example.com"})
ACTIVITY = "http://example.com/activities/course-1"
STATE = {"activityId": ACTIVITY, "agent": AGENT, "stateId": "bookmark"}


def test_state_put_get_and_etag(lrs):
    response = lrs.put("activities/state", {"page": 3}, params=STATE)
    assert response.status_code == 204
    got = lrs.get("activities/state", STATE)
    assert got.status_code == 200 and got.json() == {"page": 3}
    assert got["ETag"].startswith('"') and got["Last-Modified"]
    assert lrs.request("HEAD", "activities/state", params=STATE).content == b""


def test_state_post_merges_json(lrs):
    lrs.post("activities/state", {"page": 3, "score": 1}, params=STATE)
    lrs.post("activities/state", {"score": 2, "done": True}, params=STATE)
    assert lrs.get("activities/state", STATE).json() == {"page": 3, "score": 2, "done": True}


def test_state_post_merging_non_json_is_400(lrs):
    lrs.put("activities/state", b"plain text", params=STATE, content_type="text/plain")
    assert lrs.post("activities/state", {"a": 1}, params=STATE).status_code == 400
    lrs.put("activities/state", {"a": 1}, params=STATE)
    assert lrs.post("activities/state", b"[1, 2]", params=STATE).status_code == 400


def test_state_is_kept_per_registration_and_listed(lrs):
    registration = "9e13cefd-53d3-4eac-b5ed-2cf6693903bb"
    lrs.put("activities/state", {"r": 1}, params={**STATE, "registration": registration})
    lrs.put("activities/state", {"r": 0}, params=STATE)
    lrs.put("activities/state", {"x": 0}, params={**STATE, "stateId": "other"})
    assert lrs.get("activities/state", {**STATE, "registration": registration}).json() == {"r": 1}
    listing = lrs.get("activities/state", {"activityId": ACTIVITY, "agent": AGENT})
    assert sorted(listing.json()) == ["bookmark", "other"]
    assert lrs.request("DELETE", "activities/state", params={"activityId": ACTIVITY, "agent": AGENT}).status_code == 204
    assert lrs.get("activities/state", {"activityId": ACTIVITY, "agent": AGENT}).json() == []
    assert lrs.get("activities/state", {**STATE, "registration": registration}).status_code == 200


def test_state_needs_its_parameters(lrs):
    assert lrs.get("activities/state", {"activityId": ACTIVITY}).status_code == 400
    assert lrs.get("activities/state", {"agent": AGENT}).status_code == 400
    assert lrs.get("activities/state", {**STATE, "agent": "{not json"}).status_code == 400
    assert lrs.get("activities/state", {**STATE, "registration": "x"}).status_code == 400
    assert lrs.put("activities/state", {}, params={"activityId": ACTIVITY, "agent": AGENT}).status_code == 400
    assert lrs.get("activities/state", {**STATE, "stateId": "none"}).status_code == 404


def test_profile_concurrency(lrs):
    params = {"activityId": ACTIVITY, "profileId": "p"}
    assert lrs.put("activities/profile", {"v": 1}, params=params,
                   headers={"If-None-Match": "*"}).status_code == 204
    etag = lrs.get("activities/profile", params)["ETag"]
    # Overwriting without a header is 409; with a stale ETag 412; If-None-Match * on an existing one 412.
    assert lrs.put("activities/profile", {"v": 2}, params=params).status_code == 409
    assert lrs.put("activities/profile", {"v": 2}, params=params, headers={"If-Match": '"stale"'}).status_code == 412
    assert lrs.put("activities/profile", {"v": 2}, params=params, headers={"If-None-Match": "*"}).status_code == 412
    assert lrs.put("activities/profile", {"v": 2}, params=params, headers={"If-Match": etag}).status_code == 204
    assert lrs.get("activities/profile", params).json() == {"v": 2}
    assert lrs.get("activities/profile", {"activityId": ACTIVITY}).json() == ["p"]
    assert lrs.request("DELETE", "activities/profile", params=params, headers={"If-Match": etag}).status_code == 412
    assert lrs.request("DELETE", "activities/profile", params=params).status_code == 204
    assert lrs.get("activities/profile", params).status_code == 404


def test_agent_profile_and_since(lrs):
    params = {"agent": AGENT, "profileId": "prefs"}
    assert lrs.post("agents/profile", {"lang": "nl"}, params=params).status_code == 204
    assert lrs.post("agents/profile", {"theme": "dark"}, params=params).status_code == 204
    assert lrs.get("agents/profile", params).json() == {"lang": "nl", "theme": "dark"}
    assert lrs.get("agents/profile", {"agent": AGENT}).json() == ["prefs"]
    assert lrs.get("agents/profile", {"agent": AGENT, "since": "2999-01-01T00:00:00Z"}).json() == []
    assert lrs.request("DELETE", "agents/profile", params={"agent": AGENT}).status_code == 400


def test_documents_are_per_organisation(lrs, other_lrs):
    lrs.put("activities/state", {"mine": True}, params=STATE)
    assert other_lrs.get("activities/state", STATE).status_code == 404
    assert other_lrs.get("activities/state", {"activityId": ACTIVITY, "agent": AGENT}).json() == []


def test_agents_resource_returns_a_person(lrs):
    response = lrs.get("agents", {"agent": json.dumps({"mbox": "mailto:a@example.com", "name": "A"})})
    assert response.json() == {"objectType": "Person", "name": ["A"], "mbox": ["mailto:a@example.com"]}
    assert lrs.get("agents").status_code == 400


def test_activities_resource_returns_the_latest_definition(lrs):
    lrs.post("statements", statement())
    found = lrs.get("activities", {"activityId": ACTIVITY}).json()
    assert found == {"objectType": "Activity", "id": ACTIVITY, "definition": {"name": {"en-US": "Course 1"}}}
    assert lrs.get("activities", {"activityId": "http://example.com/unknown"}).status_code == 404


def _definition(lrs, activity_id=ACTIVITY):
    return lrs.get("activities", {"activityId": activity_id}).json().get("definition")


def test_a_changed_definition_replaces_the_stored_one_and_a_bare_mention_keeps_it(lrs):
    lrs.post("statements", statement())
    changed = {"name": {"en-US": "Course 1, second edition"}, "type": "http://adlnet.gov/expapi/activities/course"}
    assert lrs.post("statements", statement(object={"id": ACTIVITY, "definition": changed})).status_code == 200
    assert _definition(lrs) == changed
    # A statement that only names the activity (no definition), as object and as context, changes nothing.
    bare = statement(object={"id": ACTIVITY},
                     context={"contextActivities": {"parent": [{"id": ACTIVITY}]}})
    assert lrs.post("statements", bare).status_code == 200
    assert _definition(lrs) == changed


def test_a_batch_stores_every_new_activity_once_with_its_last_definition(lrs):
    other = "http://example.com/activities/course-2"
    batch = [
        statement(object={"id": other}),
        statement(context={"contextActivities": {"grouping": {"id": "http://example.com/programme"}}}),
        statement(object={"id": other, "definition": {"name": {"en-US": "Course 2"}}}),
    ]
    assert lrs.post("statements", batch).status_code == 200
    assert _definition(lrs, other) == {"name": {"en-US": "Course 2"}}
    assert _definition(lrs) == {"name": {"en-US": "Course 1"}}
    # Mentioned without a definition: the activity is known, with none.
    assert lrs.get("activities", {"activityId": "http://example.com/programme"}).json() == {
        "objectType": "Activity", "id": "http://example.com/programme"}


@pytest.mark.postgres
def test_the_same_definition_sent_again_writes_nothing(lrs):
    """Tools send an activity's definition with every statement: storing it again must not touch the row
    (no new row version, no row lock), or every statement costs a write at a random place of the table."""
    from django.db import connection

    def version():
        with connection.cursor() as cursor:
            cursor.execute("SELECT xmin::text, xmax::text FROM xapi_activity WHERE activity_id = %s", [ACTIVITY])
            return cursor.fetchone()

    lrs.post("statements", statement())
    before = version()
    same = {"id": ACTIVITY, "definition": {"name": {"en-US": "Course 1"}}}
    assert lrs.post("statements", [statement(object=same), statement()]).status_code == 200
    assert version() == before
    assert lrs.post("statements", statement(object={"id": ACTIVITY, "definition": {
        "name": {"en-US": "Course 1"}, "description": {"en-US": "New"}}})).status_code == 200
    assert version() != before
