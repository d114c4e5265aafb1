"""xAPI 1.0.3, Data 2.4.5 Result (XAPI-00074 to 00083), 2.4.6 Context (XAPI-00084 to 00096), 4.1 Extensions
(XAPI-00118 to 00120) and 4.6 ISO 8601 Durations (XAPI-00124)."""

import pytest

from leerritme.xapi.tests.conformance.helpers import ACTIVITY, MBOX, SUB, UUID, case_id, post_status, stored
from leerritme.xapi.tests.conftest import statement

pytestmark = pytest.mark.django_db

GROUP = {"objectType": "Group", "member": [MBOX]}


# --- Data 2.4.5 Result -------------------------------------------------------------------------------------
@pytest.mark.parametrize("result", [
    {},
    {"success": True, "completion": False, "response": "", "duration": "PT0S"},
    {"score": {"scaled": -1}}, {"score": {"scaled": 1}}, {"score": {"scaled": 0.5}},
    {"score": {"raw": 5, "min": 5, "max": 10}}, {"score": {"raw": 10, "min": 5, "max": 10}},
    {"score": {"raw": -50}}, {"score": {"min": -10.5}}, {"score": {"max": 1e9}},
    {"score": {"raw": 2, "max": 3}}, {"score": {"raw": 4, "min": 3}},
    {"extensions": {"http://example.com/ext": [1, 2, 3]}},
], ids=case_id)
def test_2_4_5_valid_results(lrs, result):
    assert post_status(lrs, statement(result=result)) == 200


@pytest.mark.parametrize("result", [
    # XAPI-00074 / 00075 / 00076: success and completion are booleans, response a string
    {"success": "true"}, {"success": 1}, {"completion": "yes"}, {"response": 1}, {"response": ["a"]},
    # XAPI-00077 / XAPI-00124: duration is an ISO 8601 duration (not the alternative format)
    {"duration": "5 minutes"}, {"duration": "P"}, {"duration": "PT"}, {"duration": "P1DT"}, {"duration": "1H"},
    {"duration": "PT1H30"}, {"duration": "P0000-00-01T00:00:00"}, {"duration": "PT-1S"}, {"duration": 60},
    {"duration": "P1W2D"}, {"duration": "pt1h"},
    # XAPI-00078: extensions are an object with IRI keys
    {"extensions": ["http://example.com/ext"]}, {"extensions": {"ext": 1}}, {"extensions": "x"},
    # XAPI-00079: score is an object
    {"score": 0.5}, {"score": [0.5]},
    # XAPI-00080 / 00081: min < max, both numbers
    {"score": {"min": 10, "max": 5}}, {"score": {"min": 5, "max": 5}}, {"score": {"max": "100"}},
    {"score": {"min": "0"}},
    # XAPI-00082: raw between min and max
    {"score": {"raw": 4, "min": 5}}, {"score": {"raw": 11, "max": 10}}, {"score": {"raw": "5"}},
    # XAPI-00083: scaled between -1 and 1
    {"score": {"scaled": 1.01}}, {"score": {"scaled": -1.01}}, {"score": {"scaled": "0.5"}},
    {"score": {"scaled": True}},
    # Data 2.2: no other properties
    {"score": {"scaled": 0.5, "percent": 50}}, {"passed": True},
], ids=case_id)
def test_2_4_5_xapi_00074_to_00083_invalid_results(lrs, result):
    assert post_status(lrs, statement(result=result)) == 400
    assert post_status(lrs, statement(object={**SUB, "result": result})) == 400


@pytest.mark.parametrize("duration", ["PT1H30M", "P1Y2M3DT4H5M6S", "P4W", "PT0.5S", "P1DT2.5S", "PT36H", "P0D",
                                      "PT1M0.001S", "P3Y", "PT1H0M0S", "P0.5Y"])
def test_4_6_xapi_00124_iso_8601_durations_are_accepted(lrs, duration):
    body = stored(lrs, statement(result={"duration": duration}))
    assert body["result"]["duration"] == duration  # Data 2.3.1: compared and returned as the string sent


# --- Data 2.4.6 Context ------------------------------------------------------------------------------------
@pytest.mark.parametrize("context", [
    {},
    {"registration": UUID, "instructor": MBOX, "team": GROUP, "revision": "1.2", "platform": "Example LMS",
     "language": "en-US", "statement": {"objectType": "StatementRef", "id": UUID},
     "extensions": {"http://example.com/ext": {"nested": None}}},
    {"instructor": GROUP},
    {"contextActivities": {"parent": [ACTIVITY], "grouping": [ACTIVITY], "category": [ACTIVITY], "other": [ACTIVITY]}},
    {"contextActivities": {"parent": ACTIVITY}},
    {"contextActivities": {"other": []}},
    {"contextActivities": {"parent": [{"id": "http://example.com/a", "definition": {"name": {"en-US": "A"}}}]}},
], ids=case_id)
def test_2_4_6_valid_contexts(lrs, context):
    assert post_status(lrs, statement(context=context)) == 200


