"""xAPI 1.0.3, Data 2.2 Formatting Requirements (XAPI-00001 to XAPI-00014) and Data 2.4 (XAPI-00021).

Each case is sent to the LRS as a whole request: the LRS answers 400 Bad Request with a message, and stores
nothing.
"""


import pytest

from leerritme.xapi.tests.conformance.helpers import (
    ACTIVITY,
    ATTACHMENT,
    MBOX,
    SUB,
    VERB,
    case_id,
    post_raw,
    post_status,
)
from leerritme.xapi.tests.conftest import statement

pytestmark = pytest.mark.django_db


# --- Data 2.2.s4.b1.b1, XAPI-00001: no null values, except inside extensions ---------------------------------
@pytest.mark.parametrize("data", [
    statement(actor={**MBOX, "name": None}),
    statement(verb={**VERB, "display": {"en-US": None}}),
    statement(context={"registration": None}),
    statement(object={**ACTIVITY, "definition": {"moreInfo": None}}),
    statement(object={**ACTIVITY, "objectType": None}),
    statement(actor={**MBOX, "objectType": None}),
    statement(result=None),
    statement(context=None),
    statement(result={"score": {"scaled": None}}),
    statement(result={"success": None}),
    statement(timestamp=None),
    statement(id=None),
    statement(version=None),
    statement(attachments=None),
    statement(context={"extensions": None}),
    statement(object={**SUB, "timestamp": None}),
], ids=case_id)
def test_xapi_00001_null_values_are_rejected(lrs, data):
    assert post_status(lrs, data) == 400


@pytest.mark.parametrize("data", [
    statement(object={**ACTIVITY, "definition": {"extensions": {"http://example.com/null": None}}}),
    statement(result={"extensions": {"http://example.com/null": None}}),
    statement(context={"extensions": {"http://example.com/null": None, "http://example.com/empty": "",
                                      "http://example.com/object": {}}}),
    statement(object={**SUB, "result": {"extensions": {"http://example.com/null": None}}}),
    statement(object={**SUB, "context": {"extensions": {"http://example.com/null": None}}}),
], ids=["activity", "result", "context", "sub-result", "sub-context"])
def test_xapi_00001_00119_extension_values_may_be_null_or_empty(lrs, data):
    assert post_status(lrs, data) == 200


# --- Data 2.2.s4.b1.b2, XAPI-00006: the wrong data type ------------------------------------------------------
@pytest.mark.parametrize("data", [
    statement(result={"score": {"max": "one hundred"}}),
    statement(result={"score": {"max": "100"}}),
    statement(result={"score": {"raw": True}}),
    statement(result={"success": "We regret to inform you that your effort was unsuccessful."}),
    statement(result={"completion": "false"}),
    statement(result={"completion": 0}),
    statement(result={"response": 42}),
    statement(actor={**MBOX, "name": 12}),
    statement(verb={"id": ["http://example.com/verb"]}),
    statement(object={**ACTIVITY, "definition": []}),
    statement(attachments=[{**ATTACHMENT, "length": "27"}]),
    statement(attachments=[{**ATTACHMENT, "length": 2.5}]),
    statement(context={"revision": 2}),
    statement(context={"platform": {"name": "LMS"}}),
    statement(object={**ACTIVITY, "definition": {"interactionType": {"type": "choice"}}}),
    statement(object={**ACTIVITY, "definition": {"interactionType": 1}}),
    statement(object={**ACTIVITY, "definition": {"interactionType": ["choice"]}}),
    [statement(), "not a statement"],
    "a string",
    42,
], ids=case_id)
def test_xapi_00006_wrong_data_types_are_rejected(lrs, data):
    assert post_status(lrs, data) == 400


# --- Data 2.2.s4.b1.b4, XAPI-00007: values with a format, the empty string included -------------------------
@pytest.mark.parametrize("data", [
    statement(id=12345),
    statement(id={"key": "should fail"}),
    statement(id="AA97B177-9383-4934-8543-0F91A7A028368"),
    statement(id="MA97B177-9383-4934-8543-0F91A7A02836"),
    statement(id=""),
    statement(actor={"mbox": ""}),
    statement(actor={"mbox": "xapi@example.com"}),
    statement(actor={"openid": ""}),
    statement(verb={"id": ""}),
    statement(object={"id": ""}),
    statement(context={"registration": ""}),
    statement(object={"objectType": "StatementRef", "id": ""}),
    statement(timestamp=""),
    statement(result={"duration": ""}),
], ids=case_id)
def test_xapi_00007_non_format_following_values_are_rejected(lrs, data):
    assert post_status(lrs, data) == 400


