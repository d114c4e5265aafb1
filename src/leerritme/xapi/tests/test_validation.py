"""Data, part two: every statement rule, section by section (each invalid statement gets 400 from the LRS)."""

import pytest

from leerritme.xapi.tests.conftest import statement
from leerritme.xapi.validation import V1, V2, StatementError, validate_statement

MBOX = {"mbox": "mailto:a@example.com"}
ACTIVITY = {"id": "http://example.com/a"}


def invalid(data, version=V1):
    with pytest.raises(StatementError) as caught:
        validate_statement(data, version)
    return str(caught.value)


def test_a_minimal_statement_is_valid():
    validate_statement(statement())
    validate_statement({"actor": MBOX, "verb": {"id": "http://x.com/v"}, "object": ACTIVITY})


# 2.2 properties -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("missing", ["actor", "verb", "object"])
def test_required_properties(missing):
    data = statement()
    del data[missing]
    assert missing in invalid(data)


def test_unknown_properties_are_rejected_everywhere():
    assert "unknown" in invalid(statement(colour="blue"))
    assert "unknown" in invalid(statement(verb={"id": "http://x.com/v", "colour": 1}))
    assert "unknown" in invalid(statement(result={"grade": "A"}))
    assert "unknown" in invalid(statement(context={"mood": "good"}))


# 2.4.1 id ------------------------------------------------------------------------------------------------
def test_id_must_be_a_uuid():
    assert "UUID" in invalid(statement(id="not-a-uuid"))
    assert "UUID" in invalid(statement(id=12))


# 2.4.2 actor ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("actor", [
    {"name": "No identifier"},
    {"mbox": "mailto:a@example.com", "openid": "http://a.example.com/"},
    {"mbox": "a@example.com"},
    {"mbox_sha1sum": "xyz"},
    {"openid": "not an iri"},
    {"account": {"homePage": "http://example.com"}},
    {"account": {"homePage": "not iri", "name": "x"}},
    {"account": {"homePage": "http://example.com", "name": "x", "extra": 1}},
    {"objectType": "Person", "mbox": "mailto:a@example.com"},
    {"objectType": "Group"},
    {"objectType": "Group", "member": [{"objectType": "Group", "member": [MBOX]}]},
    {"objectType": "Agent", "mbox": "mailto:a@example.com", "member": [MBOX]},
    "mailto:a@example.com",
])
def test_invalid_actors(actor):
    invalid(statement(actor=actor))


@pytest.mark.parametrize("actor", [
    {"mbox_sha1sum": "a" * 40},
    {"openid": "http://openid.example.com/alice"},
    {"account": {"homePage": "http://example.com", "name": "alice"}},
    {"objectType": "Group", "member": [MBOX]},
    {"objectType": "Group", "name": "Team", "mbox": "mailto:team@example.com"},
])
def test_valid_actors(actor):
    validate_statement(statement(actor=actor))


# 2.4.3 verb ----------------------------------------------------------------------------------------------
def test_verb_needs_an_iri_id_and_a_language_map_display():
    invalid(statement(verb={"display": {"en-US": "x"}}))
    invalid(statement(verb={"id": "completed"}))
    invalid(statement(verb={"id": "http://x.com/v", "display": {"not a tag!": "x"}}))
    invalid(statement(verb={"id": "http://x.com/v", "display": {"en-US": 5}}))
    invalid(statement(verb={"id": "http://x.com/v", "display": "completed"}))


# 2.4.4 object --------------------------------------------------------------------------------------------
def test_activity_rules():
    invalid(statement(object={"objectType": "Activity"}))
    invalid(statement(object={"id": "no scheme"}))
    invalid(statement(object={"objectType": "Thing", "id": "http://x.com/a"}))
    invalid(statement(object={**ACTIVITY, "definition": {"type": "not iri"}}))
    invalid(statement(object={**ACTIVITY, "definition": {"moreInfo": "nope"}}))
    invalid(statement(object={**ACTIVITY, "definition": {"extensions": {"not iri": 1}}}))


def test_interaction_rules():
    choices = [{"id": "a", "description": {"en-US": "A"}}, {"id": "b", "description": {"en-US": "B"}}]
    validate_statement(statement(object={**ACTIVITY, "definition": {
        "interactionType": "choice", "choices": choices, "correctResponsesPattern": ["a"]}}))
    invalid(statement(object={**ACTIVITY, "definition": {"interactionType": "essay"}}))
    invalid(statement(object={**ACTIVITY, "definition": {"interactionType": "true-false", "choices": choices}}))
    invalid(statement(object={**ACTIVITY, "definition": {"choices": choices}}))
    invalid(statement(object={**ACTIVITY, "definition": {"interactionType": "choice", "choices": choices * 2}}))
    invalid(statement(object={**ACTIVITY, "definition": {"interactionType": "choice",
                                                         "correctResponsesPattern": "a"}}))
    validate_statement(statement(object={**ACTIVITY, "definition": {
        "interactionType": "matching", "source": choices, "target": choices}}))
    invalid(statement(object={**ACTIVITY, "definition": {"interactionType": "likert", "steps": choices}}))


