"""xAPI 1.0.3, Data 2.3.2 Voiding (XAPI-00016 to 00020), 2.4 statement properties (XAPI-00003 to 00005,
00022 to 00030, 00097 to 00107) and 4.5 ISO 8601 timestamps (XAPI-00122, 00123)."""

import uuid
from datetime import datetime

import pytest

from leerritme.xapi.tests.conformance.helpers import ATTACHMENT, MBOX, SUB, UUID, case_id, post_status, stored
from leerritme.xapi.tests.conftest import new_id, statement

pytestmark = pytest.mark.django_db

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def voiding(target: str, **overrides) -> dict:
    return statement(verb={"id": VOIDED, "display": {"en-US": "voided"}},
                     object={"objectType": "StatementRef", "id": target}, **overrides)


# --- Data 2.2.s2.b3, XAPI-00003 to 00005: actor, verb and object are required -----------------------------
@pytest.mark.parametrize("missing", ["actor", "verb", "object"])
def test_2_2_xapi_00003_to_00005_a_statement_needs_actor_verb_and_object(lrs, missing):
    data = statement()
    del data[missing]
    response = lrs.post("statements", data)
    assert response.status_code == 400
    assert missing in response.json()["error"]


# --- Data 2.4.1 id, XAPI-00026 to 00030 -----------------------------------------------------------------------
def test_2_4_1_xapi_00026_the_lrs_assigns_an_id(lrs):
    body = stored(lrs, statement())
    assert uuid.UUID(body["id"]).variant == uuid.RFC_4122


@pytest.mark.parametrize("statement_id", [
    "9e13cefd-53d3-4eac-b5ed-2cf6693903bb", "9E13CEFD-53D3-4EAC-B5ED-2CF6693903BB",
    "a8098c1a-f86e-11da-bd1a-00112444be1e", "0190f0a4-6c5e-7d3a-9c1e-3f2b1a0c9d8e",
], ids=["v4", "upper case", "v1", "v7"])
def test_2_4_1_any_version_of_variant_2_is_a_valid_id(lrs, statement_id):
    body = stored(lrs, statement(id=statement_id))
    assert body["id"] == statement_id.lower()


@pytest.mark.parametrize("statement_id", [
    12345, {"key": "should fail"}, "AA97B177-9383-4934-8543-0F91A7A028368", "MA97B177-9383-4934-8543-0F91A7A02836",
    "9e13cefd53d34eacb5ed2cf6693903bb", "{9e13cefd-53d3-4eac-b5ed-2cf6693903bb}",
    "urn:uuid:9e13cefd-53d3-4eac-b5ed-2cf6693903bb", "12345678-1234-5678-1234-567812345678",
    "00000000-0000-0000-0000-000000000000", "",
], ids=case_id)
def test_2_4_1_xapi_00027_to_00030_invalid_ids_are_rejected(lrs, statement_id):
    assert post_status(lrs, statement(id=statement_id)) == 400


# --- Data 2.4.7 timestamp and 4.5, XAPI-00022, 00122, 00123 ----------------------------------------------------
VALID_TIMESTAMPS = [
    "2013-05-18T05:32:34.804Z", "2013-05-18T05:32:34.804+00:00", "2013-05-18T05:32:34.804+0100",
    "2013-05-18T05:32:34+05:30", "2013-05-18T05:32:34-08", "2013-05-18T05:32:34.123456789Z",
    "2013-05-18T05:32:34,5Z", "2013-05-18T05:32Z", "20130518T053234Z", "20130518T053234.804+0100",
    "2013-05-18T05:32:34",
]
INVALID_TIMESTAMPS = [
    "should fail", "01/011/2015", "2008-09-15T15:53:00.601-00", "2008-09-15T15:53:00.601-0000",
    "2008-09-15T15:53:00.601-00:00", "2013-05-18", "2013-13-18T05:32:34Z", "2013-05-18T25:32:34Z",
    "2013-02-30T05:32:34Z", "2013-05-18 05:32:34Z", "2013-05-18T05:32:34.Z", "1368855154", 1368855154, "",
]


@pytest.mark.parametrize("value", VALID_TIMESTAMPS)
def test_4_5_xapi_00123_iso_8601_timestamps_are_accepted(lrs, value):
    assert stored(lrs, statement(timestamp=value))["timestamp"] == value
    assert post_status(lrs, statement(object={**SUB, "timestamp": value})) == 200


