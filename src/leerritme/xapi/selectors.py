"""Reading the store: statement queries (every filter, `more` paging), documents, and outside learning."""

import copy
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.utils import timezone

from leerritme.xapi import keys as xkeys
from leerritme.xapi.models import Activity, Client, Clock, KeyKind, PersonAccount, Statement, StatementKey
from leerritme.xapi.validation import VOIDED, StatementError, Validator, check_iri, check_uuid, parse_timestamp
from leerritme.xapi.vocabulary import in_reader_language, pick_language, verb_label

PAGE = 100
MAX_PAGE = 500
FILTERS = ("agent", "verb", "activity", "registration", "related_activities", "related_agents", "since", "until",
           "limit", "format", "attachments", "ascending")
MORE_SALT = "leerritme.xapi.more"


@dataclass
class StatementQuery:
    agent_key: str = ""
    agent_is_group: bool = False  # the agent filter names an identified Group, not an Agent
    verb: str = ""
    activity: str = ""
    registration: str = ""
    related_activities: bool = False
    related_agents: bool = False
    since: str = ""
    until: str = ""
    limit: int = PAGE
    format: str = "exact"
    attachments: bool = False
    ascending: bool = False
    after: str = ""  # paging: the `stored` of the last statement on the previous page
    extra: dict = field(default_factory=dict)


def _flag(params, name: str) -> bool:
    value = params.get(name, "false")
    if value not in ("true", "false"):
        raise StatementError(f"{name} must be true or false (Communication 2.1.3).")
    return value == "true"


def parse_query(params, version: str) -> StatementQuery:
    """Check the filter parameters of GET /statements (Communication 2.1.3)."""
    unknown = set(params) - set(FILTERS)
    if unknown:
        raise StatementError(f"Unknown parameters {sorted(unknown)} (Communication 2.1.3).")
    query = StatementQuery()
    if "agent" in params:
        try:
            agent = json.loads(params["agent"])
        except ValueError:
            raise StatementError("agent must be a JSON Agent or Group (Communication 2.1.3).") from None
        Validator(version).agent(agent, "agent")
        query.agent_key = xkeys.agent_key(agent)
        query.agent_is_group = agent.get("objectType") == "Group"
        if not query.agent_key:
            raise StatementError("agent must be an identified Agent or Group (Communication 2.1.3).")
    if "verb" in params:
        query.verb = check_iri(params["verb"], "verb")
    if "activity" in params:
        query.activity = xkeys.activity_key(check_iri(params["activity"], "activity"))
    if "registration" in params:
        query.registration = check_uuid(params["registration"], "registration").lower()
    query.related_activities = _flag(params, "related_activities")
    query.related_agents = _flag(params, "related_agents")
    for name in ("since", "until"):
        if name in params:
            setattr(query, name, format_instant(parse_timestamp(params[name], name, version)))
    if "limit" in params:
        try:
            query.limit = int(params["limit"])
        except ValueError:
            raise StatementError("limit must be a whole number (Communication 2.1.3).") from None
        if query.limit < 0:
            raise StatementError("limit must not be negative (Communication 2.1.3).")
        query.limit = MAX_PAGE if query.limit == 0 else min(query.limit, MAX_PAGE)
    query.format = params.get("format", "exact")
    if query.format not in ("ids", "exact", "canonical"):
        raise StatementError("format must be ids, exact or canonical (Communication 2.1.3).")
    query.attachments = _flag(params, "attachments")
    query.ascending = _flag(params, "ascending")
    return query


def format_instant(value: datetime) -> str:
    return value.isoformat()


def more_token(query: StatementQuery) -> str:
    return signing.dumps(asdict(query), salt=MORE_SALT, compress=True)


def query_from_token(token: str) -> StatementQuery:
    try:
        return StatementQuery(**signing.loads(token, salt=MORE_SALT))
    except (signing.BadSignature, TypeError):
        raise StatementError("The more link is not valid.") from None


# How deep a chain of StatementRefs is followed (a refers to b refers to c ...): chains are rare and short;
# the cap only stops ids that refer to each other in a circle.
MAX_REF_DEPTH = 10


