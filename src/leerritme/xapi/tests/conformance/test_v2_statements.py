"""xAPI 2.0 (IEEE 9274.1.1) rules on statement content that the LRS applies when a request says 2.0.0.

Sections: 4.2.x of the 2.0 LRS document, with the 1.0.3 Data section in brackets.
"""

from datetime import datetime

import pytest

from leerritme.xapi.tests.conftest import make_lrs, new_id, statement

pytestmark = pytest.mark.django_db

PARENT = {"objectType": "Activity", "id": "http://example.com/activities/programme"}


@pytest.fixture
def lrs2(client, org):
    return make_lrs(client, org, name="Modern tool", version="2.0.0")


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# --- 4.2.2.x [Data 2.4.6.2] contextActivities: a single Activity is accepted, returned as an array ---------

@pytest.mark.parametrize("kind", ["parent", "grouping", "category", "other"])
def test_a_single_context_activity_comes_back_as_an_array(lrs2, kind):
    statement_id = new_id()
    data = statement(id=statement_id, context={"contextActivities": {kind: PARENT}})
    assert lrs2.post("statements", data).status_code == 200
    returned = lrs2.get("statements", {"statementId": statement_id}).json()
    assert returned["context"]["contextActivities"][kind] == [PARENT]


def test_a_single_context_activity_in_a_sub_statement_comes_back_as_an_array(lrs2):
    statement_id = new_id()
    sub = {"objectType": "SubStatement", "actor": {"mbox": "mailto:coach@example.com"},
           "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"},
           "object": {"id": "http://example.com/activities/session"},
           "context": {"contextActivities": {"parent": PARENT}}}
    assert lrs2.post("statements", statement(id=statement_id, object=sub)).status_code == 200
    returned = lrs2.get("statements", {"statementId": statement_id}).json()
    assert returned["object"]["context"]["contextActivities"]["parent"] == [PARENT]


def test_a_single_context_activity_is_an_array_in_1_0_3_too_and_resending_matches(lrs):
    # The same rule is in 1.0.3 (Data 2.4.6.2); the statement sent again as it was is no conflict (Data 2.3.1).
    statement_id = new_id()
    data = statement(id=statement_id, context={"contextActivities": {"parent": PARENT}})
    assert lrs.post("statements", data).status_code == 200
    assert lrs.get("statements", {"statementId": statement_id}).json()["context"]["contextActivities"] == {
        "parent": [PARENT]}
    assert lrs.post("statements", data).status_code == 200


def test_context_activities_must_hold_activities(lrs2):
    data = statement(context={"contextActivities": {"parent": "http://example.com/activities/programme"}})
    assert lrs2.post("statements", data).status_code == 400
    data = statement(context={"contextActivities": {"sibling": [PARENT]}})
    assert lrs2.post("statements", data).status_code == 400


# --- 4.2.4.3 [Data 2.4.10] version ------------------------------------------------------------------------

def test_a_statement_keeps_the_version_it_was_accepted_with(lrs2):
    statement_id = new_id()
    assert lrs2.post("statements", statement(id=statement_id, version="2.0.0")).status_code == 200
    assert lrs2.get("statements", {"statementId": statement_id}).json()["version"] == "2.0.0"


@pytest.mark.parametrize("version", ["1.0", "1.0.9", "2.0", "2.0.0"])
def test_2_0_accepts_1_0_x_and_2_0_x_statement_versions(lrs2, version):
    assert lrs2.post("statements", statement(version=version)).status_code == 200


def test_1_0_3_accepts_only_1_0_x_statement_versions(lrs):
    # XAPI-00101: with 1.0.3, "anything but 1.0 or 1.0.x" is 400, so a 2.0.0 statement needs a 2.0 request.
    assert lrs.post("statements", statement(version="1.0.9")).status_code == 200
    assert lrs.post("statements", statement(version="2.0.0")).status_code == 400


def test_a_statement_without_version_gets_2_0_0(lrs2):
    statement_id = lrs2.post("statements", statement()).json()[0]
    assert lrs2.get("statements", {"statementId": statement_id}).json()["version"] == "2.0.0"


@pytest.mark.parametrize("version", ["2.1.0", "3.0.0", "1.1.0", "2", 2.0])
def test_a_version_outside_1_0_and_2_0_is_refused(lrs2, version):
    assert lrs2.post("statements", statement(version=version)).status_code == 400


# --- 4.2.4.2 [Data 2.4.7, 2.4.8, 4.5] timestamp and stored ------------------------------------------------

def test_a_statement_without_timestamp_gets_its_stored_time(lrs2):
    statement_id = lrs2.post("statements", statement()).json()[0]
    returned = lrs2.get("statements", {"statementId": statement_id}).json()
    assert _instant(returned["timestamp"]) == _instant(returned["stored"])


def test_stored_is_utc_with_at_least_millisecond_precision(lrs2):
    statement_id = lrs2.post("statements", statement()).json()[0]
    stored = lrs2.get("statements", {"statementId": statement_id}).json()["stored"]
    assert stored.endswith("Z")
    fraction = stored.split(".")[1].rstrip("Z")
    assert len(fraction) >= 3


def test_timestamp_precision_is_kept_to_the_millisecond(lrs2):
    statement_id = new_id()
    lrs2.post("statements", statement(id=statement_id, timestamp="2025-03-01T10:00:00.123+01:00"))
    returned = lrs2.get("statements", {"statementId": statement_id}).json()
    assert _instant(returned["timestamp"]) == _instant("2025-03-01T09:00:00.123Z")


def test_a_timestamp_in_the_future_is_not_refused(lrs2):
    # 9274.1.1 (change s12): the LRS shall not reject a timestamp later than its clock (clocks drift).
    assert lrs2.post("statements", statement(timestamp="2999-01-01T00:00:00Z")).status_code == 200


def test_timestamps_in_sub_statements_need_an_offset_in_2_0(lrs2):
    sub = {"objectType": "SubStatement", "actor": {"mbox": "mailto:coach@example.com"},
           "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"},
           "object": {"id": "http://example.com/activities/session"}, "timestamp": "2025-03-01T10:00:00"}
    assert lrs2.post("statements", statement(object=sub)).status_code == 400


def test_since_and_until_need_an_offset_in_2_0(lrs2, lrs):
    assert lrs2.get("statements", {"since": "2025-03-01T10:00:00"}).status_code == 400
    assert lrs2.get("statements", {"since": "2025-03-01T10:00:00Z"}).status_code == 200
    assert lrs.get("statements", {"since": "2025-03-01T10:00:00"}).status_code == 200
