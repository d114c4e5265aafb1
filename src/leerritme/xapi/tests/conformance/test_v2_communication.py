"""xAPI 2.0 (IEEE 9274.1.1, "xAPI Base Standard for LRSs") where it differs from 1.0.3: the HTTP side.

Section numbers are those of the 2.0 LRS document (4.1.x, as the conformance suite's test/v2_0 files name
them) with the 1.0.3 Communication section in brackets.
"""

import json
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode

import pytest

from leerritme.xapi.tests.conftest import make_lrs, new_id, statement

pytestmark = pytest.mark.django_db

AGENT = json.dumps({"objectType": "Agent", "mbox": "mailto:learner@example.com"})
ACTIVITY = "http://example.com/activities/course-1"


@pytest.fixture
def lrs2(client, org):
    return make_lrs(client, org, name="Modern tool", version="2.0.0")


def _alternate(lrs, method, params, *, form_version=None, header_version=None, content=None):
    form = {"Authorization": lrs.auth, "Content-Type": "application/json", **params}
    if form_version:
        form["X-Experience-API-Version"] = form_version
    if content is not None:
        form["content"] = json.dumps(content)
    headers = {"X-Experience-API-Version": header_version} if header_version else {}
    return lrs.client.post(f"/xapi/statements?method={method}", data=urlencode(form),
                           content_type="application/x-www-form-urlencoded", headers=headers)


# --- 4.1.1 [Communication 1.3] Alternate request syntax: removed in 2.0 -----------------------------------

def test_alternate_request_syntax_is_refused_when_the_form_says_2_0(lrs):
    # 9274.1.1 has no alternate request syntax; the 2.0 conformance suite expects a 4xx for every form of it.
    statement_id = new_id()
    response = _alternate(lrs, "PUT", {"statementId": statement_id}, form_version="2.0.0", content=statement())
    assert response.status_code == 400
    assert "alternate request syntax" in response.json()["error"]
    assert response["X-Experience-API-Version"] == "2.0.0"
    assert lrs.get("statements", {"statementId": statement_id}).status_code == 404


def test_alternate_request_syntax_is_refused_when_the_request_header_says_2_0(lrs):
    response = _alternate(lrs, "GET", {}, header_version="2.0.0")
    assert response.status_code == 400


def test_alternate_request_syntax_still_works_in_1_0_3(lrs):
    # Communication 1.3 of 1.0.3 keeps it: the same request with 1.0.3 is unfolded and stored.
    statement_id = new_id()
    response = _alternate(lrs, "PUT", {"statementId": statement_id}, form_version="1.0.3", content=statement())
    assert response.status_code == 204
    assert lrs.get("statements", {"statementId": statement_id}).status_code == 200


# --- 4.1.2 [Communication 3.3] Versioning ------------------------------------------------------------------

def test_every_response_echoes_the_version_the_request_speaks(lrs2, client):
    # "The LRS shall include the X-Experience-API-Version header in every response", also on refusals.
    assert lrs2.get("statements", {"nonsense": "1"})["X-Experience-API-Version"] == "2.0.0"
    refused = client.get("/xapi/statements", headers={"X-Experience-API-Version": "2.0.0",
                                                       "Authorization": "Basic d3Jvbmc6d3Jvbmc="})
    assert refused.status_code == 401 and refused["X-Experience-API-Version"] == "2.0.0"
    assert lrs2.get("about")["X-Experience-API-Version"] == "2.0.0"


@pytest.mark.parametrize("version", ["3.0.0", "0.95", "2.1.0", "2.0.0.1", "2.00", "1.0.3-beta", "1.03"])
def test_an_unknown_version_is_refused(lrs2, version):
    assert lrs2.get("statements", version=version).status_code == 400


@pytest.mark.parametrize("version,echo", [("2.0", "2.0.0"), ("2.0.0", "2.0.0"), ("1.0", "1.0.3"),
                                          ("1.0.1", "1.0.3")])
def test_a_version_without_patch_or_another_patch_is_accepted(lrs2, version, echo):
    response = lrs2.get("statements", version=version)
    assert response.status_code == 200 and response["X-Experience-API-Version"] == echo


