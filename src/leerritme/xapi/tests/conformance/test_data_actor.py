"""xAPI 1.0.3, Data 2.4.2 Actor: Agents, Groups, inverse functional identifiers and accounts
(XAPI-00031 to XAPI-00043, XAPI-00065).

Every rule holds wherever an Agent or Group appears: actor, object, authority, context instructor and team,
and the same places inside a sub-statement.
"""

import pytest

from leerritme.xapi.tests.conformance.helpers import ACTIVITY, MBOX, SUB, case_id, post_status
from leerritme.xapi.tests.conftest import statement

pytestmark = pytest.mark.django_db

SHA1 = "cd9b00a5611f94eaa7b1661edab976068e364975"
ACCOUNT = {"account": {"homePage": "http://www.example.com", "name": "xAPI account name"}}
OPENID = {"openid": "http://openid.example.org/12345"}
OTHER = {"mbox": "mailto:other@example.com"}


def placed(agent, where: str) -> dict:
    """A statement with `agent` in one of the places an Agent or Group can stand."""
    as_object = {"objectType": "Agent", **agent} if isinstance(agent, dict) and "objectType" not in agent else agent
    return {
        "actor": lambda: statement(actor=agent),
        "object": lambda: statement(object=as_object),
        "authority": lambda: statement(authority=agent),
        "instructor": lambda: statement(context={"instructor": agent}),
        "sub-statement actor": lambda: statement(object={**SUB, "actor": agent}),
        "sub-statement object": lambda: statement(object={**SUB, "object": as_object}),
        "sub-statement instructor": lambda: statement(object={**SUB, "context": {"instructor": agent}}),
    }[where]()


PLACES = ["actor", "object", "authority", "instructor", "sub-statement actor", "sub-statement object",
          "sub-statement instructor"]

VALID_AGENTS = [
    {"name": "xAPI mbox", "mbox": "mailto:xapi@adlnet.gov"},
    {"objectType": "Agent", "mbox": "mailto:xapi@adlnet.gov"},
    {"objectType": "Agent", "mbox_sha1sum": SHA1},
    {"objectType": "Agent", **OPENID},
    {"objectType": "Agent", **ACCOUNT},
    {"objectType": "Agent", "name": "Ünïcödé", **ACCOUNT},
]

INVALID_AGENTS = [
    # XAPI-00031 / XAPI-00032: objectType is "Agent" or "Group", exactly
    {"objectType": "agent", **MBOX},
    {"objectType": "Person", **MBOX},
    {"objectType": 1, **MBOX},
    # XAPI-00033: name is a string
    {"name": ["x"], **MBOX},
    # XAPI-00034: exactly one inverse functional identifier
    {"objectType": "Agent"},
    {"name": "No identifier"},
    {**MBOX, **ACCOUNT},
    {**MBOX, "mbox_sha1sum": SHA1},
    {**MBOX, **OPENID},
    {"mbox_sha1sum": SHA1, **OPENID},
    {**OPENID, **ACCOUNT},
    # XAPI-00038: mbox is a mailto IRI
    {"mbox": "xapi@adlnet.gov"},
    {"mbox": "mailto:"},
    {"mbox": "mailto:not an address"},
    {"mbox": "http://example.com/xapi@adlnet.gov"},
    {"mbox": 5},
    # XAPI-00039: mbox_sha1sum is a SHA1 hex string
    {"mbox_sha1sum": "not a hash"},
    {"mbox_sha1sum": SHA1[:-1]},
    {"mbox_sha1sum": 12},
    # XAPI-00040: openid is a URI
    {"openid": "not a uri"},
    {"openid": ""},
    # XAPI-00041 to XAPI-00043: an account object has homePage (IRL) and name (string), nothing else
    {"account": "alice"},
    {"account": {"homePage": "http://www.example.com"}},
    {"account": {"name": "alice"}},
    {"account": {"homePage": "www.example.com", "name": "alice"}},
    {"account": {"homePage": "http://www.example.com", "name": {"key": "should fail"}}},
    {"account": {"homePage": "http://www.example.com", "name": "alice", "id": 1}},
    {"account": {}},
    # XAPI-00035: member only in a Group
    {"objectType": "Agent", **MBOX, "member": [OTHER]},
    # a plain string is not an Agent
    "mailto:xapi@adlnet.gov",
]