@pytest.mark.parametrize("value", INVALID_TIMESTAMPS)
def test_4_5_xapi_00022_00123_invalid_timestamps_are_rejected(lrs, value):
    assert post_status(lrs, statement(timestamp=value)) == 400
    assert post_status(lrs, statement(object={**SUB, "timestamp": value})) == 400
    assert post_status(lrs, statement(stored=value)) == 400


def test_4_5_xapi_00122_timestamps_keep_at_least_millisecond_precision(lrs):
    body = stored(lrs, statement(timestamp="2024-02-29T23:59:59.123456Z"))
    assert body["timestamp"] == "2024-02-29T23:59:59.123456Z"
    assert len(body["stored"].split(".")[1].rstrip("Z")) >= 3


# --- Data 2.4.8 stored, XAPI-00023, 00097 -------------------------------------------------------------------
def test_2_4_8_xapi_00023_00097_the_lrs_sets_stored(lrs):
    before = datetime.now().astimezone()
    body = stored(lrs, statement(stored="2000-01-01T00:00:00Z"))
    assert datetime.fromisoformat(body["stored"]) >= before.replace(microsecond=0)
    assert body["timestamp"] == body["stored"]  # Data 2.4.7: set by the LRS when not provided


# --- Data 2.4.9 authority, XAPI-00024, 00098 to 00100 ---------------------------------------------------------
def test_2_4_9_xapi_00099_the_lrs_sets_the_authority(lrs):
    body = stored(lrs, statement())
    assert body["authority"]["objectType"] == "Agent"
    assert body["authority"]["account"]["homePage"].endswith("/xapi/")
    claimed = stored(lrs, statement(authority={"objectType": "Agent", **MBOX}))
    assert claimed["authority"] == body["authority"]  # no strong trust: the LRS's own authority stands


@pytest.mark.parametrize("authority", [
    {"objectType": "Group", "member": [MBOX]},
    {"objectType": "Group", "member": [MBOX, {"mbox": "mailto:b@example.com"}, {"mbox": "mailto:c@example.com"}]},
    {"objectType": "Group", "member": [MBOX, {"objectType": "Group", "member": [MBOX]}]},
    {"objectType": "Group", "member": [MBOX, {"mbox": "mailto:b@example.com"}], "mbox": "mailto:g@example.com"},
    {"objectType": "Group", "member": [MBOX, {"mbox": "mailto:b@example.com"}], "openid": "http://example.com/g"},
    {"objectType": "Group", "openid": "http://openid.example.org/12345"},
    {"objectType": "Activity", "id": "http://example.com/a"},
    {"name": "No identifier"},
    "mailto:xapi@example.com",
], ids=case_id)
def test_2_4_9_xapi_00024_00098_00100_invalid_authorities_are_rejected(lrs, authority):
    assert post_status(lrs, statement(authority=authority)) == 400


def test_2_4_9_xapi_00098_an_oauth_authority_is_a_group_of_two_agents(lrs):
    authority = {"objectType": "Group", "member": [{"account": {"homePage": "http://example.com/xAPI/OAuth/Token",
                                                                "name": "oauth_consumer_x75db"}},
                                                   {"mbox": "mailto:bob@example.com"}]}
    assert post_status(lrs, statement(authority=authority)) == 200


# --- Data 2.4.10 version, XAPI-00101 --------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["1.0", "1.0.0", "1.0.3", "1.0.99"])
def test_2_4_10_versions_1_0_x_are_accepted(lrs, version):
    assert stored(lrs, statement(version=version))["version"] == version


def test_2_4_10_the_lrs_sets_version_1_0_0(lrs):
    assert stored(lrs, statement())["version"] == "1.0.0"


@pytest.mark.parametrize("version", ["0.95", "0.9", "1.1.0", "2.0.0", "1.0.3.1", "1", "1.0.x", "", 1.0, None])
def test_2_4_10_xapi_00101_other_versions_are_rejected(lrs, version):
    assert post_status(lrs, statement(version=version)) == 400


# --- Data 2.4.11 attachments, XAPI-00025, 00102 to 00107 ------------------------------------------------------
def without(key: str) -> dict:
    return {name: value for name, value in ATTACHMENT.items() if name != key}