# --- 4.1.6.7 [Communication 2.8] About resource -------------------------------------------------------------

def test_about_lists_2_0_0_without_credentials(client):
    response = client.get("/xapi/about", headers={"X-Experience-API-Version": "2.0.0"})
    assert response.status_code == 200
    body = response.json()
    assert "2.0.0" in body["version"] and "1.0.3" in body["version"]
    assert isinstance(body["extensions"], dict)


def test_about_answers_head(client):
    response = client.head("/xapi/about", headers={"X-Experience-API-Version": "2.0.0"})
    assert response.status_code == 200 and response.content == b""


# --- 4.1.6.1 [Communication 2.1.3] Last-Modified and Consistent-Through on statements -----------------------

def _http_time(response) -> datetime:
    return parsedate_to_datetime(response["Last-Modified"])


def test_a_single_statement_is_last_modified_when_it_was_stored(lrs2):
    first = lrs2.post("statements", statement()).json()[0]
    lrs2.post("statements", statement())
    response = lrs2.get("statements", {"statementId": first})
    stored = datetime.fromisoformat(response.json()["stored"].replace("Z", "+00:00"))
    assert _http_time(response) == stored.replace(microsecond=0)


def test_a_statement_list_is_last_modified_when_its_newest_statement_was_stored(lrs2):
    lrs2.post("statements", [statement(), statement()])
    response = lrs2.get("statements")
    newest = max(datetime.fromisoformat(item["stored"].replace("Z", "+00:00"))
                 for item in response.json()["statements"])
    assert _http_time(response) == newest.replace(microsecond=0)
    assert response["X-Experience-API-Consistent-Through"].endswith("Z")


def test_more_pages_carry_last_modified_and_consistent_through(lrs2):
    lrs2.post("statements", [statement() for _ in range(3)])
    first = lrs2.get("statements", {"limit": "2"}).json()
    assert first["more"]
    more = lrs2.client.get(first["more"], headers=lrs2.headers())
    assert more.status_code == 200 and len(more.json()["statements"]) == 1
    assert more["Last-Modified"] and more["X-Experience-API-Consistent-Through"]


def test_head_on_statements_has_the_headers_and_no_body(lrs2):
    lrs2.post("statements", statement())
    response = lrs2.request("HEAD", "statements")
    assert response.status_code == 200 and response.content == b""
    assert response["X-Experience-API-Consistent-Through"] and response["Last-Modified"]


def test_1_0_3_statement_responses_keep_their_headers(lrs):
    # In 1.0.3 Last-Modified is not asked for on statements; Consistent-Through is a MUST in both.
    lrs.post("statements", statement())
    response = lrs.get("statements")
    assert response["X-Experience-API-Consistent-Through"]


# --- 4.1.4 [Communication 3.1] Concurrency under 2.0 -------------------------------------------------------

PROFILE = {"activityId": ACTIVITY, "profileId": "settings"}
STATE = {"activityId": ACTIVITY, "agent": AGENT, "stateId": "bookmark"}


def test_get_gives_a_quoted_sha1_etag(lrs2):
    lrs2.post("activities/profile", {"a": 1}, params=PROFILE)
    etag = lrs2.get("activities/profile", PROFILE)["ETag"]
    assert len(etag) == 42 and etag[0] == etag[41] == '"'
    int(etag[1:41], 16)


def test_profile_put_without_a_precondition_on_an_existing_document_is_409(lrs2):
    lrs2.put("activities/profile", {"v": 1}, params=PROFILE, headers={"If-None-Match": "*"})
    response = lrs2.put("activities/profile", {"v": 2}, params=PROFILE)
    assert response.status_code == 409 and response.json()["error"]
    assert lrs2.get("activities/profile", PROFILE).json() == {"v": 1}
    agent_params = {"agent": AGENT, "profileId": "p"}
    lrs2.put("agents/profile", {"v": 1}, params=agent_params)
    assert lrs2.put("agents/profile", {"v": 2}, params=agent_params).status_code == 409