VALID_GROUPS = [
    {"objectType": "Group", "member": [MBOX]},
    {"objectType": "Group", "name": "Team", "member": [MBOX, {"objectType": "Agent", **OTHER}]},
    {"objectType": "Group", **MBOX},
    {"objectType": "Group", **ACCOUNT, "member": [OTHER]},
    {"objectType": "Group", "mbox_sha1sum": SHA1, "member": []},
]

INVALID_GROUPS = [
    # XAPI-00037: an anonymous Group has at least one member; an identified one exactly one IFI
    {"objectType": "Group"},
    {"objectType": "Group", "member": []},
    {"objectType": "Group", "name": "Team"},
    {"objectType": "Group", **MBOX, **OPENID},
    {"objectType": "Group", "mbox": "team@example.com", "member": [OTHER]},
    # XAPI-00036: member is an array of Agents
    {"objectType": "Group", "member": MBOX},
    {"objectType": "Group", "member": [{"objectType": "Group", "member": [MBOX]}]},
    {"objectType": "Group", "member": [{"name": "No identifier"}]},
    {"objectType": "Group", "member": [{**MBOX, **OPENID}]},
    {"objectType": "Group", "member": ["mailto:xapi@adlnet.gov"]},
    {"objectType": "group", "member": [MBOX]},
    # a Group is only a Group with objectType "Group"
    {"member": [MBOX]},
]


@pytest.mark.parametrize("where", PLACES)
@pytest.mark.parametrize("agent", VALID_AGENTS, ids=case_id)
def test_2_4_2_1_valid_agents_are_accepted_everywhere(lrs, agent, where):
    assert post_status(lrs, placed(agent, where)) == 200


@pytest.mark.parametrize("where", PLACES)
@pytest.mark.parametrize("agent", INVALID_AGENTS, ids=case_id)
def test_2_4_2_1_xapi_00031_to_00043_invalid_agents_are_rejected_everywhere(lrs, agent, where):
    assert post_status(lrs, placed(agent, where)) == 400


@pytest.mark.parametrize("where", ["actor", "object", "instructor", "sub-statement actor", "sub-statement object"])
@pytest.mark.parametrize("group", VALID_GROUPS, ids=case_id)
def test_2_4_2_2_valid_groups_are_accepted(lrs, group, where):
    assert post_status(lrs, placed(group, where)) == 200


@pytest.mark.parametrize("where", PLACES)
@pytest.mark.parametrize("group", INVALID_GROUPS, ids=case_id)
def test_2_4_2_2_xapi_00035_to_00037_invalid_groups_are_rejected_everywhere(lrs, group, where):
    assert post_status(lrs, placed(group, where)) == 400


@pytest.mark.parametrize("group", VALID_GROUPS + INVALID_GROUPS, ids=case_id)
def test_2_4_2_2_a_team_is_a_valid_group(lrs, group):
    expected = 200 if group in VALID_GROUPS else 400
    assert post_status(lrs, statement(context={"team": group})) == expected
    assert post_status(lrs, statement(object={**SUB, "context": {"team": group}})) == expected


@pytest.mark.parametrize("team", [MBOX, {"objectType": "Agent", **MBOX}], ids=["no objectType", "Agent"])
def test_2_4_6_xapi_00088_a_team_that_is_an_agent_is_rejected(lrs, team):
    assert post_status(lrs, statement(context={"team": team})) == 400


@pytest.mark.parametrize("agent", [MBOX, {"mbox_sha1sum": SHA1}, OPENID, ACCOUNT], ids=case_id)
def test_2_4_4_2_xapi_00065_an_agent_as_object_needs_its_object_type(lrs, agent):
    assert post_status(lrs, statement(object=agent)) == 400
    assert post_status(lrs, statement(object={"objectType": "Agent", **agent})) == 200


def test_2_4_4_2_xapi_00065_a_group_as_object_needs_its_object_type(lrs):
    assert post_status(lrs, statement(object={"member": [MBOX]})) == 400
    assert post_status(lrs, statement(object={"objectType": "Group", "member": [MBOX]})) == 200


def test_2_4_2_an_activity_is_not_an_actor(lrs):
    assert post_status(lrs, statement(actor=ACTIVITY)) == 400
