"""xAPI 1.0.3, Data 2.4.3 Verb and 2.4.4 Object: activities and their definitions, interaction activities,
agents as objects, statement references and sub-statements (XAPI-00044 to XAPI-00073)."""

import pytest

from leerritme.xapi.tests.conformance.helpers import ACTIVITY, MBOX, SUB, UUID, case_id, post_status, stored
from leerritme.xapi.tests.conftest import statement

pytestmark = pytest.mark.django_db

COMPONENTS = [{"id": "golf", "description": {"en-US": "Golf Example"}}, {"id": "tetris"}]


def defined(**definition) -> dict:
    return statement(object={**ACTIVITY, "definition": definition})


# --- Data 2.4.3, XAPI-00044 / XAPI-00045: verb id is an IRI, display a language map ------------------------
@pytest.mark.parametrize("verb", [
    {"id": "http://adlnet.gov/expapi/verbs/attempted"},
    {"id": "urn:example:verbs:did"},
    {"id": "http://example.com/verbs/did", "display": {"en-US": "did", "nl-NL": "deed", "zh-Hant": "做"}},
], ids=case_id)
def test_2_4_3_valid_verbs(lrs, verb):
    assert post_status(lrs, statement(verb=verb)) == 200


@pytest.mark.parametrize("verb", [
    {}, {"display": {"en-US": "did"}}, {"id": "did"}, {"id": 5}, {"id": "http://example.com/v", "display": "did"},
    {"id": "http://example.com/v", "display": {"en-US": 5}}, {"id": "http://example.com/v", "display": ["did"]},
    {"id": "http://example.com/v", "display": {"not a tag": "did"}}, "http://example.com/v",
], ids=case_id)
def test_2_4_3_xapi_00044_00045_invalid_verbs(lrs, verb):
    assert post_status(lrs, statement(verb=verb)) == 400
    assert post_status(lrs, statement(object={**SUB, "verb": verb})) == 400


# --- Data 2.4.4, XAPI-00046: the object's objectType ------------------------------------------------------
@pytest.mark.parametrize("kind", ["Activity", "Agent", "Group", "StatementRef", "SubStatement"])
def test_2_4_4_every_object_type_is_accepted(lrs, kind):
    obj = {"Activity": ACTIVITY, "Agent": {"objectType": "Agent", **MBOX},
           "Group": {"objectType": "Group", "member": [MBOX]},
           "StatementRef": {"objectType": "StatementRef", "id": UUID}, "SubStatement": SUB}[kind]
    assert post_status(lrs, statement(object=obj)) == 200


@pytest.mark.parametrize("kind", ["Statement", "Person", "activity", "", None, 7])
def test_2_4_4_xapi_00046_other_object_types_are_rejected(lrs, kind):
    assert post_status(lrs, statement(object={**ACTIVITY, "objectType": kind})) == 400


# --- Data 2.4.4.1, XAPI-00047 / 00048 / 00056 to 00061: activities and definitions --------------------------
def test_2_4_4_1_an_activity_without_object_type_is_an_activity(lrs):
    assert post_status(lrs, statement(object={"id": "http://example.com/activities/a"})) == 200


@pytest.mark.parametrize("data", [
    statement(object={"objectType": "Activity"}),
    statement(object={"id": "no scheme"}),
    statement(object={"id": {"iri": "http://example.com/a"}}),
    statement(object={**ACTIVITY, "definition": "a course"}),
    statement(object={**ACTIVITY, "definition": {"name": "Course"}}),
    statement(object={**ACTIVITY, "definition": {"name": {"en-US": ["Course"]}}}),
    statement(object={**ACTIVITY, "definition": {"name": {"de-419-DE": "Kurs"}}}),
    statement(object={**ACTIVITY, "definition": {"description": "A course"}}),
    statement(object={**ACTIVITY, "definition": {"description": {"not a tag": "A course"}}}),
    statement(object={**ACTIVITY, "definition": {"type": "course"}}),
    statement(object={**ACTIVITY, "definition": {"type": 5}}),
    statement(object={**ACTIVITY, "definition": {"moreInfo": "not an irl"}}),
    statement(object={**ACTIVITY, "definition": {"extensions": "x"}}),
    statement(object={**ACTIVITY, "definition": {"extensions": ["http://example.com/e"]}}),
    statement(object={**ACTIVITY, "definition": {"extensions": {"not an iri": 1}}}),
], ids=case_id)
def test_2_4_4_1_xapi_00047_to_00061_invalid_activities(lrs, data):
    assert post_status(lrs, data) == 400


