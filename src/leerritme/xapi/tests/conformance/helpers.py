"""Shared pieces of the conformance tests: a valid statement of each shape, and posting one to the LRS."""

import json

from leerritme.xapi.tests.conftest import statement

MBOX = {"mbox": "mailto:xapi@example.com"}
ACTIVITY = {"objectType": "Activity", "id": "http://example.com/activities/a"}
VERB = {"id": "http://adlnet.gov/expapi/verbs/attempted", "display": {"en-US": "attempted"}}
UUID = "9e13cefd-53d3-4eac-b5ed-2cf6693903bb"
SUB = {"objectType": "SubStatement", "actor": MBOX, "verb": VERB, "object": ACTIVITY}
ATTACHMENT = {
    "usageType": "http://example.com/attachment-usage/test",
    "display": {"en-US": "A test attachment"},
    "contentType": "text/plain; charset=ascii",
    "length": 27,
    "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a",
    "fileUrl": "http://example.com/file.txt",
}


def post_status(lrs, data) -> int:
    """POST one statement (or a batch) and return the status; a 400 must say which rule was broken."""
    response = lrs.post("statements", data)
    if response.status_code == 400:
        assert response.json()["error"]
    return response.status_code


def post_raw(lrs, text: str) -> int:
    return lrs.post("statements", text).status_code


def stored(lrs, data) -> dict:
    """Store a statement and read it back as the LRS returns it."""
    response = lrs.post("statements", data)
    assert response.status_code == 200, response.content
    got = lrs.get("statements", {"statementId": response.json()[0]})
    assert got.status_code == 200
    return got.json()



def case_id(data) -> str:
    """A short test id: what a case changes in the default statement."""
    if isinstance(data, dict):
        base = statement()
        data = {key: value for key, value in data.items() if base.get(key) != value}
    return json.dumps(data)[:70]