INVALID_CONTEXTS = [
    # XAPI-00087: registration is a UUID; instructor an Agent or Group
    {"registration": "not a uuid"}, {"registration": 12345},
    {"instructor": {"name": "No identifier"}}, {"instructor": "mailto:a@example.com"},
    # XAPI-00088: team is a Group
    {"team": MBOX}, {"team": {"objectType": "Group"}},
    # XAPI-00089 / 00090: revision and platform are strings
    {"revision": 2}, {"platform": ["LMS"]},
    # XAPI-00091: language is an RFC 5646 tag
    {"language": "not a language"}, {"language": "de-419-DE"}, {"language": 5},
    # XAPI-00092: statement is a StatementRef
    {"statement": {"id": UUID}}, {"statement": {"objectType": "StatementRef", "id": "x"}},
    {"statement": {"objectType": "SubStatement", "id": UUID}}, {"statement": UUID},
    # XAPI-00086: contextActivities is an object
    {"contextActivities": [ACTIVITY]}, {"contextActivities": "http://example.com/a"},
    # XAPI-00093: its keys are parent, grouping, category and other
    {"contextActivities": {"sibling": [ACTIVITY]}}, {"contextActivities": {"Parent": [ACTIVITY]}},
    # XAPI-00094: its values are Activities
    {"contextActivities": {"parent": [MBOX]}}, {"contextActivities": {"parent": [{"objectType": "Agent", **MBOX}]}},
    {"contextActivities": {"parent": ["http://example.com/a"]}},
    {"contextActivities": {"parent": [{"id": "no scheme"}]}},
    {"contextActivities": {"parent": [{**ACTIVITY, "definition": {"type": "no scheme"}}]}},
    # XAPI-00095: it holds at least one key
    {"contextActivities": {}},
    # XAPI-00118 / 00120: extensions are an object with IRI keys
    {"extensions": {"not an iri": 1}}, {"extensions": [1]},
    # Data 2.2: no other properties; contextAgents and contextGroups are xAPI 2.0 only
    {"mood": "good"}, {"contextAgents": []},
]


@pytest.mark.parametrize("context", INVALID_CONTEXTS, ids=case_id)
def test_2_4_6_xapi_00086_to_00095_invalid_contexts(lrs, context):
    assert post_status(lrs, statement(context=context)) == 400
    assert post_status(lrs, statement(object={**SUB, "context": context})) == 400


@pytest.mark.parametrize("key", ["revision", "platform"])
@pytest.mark.parametrize("obj", [
    {"objectType": "Agent", **MBOX}, GROUP, {"objectType": "StatementRef", "id": UUID}, SUB,
], ids=["Agent", "Group", "StatementRef", "SubStatement"])
def test_2_4_6_xapi_00084_00085_revision_and_platform_only_with_an_activity(lrs, key, obj):
    assert post_status(lrs, statement(object=obj, context={key: "x"})) == 400
    assert post_status(lrs, statement(object=ACTIVITY, context={key: "x"})) == 200
    assert post_status(lrs, statement(object={"id": ACTIVITY["id"]}, context={key: "x"})) == 200


def test_2_4_6_revision_in_a_sub_statement_follows_the_sub_statements_object(lrs):
    with_agent = {**SUB, "object": {"objectType": "Agent", **MBOX}, "context": {"revision": "1"}}
    assert post_status(lrs, statement(object=with_agent)) == 400
    assert post_status(lrs, statement(object={**SUB, "context": {"revision": "1"}})) == 200


def test_2_4_6_2_xapi_00096_a_single_context_activity_is_returned_in_an_array(lrs):
    parent = {"id": "http://example.com/programme"}
    body = stored(lrs, statement(context={"contextActivities": {"parent": parent, "grouping": [ACTIVITY]}}))
    assert body["context"]["contextActivities"] == {"parent": [parent], "grouping": [ACTIVITY]}
    sub = {**SUB, "context": {"contextActivities": {"category": parent}}}
    body = stored(lrs, statement(object=sub))
    assert body["object"]["context"]["contextActivities"] == {"category": [parent]}


def test_2_4_6_2_a_statement_sent_again_with_its_context_activity_as_an_array_is_the_same(lrs):
    """Data 2.3.1: the array is the LRS's own serialisation, so the same statement sent either way is the
    same statement (204), not a conflict."""
    statement_id = "4f0bbd17-3b5b-4d2e-8f43-b1b0a0d39a87"
    single = statement(context={"contextActivities": {"parent": ACTIVITY}})
    assert lrs.put("statements", single, params={"statementId": statement_id}).status_code == 204
    listed = statement(context={"contextActivities": {"parent": [ACTIVITY]}})
    assert lrs.put("statements", listed, params={"statementId": statement_id}).status_code == 204
    assert lrs.put("statements", single, params={"statementId": statement_id}).status_code == 204
