"""Canonical keys for agents and activities: what the filter columns and `StatementKey` rows hold.

An agent's key is its inverse functional identifier as one string (`mbox:mailto:a@b`, `sha1:<hex>`,
`openid:<iri>`, `account:<homePage>|<name>`); two agents with the same identifier are the same agent. The actor
and object columns mark an identified Group's key (`group|mbox:...`), as a Group is not the Agent with its
identifier; member and related-agent rows hold plain keys.
"""

import hashlib

MAX_KEY = 255


def _bounded(text: str) -> str:
    if len(text) <= MAX_KEY:
        return text
    return "h:" + hashlib.sha256(text.encode()).hexdigest()


def agent_key(agent: dict | None) -> str:
    """The key of an Agent or identified Group; "" for an anonymous Group or anything else."""
    if not isinstance(agent, dict):
        return ""
    if "mbox" in agent:
        return _bounded("mbox:" + agent["mbox"].lower())
    if "mbox_sha1sum" in agent:
        return "sha1:" + agent["mbox_sha1sum"].lower()
    if "openid" in agent:
        return _bounded("openid:" + agent["openid"])
    account = agent.get("account")
    if isinstance(account, dict):
        return _bounded(f"account:{account.get('homePage', '')}|{account.get('name', '')}")
    return ""


GROUP_MARK = "group|"


def identity_key(agent: dict | None) -> str:
    """The key in a statement's actor or object column: an Agent's key, or an identified Group's key marked
    as a Group's. "Agents or Identified Groups are equal when the same Inverse Functional Identifier is used
    in each Object compared and those Objects have the same objectType" (Communication 2.1.3), so the agent
    filter for one never finds the other."""
    key = agent_key(agent)
    if key and agent.get("objectType") == "Group":
        return as_group(key)
    return key


def as_group(key: str) -> str:
    """An identifier's key as an identified Group's (see identity_key)."""
    return _bounded(GROUP_MARK + key)


def email_keys(email: str) -> list[str]:
    """The keys under which outside tools identify a person by e-mail: mbox and mbox_sha1sum."""
    mbox = "mailto:" + email.strip().lower()
    return ["mbox:" + mbox, "sha1:" + hashlib.sha1(mbox.encode(), usedforsecurity=False).hexdigest()]


def activity_key(activity_id: str) -> str:
    return activity_id if len(activity_id) <= 512 else "h:" + hashlib.sha256(activity_id.encode()).hexdigest()


def _agents_in(actor: dict | None):
    if not isinstance(actor, dict):
        return
    key = agent_key(actor)
    if key:
        yield key
    for member in actor.get("member") or []:
        member_key = agent_key(member)
        if member_key:
            yield member_key


def _activities_in_context(context: dict | None):
    if not isinstance(context, dict):
        return
    for value in (context.get("contextActivities") or {}).values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "id" in item:
                yield activity_key(item["id"])


def _agents_in_context(context: dict | None):
    if not isinstance(context, dict):
        return
    yield from _agents_in(context.get("instructor"))
    yield from _agents_in(context.get("team"))
    for item in context.get("contextAgents") or []:
        yield from _agents_in(item.get("agent"))
    for item in context.get("contextGroups") or []:
        yield from _agents_in(item.get("group"))


def related_keys(statement: dict) -> tuple[set[str], set[str]]:
    """Every agent key and activity key a statement mentions (for related_agents / related_activities)."""
    agents, activities = _mentioned(statement)
    return agents, activities


def extra_keys(statement: dict, actor_key: str, object_agent_key: str, activity_id: str, *,
               with_authority: bool = True) -> tuple[set, set, set]:
    """The keys beyond the statement's own actor and object (those are indexed columns already): the members
    of its actor or object Group, which the plain agent filter matches too (Communication 2.1.3), and every
    other agent and activity it mentions, for related_agents and related_activities.

    Without `with_authority` the authority is left out: the store finds the authority a client's statements
    get through the statement's client column instead of a key row per statement.
    """
    agents, activities = _mentioned(statement, with_authority=with_authority)
    members = member_keys(statement)
    agents -= members
    agents.discard(actor_key)
    agents.discard(object_agent_key)
    activities.discard(activity_id)
    return members, agents, activities


def member_keys(statement: dict) -> set[str]:
    """The keys of the members of the statement's actor or object Group (the agent filter matches them)."""
    return {key for part in (statement.get("actor"), statement.get("object")) for key in _members_of(part)}


def _members_of(actor) -> set[str]:
    if not isinstance(actor, dict) or actor.get("objectType") != "Group":
        return set()
    return {key for key in (agent_key(member) for member in actor.get("member") or []) if key}


def _mentioned(statement: dict, *, with_authority: bool = True) -> tuple[set[str], set[str]]:
    agents: set[str] = set()
    activities: set[str] = set()
    parts = [statement]
    obj = statement.get("object") or {}
    if obj.get("objectType") == "SubStatement":
        parts.append(obj)
    for part in parts:
        agents.update(_agents_in(part.get("actor")))
        target = part.get("object") or {}
        kind = target.get("objectType", "Activity")
        if kind in ("Agent", "Group"):
            agents.update(_agents_in(target))
        elif kind == "Activity" and "id" in target:
            activities.add(activity_key(target["id"]))
        agents.update(_agents_in_context(part.get("context")))
        activities.update(_activities_in_context(part.get("context")))
    if with_authority:
        agents.update(_agents_in(statement.get("authority")))
    return agents, activities