# --- Data 2.2.s4.b1.b5, XAPI-00008: the case of keys -----------------------------------------------------------
@pytest.mark.parametrize("key, value", [
    ("iD", "9e13cefd-53d3-4eac-b5ed-2cf6693903bb"), ("Actor", MBOX), ("veRb", VERB), ("oBject", ACTIVITY),
    ("RESULT", {"success": True}), ("conText", {"platform": "x"}), ("timeStamp", "2024-01-01T00:00:00Z"),
    ("STOred", "2024-01-01T00:00:00Z"), ("auTHORity", MBOX), ("Version", "1.0.3"),
    ("attachmentS", [ATTACHMENT]),
])
def test_xapi_00008_keys_in_another_case_are_rejected(lrs, key, value):
    assert post_status(lrs, {**statement(), key: value}) == 400


@pytest.mark.parametrize("data", [
    statement(actor={"MBOX": "mailto:xapi@example.com"}),
    statement(verb={"ID": "http://example.com/verb"}),
    statement(object={"ID": "http://example.com/a"}),
    statement(result={"Success": True}),
    statement(context={"contextActivities": {"Parent": [ACTIVITY]}}),
], ids=["mbox", "verb id", "object id", "success", "parent"])
def test_xapi_00008_nested_keys_in_another_case_are_rejected(lrs, data):
    assert post_status(lrs, data) == 400


# --- Data 2.2.s4.b1.b6, XAPI-00009: enumerated values, exactly -------------------------------------------------
@pytest.mark.parametrize("interaction", ["true-faLse", "choiCe", "fill-iN", "long-fiLl-in", "matchIng", "perfOrmance",
                                         "seqUencing", "liKert", "nUmeric", "Other"])
def test_xapi_00009_interaction_types_are_case_sensitive(lrs, interaction):
    data = statement(object={**ACTIVITY, "definition": {"interactionType": interaction}})
    assert post_status(lrs, data) == 400


@pytest.mark.parametrize("data", [
    statement(actor={**MBOX, "objectType": "agent"}),
    statement(actor={"objectType": "group", "member": [MBOX]}),
    statement(object={**ACTIVITY, "objectType": "activity"}),
    statement(object={"objectType": "statementref", "id": "9e13cefd-53d3-4eac-b5ed-2cf6693903bb"}),
    statement(object={**SUB, "objectType": "substatement"}),
], ids=["agent", "group", "activity", "statementref", "substatement"])
def test_xapi_00009_object_types_are_case_sensitive(lrs, data):
    assert post_status(lrs, data) == 400


# --- Data 2.2.s4.b1.b7, XAPI-00010: keys the specification does not allow -----------------------------------
@pytest.mark.parametrize("data", [
    statement(colour="blue"),
    statement(objectType="Statement"),
    statement(actor={**MBOX, "age": 12}),
    statement(actor={**MBOX, "member": [MBOX]}),
    statement(verb={**VERB, "name": "x"}),
    statement(object={**ACTIVITY, "name": "x"}),
    statement(object={**ACTIVITY, "definition": {"title": {"en-US": "x"}}}),
    statement(result={"grade": "A"}),
    statement(result={"score": {"percentage": 50}}),
    statement(context={"mood": "good"}),
    statement(attachments=[{**ATTACHMENT, "size": 3}]),
], ids=case_id)
def test_xapi_00010_unknown_keys_are_rejected(lrs, data):
    assert post_status(lrs, data) == 400


# --- Data 2.2.s4.b1.b8, XAPI-00011: IRIs and IRLs need a scheme ----------------------------------------------
@pytest.mark.parametrize("data", [
    statement(verb={"id": "example.com/verbs/did"}),
    statement(object={"id": "ab=c://should.fail.com"}),
    statement(object={"id": "http://example.com/a b"}),
    statement(object={"id": "1http://example.com/a"}),
    statement(object={"id": "activities/a"}),
    statement(object={**ACTIVITY, "definition": {"type": "example.com/types/course"}}),
    statement(object={**ACTIVITY, "definition": {"moreInfo": "www.example.com"}}),
    statement(actor={"openid": "openid.example.com/alice"}),
    statement(actor={"account": {"homePage": "www.example.com", "name": "alice"}}),
    statement(result={"extensions": {"no-scheme": 1}}),
    statement(attachments=[{**ATTACHMENT, "usageType": "attachment-usage/test"}]),
    statement(attachments=[{**ATTACHMENT, "fileUrl": "over.there.com/file.txt"}]),
], ids=case_id)
def test_xapi_00011_iris_without_a_scheme_are_rejected(lrs, data):
    assert post_status(lrs, data) == 400