@pytest.mark.parametrize("path,params", [("activities/state", STATE), ("activities/profile", PROFILE),
                                         ("agents/profile", {"agent": AGENT, "profileId": "p"})])
def test_if_match_is_honoured_by_put_post_and_delete(lrs2, path, params):
    lrs2.post(path, {"name": "original"}, params=params)
    etag = lrs2.get(path, params)["ETag"]
    stale = {"If-Match": '"1111111111111111111111111111111111111111"'}
    assert lrs2.put(path, {"name": "x"}, params=params, headers=stale).status_code == 412
    assert lrs2.post(path, {"name": "x"}, params=params, headers=stale).status_code == 412
    assert lrs2.request("DELETE", path, params=params, headers=stale).status_code == 412
    assert lrs2.get(path, params).json() == {"name": "original"}
    assert lrs2.post(path, {"more": 1}, params=params, headers={"If-Match": etag}).status_code == 204
    assert lrs2.get(path, params).json() == {"name": "original", "more": 1}
    etag = lrs2.get(path, params)["ETag"]
    assert lrs2.request("DELETE", path, params=params, headers={"If-Match": etag}).status_code == 204
    assert lrs2.get(path, params).status_code == 404


def test_state_put_without_precondition_is_allowed_in_2_0(lrs2):
    # 2.0 (like 1.0.3) lets the State Resource be written without concurrency headers: "state conflicts are
    # unlikely" and players such as Storyline's send none. The 409 rule is for the two profile resources.
    assert lrs2.put("activities/state", {"page": 1}, params=STATE).status_code == 204
    assert lrs2.put("activities/state", {"page": 2}, params=STATE).status_code == 204
    assert lrs2.get("activities/state", STATE).json() == {"page": 2}


# --- 4.1.6.2 / 4.1.6.5 [Communication 2.3 / 2.6] an identified Group as the agent -------------------------

GROUP = {"objectType": "Group", "name": "Team A", "account": {"homePage": "https://example.com", "name": "team-a"}}


def test_an_identified_group_owns_state_and_agent_profile_documents(lrs2):
    group = json.dumps(GROUP)
    state = {"activityId": ACTIVITY, "agent": group, "stateId": "progress"}
    assert lrs2.put("activities/state", {"done": 2}, params=state).status_code == 204
    assert lrs2.get("activities/state", state).json() == {"done": 2}
    # The group is known by its identifier: the same group with members listed is the same owner.
    with_members = json.dumps({**GROUP, "member": [{"mbox": "mailto:a@example.com"}]})
    assert lrs2.get("activities/state", {**state, "agent": with_members}).json() == {"done": 2}
    profile = {"agent": group, "profileId": "charter"}
    assert lrs2.post("agents/profile", {"goal": "x"}, params=profile).status_code == 204
    assert lrs2.get("agents/profile", {"agent": group}).json() == ["charter"]


def test_an_anonymous_group_cannot_own_documents(lrs2):
    anonymous = json.dumps({"objectType": "Group", "member": [{"mbox": "mailto:a@example.com"}]})
    response = lrs2.put("activities/state", {"x": 1}, params={"activityId": ACTIVITY, "agent": anonymous,
                                                               "stateId": "s"})
    assert response.status_code == 400
    assert lrs2.get("agents/profile", {"agent": anonymous}).status_code == 400


# --- 4.1.3 [Communication 1.5] Content types under 2.0 -----------------------------------------------------

def test_statements_must_be_json_or_multipart_mixed(lrs2):
    body = json.dumps(statement())
    assert lrs2.post("statements", body, content_type="text/plain").status_code == 400
    assert lrs2.post("statements", body, content_type="multipart/form-data; boundary=x").status_code == 400
    assert lrs2.post("statements", body, content_type="application/json; charset=utf-8").status_code == 200


def test_documents_keep_any_content_type(lrs2):
    params = {"activityId": ACTIVITY, "profileId": "logo"}
    assert lrs2.put("activities/profile", b"\x89PNG", params=params, content_type="image/png").status_code == 204
    response = lrs2.get("activities/profile", params)
    assert response["Content-Type"] == "image/png" and response.content == b"\x89PNG"