def test_statement_ref_and_agents_as_object():
    validate_statement(statement(object={"objectType": "StatementRef", "id": "9e13cefd-53d3-4eac-b5ed-2cf6693903bb"}))
    invalid(statement(object={"objectType": "StatementRef", "id": "nope"}))
    validate_statement(statement(object={"objectType": "Agent", **MBOX}))
    invalid(statement(object={"objectType": "Agent"}))


def test_sub_statement_rules():
    sub = {"objectType": "SubStatement", "actor": MBOX, "verb": {"id": "http://x.com/v"}, "object": ACTIVITY}
    validate_statement(statement(object=sub))
    for forbidden in ("id", "stored", "version", "authority"):
        invalid(statement(object={**sub, forbidden: "x"}))
    invalid(statement(object={**sub, "object": {**sub}}))
    invalid(statement(object={"objectType": "SubStatement", "actor": MBOX, "object": ACTIVITY}))


# 2.4.5 result --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("result", [
    {"score": {"scaled": 1.5}}, {"score": {"scaled": -2}}, {"score": {"raw": 5, "min": 10}},
    {"score": {"raw": 50, "max": 10}}, {"score": {"min": 10, "max": 5}}, {"score": {"raw": "5"}},
    {"success": "yes"}, {"completion": 1}, {"response": 5}, {"duration": "5 minutes"}, {"duration": "PT"},
    {"extensions": {"x": 1}},
])
def test_invalid_results(result):
    invalid(statement(result=result))


def test_valid_result():
    validate_statement(statement(result={"score": {"scaled": 0.8, "raw": 8, "min": 0, "max": 10}, "success": True,
                                         "completion": True, "response": "ok", "duration": "PT1H30M",
                                         "extensions": {"http://x.com/e": {"any": "thing"}}}))
    validate_statement(statement(result={"duration": "P1DT2.5S"}))


# 2.4.6 context -------------------------------------------------------------------------------------------
def test_context_rules():
    validate_statement(statement(context={"registration": "9e13cefd-53d3-4eac-b5ed-2cf6693903bb",
                                          "instructor": MBOX, "revision": "2", "platform": "LMS", "language": "nl-NL",
                                          "contextActivities": {"parent": ACTIVITY, "grouping": [ACTIVITY]}}))
    invalid(statement(context={"registration": "x"}))
    invalid(statement(context={"team": MBOX}))
    invalid(statement(context={"contextActivities": {"sibling": [ACTIVITY]}}))
    invalid(statement(context={"language": "not a language"}))
    invalid(statement(context={"statement": {"id": "9e13cefd-53d3-4eac-b5ed-2cf6693903bb"}}))
    agent_object = {"objectType": "Agent", **MBOX}
    invalid(statement(object=agent_object, context={"revision": "2"}))
    invalid(statement(object=agent_object, context={"platform": "LMS"}))


# 2.4.7 / 4.5 timestamps ----------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["2024-13-01T00:00:00Z", "yesterday", "2024-01-01T10:00:00-00:00", "2024-01-01"])
def test_invalid_timestamps(value):
    invalid(statement(timestamp=value))


def test_timestamps_without_offset_are_1_0_only():
    validate_statement(statement(timestamp="2024-01-01T10:00:00.123"), V1)
    assert "time zone" in invalid(statement(timestamp="2024-01-01T10:00:00.123"), V2)
    validate_statement(statement(timestamp="2024-01-01T10:00:00.123+02:00"), V2)


# 2.4.9 authority, 2.4.10 version, 2.4.11 attachments ------------------------------------------------------
def test_authority_version_attachments():
    validate_statement(statement(authority={"objectType": "Group", "member": [MBOX, {"mbox": "mailto:b@x.com"}]}))
    invalid(statement(authority={"objectType": "Group", "member": [MBOX]}))
    invalid(statement(version="0.95"))
    attachment = {"usageType": "http://x.com/u", "display": {"en-US": "A"}, "contentType": "text/plain",
                  "length": 3, "sha2": "a" * 64}
    validate_statement(statement(attachments=[attachment]))
    invalid(statement(attachments=[{**attachment, "sha2": "xyz"}]))
    invalid(statement(attachments=[{**attachment, "length": "3"}]))
    invalid(statement(attachments=[{key: value for key, value in attachment.items() if key != "display"}]))


# 9274.1.1 (2.0): context agents and groups ---------------------------------------------------------------
def test_context_agents_and_groups_are_2_0_only():
    context = {"contextAgents": [{"objectType": "contextAgent", "agent": MBOX,
                                  "relevantTypes": ["http://x.com/mentor"]}],
               "contextGroups": [{"objectType": "contextGroup", "group": {"objectType": "Group", "member": [MBOX]}}]}
    validate_statement(statement(context=context), V2)
    invalid(statement(context=context), V1)
    invalid(statement(context={"contextAgents": [{"objectType": "contextAgent", "agent": MBOX,
                                                  "relevantTypes": []}]}), V2)
    invalid(statement(context={"contextAgents": [{"agent": MBOX}]}), V2)


def test_the_lrs_answers_400_with_the_rule(lrs):
    response = lrs.post("statements", statement(result={"score": {"scaled": 3}}))
    assert response.status_code == 400
    assert "Data 2.4.5.1" in response.json()["error"]