def statements_find(organisation_id: int, query: StatementQuery) -> tuple[list[Statement], bool]:
    """One page of statements matching the query (voided ones left out), and whether more follow.

    An agent is found in the actor or object column, and with `related_agents` also among the statement's
    other keys; each alternative is its own query (an index range scan in `stored` order on SQLite and
    PostgreSQL, where one OR-query may scan the table), merged here. The same for `related_activities`.

    Filter Conditions for StatementRefs (Communication 2.1.3): a statement whose object is a StatementRef
    also matches when the statement it targets matches the filters (agent, verb, activity, registration,
    related_*), recursively; since, until and the paging apply to the targeting statement itself. A voided
    target still counts, so the voiding statement is returned too (Communication 2.1.4).
    """
    base = Statement.objects.filter(organisation_id=organisation_id)
    timed = base.filter(voided=False)
    if query.since:
        timed = timed.filter(stored__gt=datetime.fromisoformat(query.since))
    if query.until:
        timed = timed.filter(stored__lte=datetime.fromisoformat(query.until))
    if query.after:
        after = datetime.fromisoformat(query.after)
        timed = timed.filter(stored__gt=after) if query.ascending else timed.filter(stored__lt=after)
    timed = timed.order_by("stored" if query.ascending else "-stored").only("body", "stored", "has_attachments")

    def keyed(kind: str, key: str):
        return {"statement_id__in": StatementKey.objects.filter(
            organisation_id=organisation_id, kind=kind, key=key).values("statement_uuid")}

    shared = {}
    if query.verb:
        shared["verb_id"] = query.verb
    if query.registration:
        shared["registration"] = query.registration
    agent_ways = [{}]
    if query.agent_key:
        # The actor and object columns tell an identified Group from the Agent with the same identifier
        # (xkeys.identity_key). Only an Agent is ever a member: a Group actor or object with the agent among
        # its members matches too (Communication 2.1.3).
        if query.agent_is_group:
            column_key = xkeys.as_group(query.agent_key)
            agent_ways = [{"actor_key": column_key}, {"object_agent_key": column_key}]
        else:
            agent_ways = [{"actor_key": query.agent_key}, {"object_agent_key": query.agent_key},
                          keyed(KeyKind.MEMBER, query.agent_key)]
        if query.related_agents:
            agent_ways.append(keyed(KeyKind.AGENT, query.agent_key))
            if not query.agent_is_group:  # an authority that is a Group is never an identified one
                agent_ways.extend(_authority_ways(organisation_id, query.agent_key))
    activity_ways = [{}]
    if query.activity:
        activity_ways = [{"activity_id": query.activity}]
        if query.related_activities:
            activity_ways.append(keyed(KeyKind.ACTIVITY, query.activity))
    # Q objects, not merged keyword dicts: an agent key-row way and an activity key-row way both filter on
    # statement_id__in, and merging them kept only the second condition.
    ways = [Q(**shared) & Q(**agent_way) & Q(**activity_way) for agent_way in agent_ways
            for activity_way in activity_ways]

    found: dict[int, Statement] = {}

    def take(rows) -> None:
        for row in rows[: query.limit + 1]:
            found[row.pk] = row

    for way in ways:
        take(timed.filter(way))
    filtered = bool(shared or query.agent_key or query.activity)  # without filters every statement matches
    if filtered and base.filter(ref_id__isnull=False).exists():
        targets = [base.filter(way).values("statement_id") for way in ways]
        for _depth in range(MAX_REF_DEPTH):
            for level in targets:
                take(timed.filter(ref_id__in=level))
            # The statements just taken (at any time) are the next targets, if anything targets them.
            referrers = [base.filter(ref_id__in=level).values("statement_id") for level in targets]
            targets = [level for level in referrers if base.filter(ref_id__in=level).exists()]
            if not targets:
                break
    page = sorted(found.values(), key=lambda row: row.stored, reverse=not query.ascending)[: query.limit + 1]
    return page[: query.limit], len(page) > query.limit


def _authority_ways(organisation_id: int, agent_key: str) -> list[dict]:
    """Where statements with this agent as their usual authority are: a client's statements carry the client's
    account (`services.statements.client_authority`), Leerritme's own (no client) Leerritme's account; those
    have no key rows for their authority."""
    from leerritme.xapi.services.statements import client_authority

    if agent_key == xkeys.agent_key(client_authority(None)):
        return [{"client__isnull": True}]
    prefix = xkeys.agent_key({"account": {"homePage": settings.SITE_URL + "/xapi/", "name": ""}})
    if not agent_key.startswith(prefix):
        return []
    client = Client.objects.filter(organisation_id=organisation_id, key=agent_key[len(prefix):]).first()
    return [{"client": client}] if client is not None else []


def statement_get(organisation_id: int, statement_id: str, *, voided: bool) -> Statement | None:
    return Statement.objects.filter(organisation_id=organisation_id, statement_id=statement_id,
                                    voided=voided).first()


def consistent_through(organisation_id: int) -> datetime:
    """Every statement stored up to this time is visible (the clock is only advanced by committed writes)."""
    clock = Clock.objects.filter(organisation_id=organisation_id).first()
    return clock.last_stored if clock else timezone.now()


# --- Formats (Communication 2.1.3: ids, exact, canonical) ------------------------------------------------

def _ids_agent(agent):
    if not isinstance(agent, dict):
        return agent
    out = {key: agent[key] for key in ("objectType", "mbox", "mbox_sha1sum", "openid", "account") if key in agent}
    if agent.get("objectType") == "Group" and not xkeys.agent_key(agent):
        out["member"] = [_ids_agent(member) for member in agent.get("member") or []]
    return out


def _ids_object(obj):
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return {"objectType": "Activity", "id": obj["id"]}
    if kind in ("Agent", "Group"):
        return _ids_agent(obj)
    if kind == "SubStatement":
        return _ids_statement(obj)
    return obj


def _ids_context(context):
    context = copy.deepcopy(context)
    for key in ("instructor", "team"):
        if key in context:
            context[key] = _ids_agent(context[key])
    for key, value in (context.get("contextActivities") or {}).items():
        context["contextActivities"][key] = [{"objectType": "Activity", "id": item["id"]} for item in
                                             (value if isinstance(value, list) else [value])]
    return context