# --- Data 2.2.s4.b2, XAPI-00013 and Data 4.2, XAPI-00121: RFC 5646 language tags ------------------------------
VALID_TAGS = ["de", "ine", "zh-Hant", "sr-Latn", "zh-cmn-Hans-CN", "sr-Latn-RS", "sl-rozaj-biske", "de-CH-1901",
              "hy-Latn-IT-arevela", "de-DE", "az-Arab-x-AZE-derbend", "x-whatever", "i-enochian", "en-GB-oed",
              "es-419", "en-US-u-islamcal", "nl-NL"]
INVALID_TAGS = ["de-419-DE", "a-DE", "ar-a-aaa-b-bbb-a-ccc", "de-DE-1901-1901", "en_US", "", "toolonglanguage",
                "en-", "-en", "en US", "123"]


@pytest.mark.parametrize("tag", VALID_TAGS)
def test_xapi_00013_well_formed_language_tags_are_accepted(lrs, tag):
    assert post_status(lrs, statement(verb={**VERB, "display": {tag: "besucht"}})) == 200
    assert post_status(lrs, statement(context={"language": tag})) == 200


@pytest.mark.parametrize("tag", INVALID_TAGS)
@pytest.mark.parametrize("where", ["verb display", "activity name", "activity description", "interaction component",
                                   "attachment display", "attachment description", "sub-statement verb",
                                   "context language"])
def test_xapi_00013_ill_formed_language_tags_are_rejected_everywhere(lrs, tag, where):
    language_map = {"en-US": "valid", tag: "invalid"}
    choices = [{"id": "a", "description": language_map}]
    data = {
        "verb display": statement(verb={**VERB, "display": language_map}),
        "activity name": statement(object={**ACTIVITY, "definition": {"name": language_map}}),
        "activity description": statement(object={**ACTIVITY, "definition": {"description": language_map}}),
        "interaction component": statement(object={**ACTIVITY, "definition": {"interactionType": "choice",
                                                                               "choices": choices}}),
        "attachment display": statement(attachments=[{**ATTACHMENT, "display": language_map}]),
        "attachment description": statement(attachments=[{**ATTACHMENT, "description": language_map}]),
        "sub-statement verb": statement(object={**SUB, "verb": {**VERB, "display": language_map}}),
        "context language": statement(context={"language": tag}),
    }[where]
    assert post_status(lrs, data) == 400


# --- Data 2.2.s2.b2 / 2.4, XAPI-00021: each property at most once; XAPI-00014: well-formed JSON ---------------
def test_xapi_00021_a_property_used_twice_is_rejected(lrs):
    text = ('{"actor": {"mbox": "mailto:a@example.com"}, "verb": {"id": "http://example.com/v"}, '
            '"object": {"id": "http://example.com/a"}, "object": {"id": "http://example.com/b"}}')
    assert post_raw(lrs, text) == 400
    nested = ('{"actor": {"mbox": "mailto:a@example.com", "mbox": "mailto:b@example.com"}, '
              '"verb": {"id": "http://example.com/v"}, "object": {"id": "http://example.com/a"}}')
    response = lrs.post("statements", nested)
    assert response.status_code == 400
    assert "'mbox' is used twice" in response.json()["error"]
    assert lrs.get("statements").json()["statements"] == []


@pytest.mark.parametrize("text", [
    '{"actor": {"mbox": "mailto:a@example.com"}, "verb": {"id": "http://example.com/v"}',
    '{"actor": {"mbox": "mailto:a@example.com"}, "verb": {"id": "http://example.com/v"}, '
    '"object": {"id": "http://example.com/a"}, "result": {"score": {"raw": NaN}}}',
    '{"actor": {"mbox": "mailto:a@example.com"}, "verb": {"id": "http://example.com/v"}, '
    '"object": {"id": "http://example.com/a"}, "result": {"score": {"raw": Infinity}}}',
    "",
    b"\xff\xfe{}",
], ids=["truncated", "NaN", "Infinity", "empty", "not utf-8"])
def test_xapi_00014_only_well_formed_json_is_accepted(lrs, text):
    assert post_raw(lrs, text) == 400


# --- Data 2.2.s4.b3, XAPI-00002: numbers keep at least 32-bit float precision ---------------------------------
def test_xapi_00002_numbers_keep_their_precision(lrs):
    score = {"scaled": 0.123456789, "raw": 1234567.891, "min": -3.4e38, "max": 3.4e38}
    statement_id = lrs.post("statements", statement(result={"score": score})).json()[0]
    returned = lrs.get("statements", {"statementId": statement_id}).json()["result"]["score"]
    # PostgreSQL's jsonb may write 3.4e38 out in full; the value, to the last bit of a double, is kept.
    assert {key: float(value) for key, value in returned.items()} == score
