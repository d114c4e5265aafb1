"""A real client against the running server: the `tincan` library (xAPI 1.0.x) sends, queries and reads documents."""

import uuid

import pytest
from django_scopes import scope
from tincan import (
    Activity,
    ActivityDefinition,
    Agent,
    LanguageMap,
    RemoteLRS,
    Result,
    Score,
    Statement,
    StatementRef,
    Verb,
)
from tincan.documents import ActivityProfileDocument, AgentProfileDocument, StateDocument

from leerritme.xapi.services.clients import client_create

pytestmark = pytest.mark.django_db(transaction=True)

COMPLETED = Verb(id="http://adlnet.gov/expapi/verbs/completed", display=LanguageMap({"en-US": "completed"}))


@pytest.fixture
def remote(live_server, org):
    with scope(organisation=org):
        client, secret = client_create(organisation=org, name="Tin Can")
    return RemoteLRS(endpoint=live_server.url + "/xapi/", username=client.key, password=secret, version="1.0.3")


def _statement(agent, activity_id="http://example.com/courses/heat-pumps", verb=COMPLETED, **kwargs):
    return Statement(
        actor=agent, verb=verb,
        object=Activity(id=activity_id, definition=ActivityDefinition(name=LanguageMap({"nl-NL": "Warmtepompen"}))),
        **kwargs,
    )


def test_about(remote):
    response = remote.about()
    assert response.success
    assert "1.0.3" in response.content.version


def test_save_retrieve_query_and_void(remote):
    alice = Agent(name="Alice", mbox="mailto:alice@example.com")
    bob = Agent(name="Bob", mbox="mailto:bob@example.com")
    saved = remote.save_statement(_statement(alice, result=Result(score=Score(scaled=0.9), success=True)))
    assert saved.success, saved.data
    statement_id = saved.content.id

    fetched = remote.retrieve_statement(statement_id)
    assert fetched.success
    assert fetched.content.actor.mbox == "mailto:alice@example.com"
    assert fetched.content.result.score.scaled == 0.9

    batch = remote.save_statements([_statement(bob, activity_id=f"http://example.com/m/{n}") for n in range(5)])
    assert batch.success, batch.data
    assert len({s.id for s in batch.content}) == 5

    mine = remote.query_statements({"agent": alice, "verb": COMPLETED})
    assert mine.success
    assert [s.id for s in mine.content.statements] == [statement_id]

    paged = remote.query_statements({"agent": bob, "limit": 2})
    seen = [s.id for s in paged.content.statements]
    while paged.content.more:
        paged = remote.more_statements(paged.content)
        assert paged.success
        seen += [s.id for s in paged.content.statements]
    assert len(seen) == 5 and len(set(seen)) == 5

    voided = remote.save_statement(Statement(
        actor=alice, verb=Verb(id="http://adlnet.gov/expapi/verbs/voided"), object=StatementRef(id=statement_id)))
    assert voided.success, voided.data
    assert not remote.retrieve_statement(statement_id).success
    assert remote.retrieve_voided_statement(statement_id).content.id == statement_id


def test_put_with_own_id_and_conflict(remote):
    agent = Agent(mbox="mailto:carla@example.com")
    statement = _statement(agent, id=str(uuid.uuid4()))
    assert remote.save_statement(statement).success
    conflicting = _statement(agent, id=statement.id, activity_id="http://example.com/other")
    response = remote.save_statement(conflicting)
    assert not response.success and response.response.status == 409


def test_documents(remote):
    agent = Agent(mbox="mailto:dirk@example.com")
    activity = Activity(id="http://example.com/courses/heat-pumps")

    state = StateDocument(id="bookmark", activity=activity, agent=agent, content='{"page": 4}',
                          content_type="application/json")
    assert remote.save_state(state).success
    got = remote.retrieve_state(activity, agent, "bookmark")
    assert got.success and bytes(got.content.content) == b'{"page": 4}'
    assert remote.retrieve_state_ids(activity, agent).content == ["bookmark"]
    assert remote.delete_state(got.content).success
    assert remote.retrieve_state_ids(activity, agent).content == []

    profile = ActivityProfileDocument(id="settings", activity=activity, content="v1", content_type="text/plain")
    assert remote.save_activity_profile(profile).success
    got = remote.retrieve_activity_profile(activity, "settings")
    assert bytes(got.content.content) == b"v1"
    # Overwriting without the ETag is refused (Communication 3.1): the tincan library does not read ETag headers
    # (it looks them up in a list of tuples), so the test hands it the header.
    got.content.content = "v2"
    assert remote.save_activity_profile(got.content).response.status == 409
    got.content.etag = got.response.getheader("ETag")
    assert remote.save_activity_profile(got.content).success
    assert remote.retrieve_activity_profile(activity, "settings").content.content == bytearray(b"v2")

    agent_profile = AgentProfileDocument(id="prefs", agent=agent, content='{"lang": "nl"}',
                                         content_type="application/json")
    assert remote.save_agent_profile(agent_profile).success
    assert remote.retrieve_agent_profile_ids(agent).content == ["prefs"]
    assert remote.retrieve_agent_profile(agent, "prefs").content.content == bytearray(b'{"lang": "nl"}')


def test_wrong_password_fails(remote):
    remote.auth = "Basic " + "d3Jvbmc6d3Jvbmc="
    response = remote.about()
    assert not response.success and response.response.status == 401