@pytest.mark.parametrize("attachments", [
    ATTACHMENT, [ATTACHMENT, "x"], ["x"],
    [without("usageType")], [{**ATTACHMENT, "usageType": "not an iri"}],
    [without("display")], [{**ATTACHMENT, "display": "A test attachment"}],
    [{**ATTACHMENT, "display": {"de-419-DE": "x"}}], [{**ATTACHMENT, "description": {"not a tag": "x"}}],
    [without("contentType")], [{**ATTACHMENT, "contentType": "plain text"}], [{**ATTACHMENT, "contentType": 5}],
    [without("length")], [{**ATTACHMENT, "length": "27"}], [{**ATTACHMENT, "length": -1}],
    [{**ATTACHMENT, "length": 27.5}],
    [without("sha2")], [{**ATTACHMENT, "sha2": "not a hash"}], [{**ATTACHMENT, "sha2": ATTACHMENT["sha2"][:-1]}],
    [{**ATTACHMENT, "fileUrl": "not an irl"}], [{**ATTACHMENT, "size": 27}],
], ids=case_id)
def test_2_4_11_xapi_00025_00102_to_00107_invalid_attachments_are_rejected(lrs, attachments):
    assert post_status(lrs, statement(attachments=attachments)) == 400
    assert post_status(lrs, statement(object={**SUB, "attachments": attachments})) == 400


@pytest.mark.parametrize("attachment", [
    ATTACHMENT, {**ATTACHMENT, "contentType": "application/pdf"}, {**ATTACHMENT, "contentType": "image/svg+xml"},
    {**ATTACHMENT, "sha2": "a" * 128}, {**ATTACHMENT, "length": 0},
], ids=case_id)
def test_2_4_11_attachments_with_a_file_url_are_accepted(lrs, attachment):
    assert stored(lrs, statement(attachments=[attachment]))["attachments"] == [attachment]


def test_2_4_11_an_attachment_without_file_url_needs_its_content(lrs):
    """Communication 1.5.2 (XAPI-00129): without fileUrl, the content must come in the multipart request."""
    assert post_status(lrs, statement(attachments=[without("fileUrl")])) == 400


# --- Data 2.3.2 voiding, XAPI-00016 to 00020 ------------------------------------------------------------------
def test_2_3_2_xapi_00017_00020_a_voiding_statement_targets_a_statement_ref(lrs):
    assert post_status(lrs, statement(verb={"id": VOIDED})) == 400
    assert post_status(lrs, statement(verb={"id": VOIDED}, object={"objectType": "Agent", **MBOX})) == 400
    assert post_status(lrs, statement(verb={"id": VOIDED}, object=SUB)) == 400


def test_2_3_2_xapi_00018_a_voided_statement_is_found_only_by_voided_statement_id(lrs):
    target = lrs.post("statements", statement()).json()[0]
    voiding_id = lrs.post("statements", voiding(target)).json()[0]
    assert lrs.get("statements", {"statementId": target}).status_code == 404
    assert lrs.get("statements", {"voidedStatementId": target}).json()["id"] == target
    assert lrs.get("statements", {"statementId": voiding_id}).json()["object"]["id"] == target
    assert lrs.get("statements", {"voidedStatementId": voiding_id}).status_code == 404
    listed = {item["id"] for item in lrs.get("statements").json()["statements"]}
    assert listed == {voiding_id}


def test_2_3_2_xapi_00016_a_voiding_statement_cannot_be_voided(lrs):
    target = lrs.post("statements", statement()).json()[0]
    voiding_id = lrs.post("statements", voiding(target)).json()[0]
    assert post_status(lrs, voiding(voiding_id)) == 400
    assert lrs.get("statements", {"statementId": voiding_id}).status_code == 200
    same_batch = new_id()
    assert post_status(lrs, [voiding(target, id=same_batch), voiding(same_batch)]) == 400


def test_2_3_2_voiding_an_unknown_statement_is_accepted(lrs):
    """Data 2.3.2.s2.b5: the LRS SHOULD NOT reject a voiding statement because its target is not there."""
    assert post_status(lrs, voiding(UUID)) == 200


def test_2_3_2_a_statement_arriving_after_its_voiding_statement_is_voided(lrs):
    """Data 2.3.2.s2.b3: voided if and only if the LRS also holds a voiding statement for it, in whatever
    order the two arrived."""
    late = new_id()
    assert post_status(lrs, voiding(late.upper())) == 200
    assert lrs.put("statements", statement(), params={"statementId": late}).status_code == 204
    assert lrs.get("statements", {"statementId": late}).status_code == 404
    assert lrs.get("statements", {"voidedStatementId": late}).json()["id"] == late
    in_batch = new_id()
    assert post_status(lrs, [voiding(in_batch), statement(id=in_batch)]) == 200
    assert lrs.get("statements", {"voidedStatementId": in_batch}).status_code == 200
    assert in_batch not in {item["id"] for item in lrs.get("statements").json()["statements"]}