def test_2_4_4_1_a_full_activity_definition_is_accepted(lrs):
    data = defined(name={"en-US": "Course"}, description={"en-US": "A course", "nl": "Een cursus"},
                   type="http://adlnet.gov/expapi/activities/course", moreInfo="https://example.com/course",
                   extensions={"http://example.com/ext": {"any": ["thing", None]}})
    assert post_status(lrs, data) == 200


# --- Data 2.4.4.1 interaction activities, XAPI-00049 to 00055, 00058, 00062 to 00064 ------------------------
@pytest.mark.parametrize("definition", [
    {"interactionType": "true-false", "correctResponsesPattern": ["true"]},
    {"interactionType": "choice", "choices": COMPONENTS, "correctResponsesPattern": ["golf[,]tetris"]},
    {"interactionType": "fill-in", "correctResponsesPattern": ["Bob's your uncle"]},
    {"interactionType": "long-fill-in", "correctResponsesPattern": ["{case_matters=false}{lang=en}To be or not"]},
    {"interactionType": "matching", "source": COMPONENTS, "target": COMPONENTS,
     "correctResponsesPattern": ["golf[.]tetris"]},
    {"interactionType": "performance", "steps": COMPONENTS, "correctResponsesPattern": ["golf[.]1:3"]},
    {"interactionType": "sequencing", "choices": COMPONENTS, "correctResponsesPattern": ["tetris[,]golf"]},
    {"interactionType": "likert", "scale": COMPONENTS, "correctResponsesPattern": ["golf"]},
    {"interactionType": "numeric", "correctResponsesPattern": ["4[:]"]},
    {"interactionType": "other", "correctResponsesPattern": ["(35.937432,-86.868896)"]},
    {"interactionType": "choice"},
    {"interactionType": "likert", "scale": []},
], ids=case_id)
def test_2_4_4_1_valid_interaction_activities(lrs, definition):
    assert post_status(lrs, defined(**definition)) == 200


INVALID_INTERACTIONS = [
    # XAPI-00049: one of ten interaction types
    {"interactionType": "essay"},
    {"interactionType": "http://example.com/types/choice"},
    {"interactionType": 5},
    {"interactionType": {"type": "choice"}},
    # XAPI-00050: correctResponsesPattern is an array of strings
    {"interactionType": "choice", "choices": COMPONENTS, "correctResponsesPattern": "golf"},
    {"interactionType": "numeric", "correctResponsesPattern": [4]},
    # XAPI-00064: correctResponsesPattern or components need an interactionType
    {"correctResponsesPattern": ["golf"]},
    {"choices": COMPONENTS},
    {"scale": COMPONENTS},
    # XAPI-00051 to 00055: each component list is an array of interaction components, allowed only where
    # its interaction type uses it
    {"interactionType": "choice", "choices": {"golf": "Golf"}},
    {"interactionType": "choice", "scale": COMPONENTS},
    {"interactionType": "likert", "choices": COMPONENTS},
    {"interactionType": "matching", "steps": COMPONENTS},
    {"interactionType": "performance", "source": COMPONENTS},
    {"interactionType": "sequencing", "target": COMPONENTS},
    {"interactionType": "true-false", "choices": COMPONENTS},
    {"interactionType": "fill-in", "choices": COMPONENTS},
    {"interactionType": "numeric", "steps": COMPONENTS},
    {"interactionType": "other", "scale": COMPONENTS},
    # XAPI-00058: component ids are required, strings, unique within their list
    {"interactionType": "choice", "choices": [{"description": {"en-US": "Golf"}}]},
    {"interactionType": "choice", "choices": [{"id": 1}]},
    {"interactionType": "choice", "choices": [{"id": "golf"}, {"id": "golf"}]},
    {"interactionType": "matching", "source": COMPONENTS, "target": [{"id": "a"}, {"id": "a"}]},
    # XAPI-00062 / 00063: a component is an object whose description is a language map
    {"interactionType": "choice", "choices": ["golf"]},
    {"interactionType": "choice", "choices": [{"id": "golf", "description": "Golf"}]},
    {"interactionType": "choice", "choices": [{"id": "golf", "description": {"de-419-DE": "Golf"}}]},
    {"interactionType": "choice", "choices": [{"id": "golf", "name": {"en-US": "Golf"}}]},
]