def _ids_statement(body):
    out = dict(body)
    out["actor"] = _ids_agent(body["actor"])
    out["verb"] = {"id": body["verb"]["id"]}
    out["object"] = _ids_object(body["object"])
    if "context" in body:
        out["context"] = _ids_context(body["context"])
    if "authority" in body:
        out["authority"] = _ids_agent(body["authority"])
    return out


def _canonical(node, languages: list[str]):
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ("display", "name", "description") and isinstance(value, dict) and all(
                    isinstance(text, str) for text in value.values()):
                out[key] = pick_language(value, languages)
            elif key == "extensions":
                out[key] = value
            else:
                out[key] = _canonical(value, languages)
        return out
    if isinstance(node, list):
        return [_canonical(item, languages) for item in node]
    return node


def formatted(body: dict, fmt: str, languages: list[str], definitions: dict | None = None) -> dict:
    if fmt == "ids":
        return _ids_statement(body)
    if fmt == "canonical":
        return _canonical(_with_definitions(body, definitions or {}), languages)
    return body


def _activities_of(body: dict):
    """The Activity objects of a statement: its object, its sub-statement's object, context activities."""
    parts = [body]
    if body["object"].get("objectType") == "SubStatement":
        parts.append(body["object"])
    for part in parts:
        if part["object"].get("objectType", "Activity") == "Activity":
            yield part["object"]
        for value in ((part.get("context") or {}).get("contextActivities") or {}).values():
            yield from value if isinstance(value, list) else [value]


def canonical_definitions(organisation_id: int, bodies: list[dict]) -> dict[str, dict]:
    """The LRS's canonical definition of every activity in these statements (one query), for format=canonical
    (Communication 2.1.3: Activity Objects populated with the canonical definition as determined by the LRS)."""
    keys = {xkeys.activity_key(activity["id"]) for body in bodies for activity in _activities_of(body)}
    if not keys:
        return {}
    return dict(Activity.objects.filter(organisation_id=organisation_id, activity_id__in=keys)
                .exclude(definition={}).values_list("activity_id", "definition"))


def _with_definitions(body: dict, definitions: dict) -> dict:
    if not definitions:
        return body
    body = copy.deepcopy(body)
    for activity in _activities_of(body):
        definition = definitions.get(xkeys.activity_key(activity["id"]))
        if definition:
            activity["definition"] = definition
    return body


def accept_languages(header: str) -> list[str]:
    ranked = []
    for part in (header or "").split(","):
        pieces = part.strip().split(";q=")
        if pieces[0] and pieces[0] != "*":
            try:
                weight = float(pieces[1]) if len(pieces) > 1 else 1.0
            except ValueError:
                weight = 0.0
            ranked.append((weight, pieces[0].lower()))
    return [tag for _weight, tag in sorted(ranked, key=lambda item: -item[0])]


def activity_get(organisation_id: int, activity_id: str) -> dict | None:
    row = Activity.objects.filter(organisation_id=organisation_id,
                                  activity_id=xkeys.activity_key(activity_id)).first()
    if row is None:
        return None
    out = {"objectType": "Activity", "id": activity_id}
    if row.definition:
        out["definition"] = row.definition
    return out


# --- Outside learning for the personal learning record ----------------------------------------------------

def person_agent_keys(person) -> list[str]:
    """The keys under which statements name this person: their e-mail (mbox, mbox_sha1sum)."""
    return xkeys.email_keys(person.user.email) if person.user.email else []


def outside_learning_for(person, since: datetime | None = None, limit: int = 200) -> list[dict]:
    """Statements outside tools made about this person (by e-mail, as an Agent: a Group with the same
    address is not the person), newest first, not voided.

    Each item: statement id, verb id and how it reads in the reader's language, activity id and name, when,
    result (if any) and the tool (the client's name). Leerritme's own statements (its mirror of in-app
    learning) are left out: the learning record shows those from the learning events. Two queries, whatever
    the number of statements.
    """
    keys = person_agent_keys(person)
    if not keys:
        return []
    rows = (Statement.objects.filter(organisation_id=person.organisation_id, voided=False, actor_key__in=keys)
            .exclude(verb_id=VOIDED).filter(client__isnull=False).select_related("client").order_by("-stored"))
    if since is not None:
        rows = rows.filter(timestamp__gte=since)
    found = []
    for row in rows[:limit]:
        body = row.body
        obj = body.get("object") or {}
        definition = obj.get("definition") or {}
        found.append({
            "id": str(row.statement_id),
            "verb": body["verb"]["id"],
            "verb_display": verb_label(body["verb"]),
            "activity": obj.get("id", ""),
            "activity_name": in_reader_language(definition.get("name")) or obj.get("id", ""),
            "timestamp": row.timestamp,
            "result": body.get("result") or {},
            "tool": row.client.name if row.client else "",
        })
    return found


def account_of(person) -> PersonAccount | None:
    return PersonAccount.objects.filter(person=person).first()