@pytest.mark.parametrize("definition", INVALID_INTERACTIONS, ids=case_id)
def test_2_4_4_1_xapi_00049_to_00064_invalid_interaction_activities(lrs, definition):
    assert post_status(lrs, defined(**definition)) == 400
    sub = {**SUB, "object": {**ACTIVITY, "definition": definition}}
    assert post_status(lrs, statement(object=sub)) == 400
    context = {"contextActivities": {"parent": [{**ACTIVITY, "definition": definition}]}}
    assert post_status(lrs, statement(context=context)) == 400


# --- Data 2.4.4.3 statement references, XAPI-00072 / 00073 ----------------------------------------------------
@pytest.mark.parametrize("obj", [
    {"objectType": "StatementRef"},
    {"objectType": "StatementRef", "id": "not a uuid"},
    {"objectType": "StatementRef", "id": 12345},
    {"objectType": "StatementRef", "id": UUID, "definition": {}},
    {"id": UUID},
], ids=case_id)
def test_2_4_4_3_xapi_00072_00073_invalid_statement_refs(lrs, obj):
    assert post_status(lrs, statement(object=obj)) == 400


def test_2_4_4_3_a_statement_ref_to_an_unknown_statement_is_accepted(lrs):
    body = stored(lrs, statement(object={"objectType": "StatementRef", "id": UUID}))
    assert body["object"] == {"objectType": "StatementRef", "id": UUID}


# --- Data 2.4.4.3 sub-statements, XAPI-00066 to 00071, 00073 -------------------------------------------------
@pytest.mark.parametrize("sub", [
    {**SUB, "id": UUID},
    {**SUB, "stored": "2024-01-01T00:00:00Z"},
    {**SUB, "version": "1.0.0"},
    {**SUB, "authority": MBOX},
    {**SUB, "object": {**SUB}},
    {key: value for key, value in SUB.items() if key != "objectType"},
    {key: value for key, value in SUB.items() if key != "actor"},
    {key: value for key, value in SUB.items() if key != "verb"},
    {key: value for key, value in SUB.items() if key != "object"},
    {**SUB, "actor": {"name": "No identifier"}},
    {**SUB, "verb": {"id": "did"}},
    {**SUB, "object": {"id": "no scheme"}},
    {**SUB, "result": {"score": {"scaled": 2}}},
    {**SUB, "context": {"registration": "x"}},
    {**SUB, "timestamp": "yesterday"},
    {**SUB, "attachments": {"usageType": "http://example.com/u"}},
    {**SUB, "colour": "blue"},
], ids=case_id)
def test_2_4_4_3_xapi_00066_to_00071_invalid_sub_statements(lrs, sub):
    assert post_status(lrs, statement(object=sub)) == 400


def test_2_4_4_3_a_sub_statement_with_every_allowed_property(lrs):
    sub = {**SUB, "result": {"success": True}, "context": {"registration": UUID}, "attachments": [],
           "timestamp": "2024-01-01T10:00:00Z", "object": {"objectType": "StatementRef", "id": UUID}}
    body = stored(lrs, statement(object=sub))
    assert body["object"]["object"] == {"objectType": "StatementRef", "id": UUID}
    assert body["object"]["timestamp"] == "2024-01-01T10:00:00Z"
