"""Storing statements: validation, ids, `stored` (strictly increasing per organisation), voiding, keys.

A batch is stored entirely or not at all. The organisation's `Clock` row is locked for the duration, so two
writers never hand out the same `stored` time and a reader never sees a later `stored` commit before an
earlier one (which is what makes `X-Experience-API-Consistent-Through` true).
"""

import contextlib
import json
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from leerritme.xapi import keys as xkeys
from leerritme.xapi.models import Activity, Client, Clock, KeyKind, Statement, StatementKey
from leerritme.xapi.validation import V1, V2, VOIDED, StatementError, Validator, parse_timestamp

MAX_BATCH = 500
TICK = timedelta(microseconds=1)
# The node of the ids this process gives statements: random (RFC 4122 4.5, multicast bit set), never the MAC.
_NODE = secrets.randbits(48) | (1 << 40)


def new_statement_id() -> str:
    """A statement id the LRS assigns: a time-based UUID (version 1, RFC 4122) with a random node.

    Ids made one after another sort next to each other, so a batch's ids land on one or two pages of the
    unique index instead of on a hundred random ones (random version-4 ids made every batch rewrite pages
    all over that index, the largest part of a commit on a large store).
    """
    return str(uuid.uuid1(node=_NODE))


class Conflict(Exception):
    """A statement id already exists with different content (409)."""


def format_time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def client_authority(client: Client | None) -> dict:
    from django.conf import settings

    if client is None:
        return {"objectType": "Agent", "name": "Leerritme",
                "account": {"homePage": settings.SITE_URL + "/", "name": "leerritme"}}
    return {"objectType": "Agent", "name": client.name,
            "account": {"homePage": settings.SITE_URL + "/xapi/", "name": client.key}}


def with_context_arrays(data: dict) -> dict:
    """The statement with every contextActivities value as an array (Data 2.4.6.2: the LRS returns a single
    context activity in an array too), in the statement and its sub-statement; parts that need no change are
    shared, not copied."""
    def part_with_arrays(part: dict) -> dict:
        context = part.get("context")
        activities = context.get("contextActivities") if isinstance(context, dict) else None
        if not isinstance(activities, dict) or all(isinstance(value, list) for value in activities.values()):
            return part
        arrays = {key: value if isinstance(value, list) else [value] for key, value in activities.items()}
        return {**part, "context": {**context, "contextActivities": arrays}}

    data = part_with_arrays(data)
    obj = data.get("object")
    if isinstance(obj, dict) and obj.get("objectType") == "SubStatement":
        sub = part_with_arrays(obj)
        if sub is not obj:
            data = {**data, "object": sub}
    return data


def _comparable(body: dict) -> dict:
    """A statement as compared for 'same statement' (Data 2.3.1 / Communication 2.1.2): without the
    properties the LRS sets, with timestamps as instants."""
    body = with_context_arrays(body)
    data = {key: value for key, value in body.items() if key not in ("stored", "authority", "version")}
    if "timestamp" in data:
        with contextlib.suppress(StatementError):
            data["timestamp"] = parse_timestamp(data["timestamp"], "timestamp")
    return data


def same_statement(stored: dict, incoming: dict) -> bool:
    """Whether an incoming statement is the one already stored (a timestamp the LRS filled in is ignored)."""
    before, after = _comparable(stored), _comparable(incoming)
    if "timestamp" not in incoming:
        before.pop("timestamp", None)
    return before == after


def _lock_clock(organisation_id: int) -> Clock:
    clock = Clock.objects.select_for_update().filter(organisation_id=organisation_id).first()
    if clock is None:
        Clock.objects.bulk_create([Clock(organisation_id=organisation_id,
                                         last_stored=timezone.now() - timedelta(days=1))], ignore_conflicts=True)
        clock = Clock.objects.select_for_update().get(organisation_id=organisation_id)
    return clock


def statements_store(*, organisation_id: int, statements: list[dict], client: Client | None,
                     version: str = V1, attachment_hashes: set[str] | None = None,
                     authority: dict | None = None) -> list[str]:
    """Validate and store statements (all or none); return their ids in order.

    Raises StatementError (400) for invalid statements, duplicate ids in the batch, voiding a voiding
    statement or attachments without content; Conflict (409) when an id exists with other content. A
    statement that exists with the same content is not stored again.
    """
    if not statements:
        raise StatementError("No statements to store.")
    if len(statements) > MAX_BATCH:
        raise StatementError(f"A batch holds at most {MAX_BATCH} statements.")
    validator = Validator(version)
    seen: set[str] = set()
    given: list[str] = []  # the ids the client chose: only these can exist already
    prepared = []
    for index, original in enumerate(statements):
        try:
            validator.statement(original)
        except StatementError as error:
            raise StatementError(f"Statement {index}: {error}") from None
        # Only top-level properties are set below; the rest is shared with the request, never changed.
        data = dict(with_context_arrays(original))
        if "id" in data:
            data["id"] = str(uuid.UUID(data["id"]))
            given.append(data["id"])
        else:
            data["id"] = new_statement_id()
        if data["id"] in seen:
            raise StatementError(f"Statement {index}: the id {data['id']} appears twice in the batch.")
        seen.add(data["id"])
        _check_attachments(data, attachment_hashes or set())
        _context_activities_as_arrays(data)
        prepared.append(data)
    ids = [data["id"] for data in prepared]
    # The usual authority (the client's own, or Leerritme's for its own statements) is found through the
    # client column by the related_agents filter (selectors.statements_find); any other gets key rows.
    usual_authority = authority is None or authority == client_authority(client)
    authority = authority or client_authority(client)

    with transaction.atomic():
        clock = _lock_clock(organisation_id)
        existing = {str(row.statement_id): row for row in
                    Statement.objects.filter(organisation_id=organisation_id, statement_id__in=given)} if given else {}
        new = []
        for data in prepared:
            found = existing.get(data["id"])
            if found is None:
                new.append(data)
            elif not same_statement(found.body, data):
                raise Conflict(f"A different statement with the id {data['id']} is already stored.")
        if not new:
            return ids
        targets = [data["object"]["id"] for data in new if data["verb"]["id"] == VOIDED]
        if targets:
            _void(organisation_id, targets, new)
        voided = _voided_on_arrival(organisation_id, new, given, targets)
        now = timezone.now()
        stored = max(now, clock.last_stored + TICK)
        rows, activities = [], {}
        for data in new:
            data["stored"] = format_time(stored)
            if "timestamp" not in data:
                data["timestamp"] = data["stored"]
            data["authority"] = authority
            data.setdefault("version", "2.0.0" if version == V2 else "1.0.0")
            rows.append(_row(organisation_id, data, stored, client, voided=data["id"] in voided))
            stored += TICK
            _collect_activities(data, activities)
        _insert(Statement, STATEMENT_COLUMNS, rows)
        key_rows = []
        for row, data in zip(rows, new, strict=True):
            members, agents, acts = xkeys.extra_keys(data, row[3], row[4], row[6], with_authority=not usual_authority)
            key_rows.extend((organisation_id, row[1], KeyKind.MEMBER, key, row[7]) for key in members)
            key_rows.extend((organisation_id, row[1], KeyKind.AGENT, key, row[7]) for key in agents)
            key_rows.extend((organisation_id, row[1], KeyKind.ACTIVITY, key, row[7]) for key in acts)
        if key_rows:
            _insert(StatementKey, ("organisation", "statement_uuid", "kind", "key", "stored"), key_rows)
        _store_activities(organisation_id, activities)
        clock.last_stored = rows[-1][7]
        clock.save(update_fields=["last_stored"])
    return ids


def _context_activities_as_arrays(data: dict) -> None:
    """A single context Activity is kept as an array of one (Data 2.4.6.2; 9274.1.1 4.2.2: "the LRS shall
    return every value in contextActivities as an array"), in the statement and in a SubStatement. New dicts
    replace the changed ones: the caller's statement is shared and never changed."""
    parts = [data]
    if isinstance(data.get("object"), dict) and data["object"].get("objectType") == "SubStatement":
        data["object"] = dict(data["object"])
        parts.append(data["object"])
    for part in parts:
        activities = (part.get("context") or {}).get("contextActivities")
        if activities and any(not isinstance(value, list) for value in activities.values()):
            part["context"] = {**part["context"], "contextActivities": {
                key: value if isinstance(value, list) else [value] for key, value in activities.items()}}


def _check_attachments(data: dict, hashes: set[str]) -> None:
    for part in (data, data["object"] if data["object"].get("objectType") == "SubStatement" else {}):
        for attachment in part.get("attachments") or []:
            if "fileUrl" not in attachment and attachment["sha2"] not in hashes:
                raise StatementError(
                    "An attachment without fileUrl must be sent in the same multipart/mixed request "
                    "(Communication 1.5.2)."
                )


def _voided_on_arrival(organisation_id: int, new: list[dict], given: list[str], targets: list[str]) -> set[str]:
    """The new statements that arrive voided: a voiding statement in the store or in this batch already
    targets them (Data 2.3.2: a statement is voided if and only if the LRS also holds a voiding statement
    for it, whichever came first). Only ids the client chose can have been targeted before; a voiding
    statement itself is never voided."""
    new_ids = {data["id"] for data in new}
    found = {str(uuid.UUID(target)) for target in targets} & new_ids
    chosen = [statement_id for statement_id in given if statement_id in new_ids]
    if chosen:
        found.update(str(ref) for ref in Statement.objects.filter(
            organisation_id=organisation_id, ref_id__in=chosen, verb_id=VOIDED).values_list("ref_id", flat=True))
    return found - {data["id"] for data in new if data["verb"]["id"] == VOIDED}


def _void(organisation_id: int, targets: list[str], new: list[dict]) -> None:
    target_rows = Statement.objects.filter(organisation_id=organisation_id, statement_id__in=targets)
    for row in target_rows.only("statement_id", "verb_id"):
        if row.verb_id == VOIDED:
            raise StatementError("A voiding statement cannot void another voiding statement (Data 2.3.2).")
    batch_voiding = {data["id"] for data in new if data["verb"]["id"] == VOIDED}
    if batch_voiding & {str(uuid.UUID(target)) for target in targets}:
        raise StatementError("A voiding statement cannot void another voiding statement (Data 2.3.2).")
    target_rows.update(voided=True)


STATEMENT_COLUMNS = ("organisation", "statement_id", "body", "actor_key", "object_agent_key", "verb_id", "activity_id",
                     "stored", "timestamp", "registration", "voided", "ref_id", "client", "has_attachments")


def _row(organisation_id: int, data: dict, stored: datetime, client: Client | None, *, voided: bool = False) -> tuple:
    obj = data["object"]
    kind = obj.get("objectType", "Activity")
    context = data.get("context") or {}
    registration = context.get("registration")
    return (
        organisation_id,
        uuid.UUID(data["id"]),
        data,
        xkeys.identity_key(data["actor"]) or None,
        (xkeys.identity_key(obj) or None) if kind in ("Agent", "Group") else None,
        data["verb"]["id"],
        xkeys.activity_key(obj["id"]) if kind == "Activity" else None,
        stored,
        parse_timestamp(data["timestamp"], "timestamp"),
        uuid.UUID(registration) if registration else None,
        voided,
        uuid.UUID(obj["id"]) if kind == "StatementRef" else None,
        client.pk if client is not None else None,
        bool(data.get("attachments")),
    )


def _converter(field):
    """How one column's values go to the database: the field's own conversion, with fast paths for the types
    a statement row is made of (the generic path cost more than the insert itself)."""
    internal = field.get_internal_type()
    if internal == "UUIDField" and not connection.features.has_native_uuid_field:
        return lambda value: value.hex if value is not None else None
    if internal == "DateTimeField" and connection.vendor == "sqlite":
        return lambda value: value.astimezone(UTC).isoformat(" ")[:-6] if value is not None else None
    if internal in ("UUIDField", "DateTimeField", "CharField", "BooleanField", "ForeignKey"):
        return lambda value: value
    if internal == "JSONField":
        # Plain JSON text (a statement is JSON types only): SQLite stores it as is, PostgreSQL casts the
        # untyped parameter to jsonb. Compact, so the stored rows are smaller.
        return lambda value: json.dumps(value, separators=(",", ":"))
    return lambda value: field.get_db_prep_save(value, connection)


def _insert(model, names: tuple[str, ...], rows: list[tuple], *, conflict: str = "") -> None:
    """INSERT many rows without building model instances (the ORM's per-object cost dominated ingest).

    PostgreSQL gets plain new rows through COPY: one command for the whole batch, parsed once, where an
    INSERT per row (Django binds parameters client-side, so psycopg cannot prepare it) had PostgreSQL parse
    and plan every row. Rows with an ON CONFLICT clause, and every row on SQLite, go through one prepared
    INSERT (executemany).
    """
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    converters = [_converter(field) for field in fields]
    params = [[convert(value) for convert, value in zip(converters, row, strict=True)] for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not conflict:
            # Table and column names come from the model and are quoted; the values travel as COPY data. The
            # driver's own cursor runs it (Django's has no COPY); its errors become Django's, as for execute().
            with connection.wrap_database_errors, \
                    cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
                for values in params:
                    copy.write_row(values)
            return
        # Table and column names come from the model and are quoted; every value is a parameter.
        sql = (f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608  # nosec B608
               f"VALUES ({', '.join(['%s'] * len(fields))})" + (f" {conflict}" if conflict else ""))
        cursor.executemany(sql, params)


def _collect_activities(data: dict, found: dict) -> None:
    def add(activity):
        if isinstance(activity, dict) and activity.get("objectType", "Activity") == "Activity" and "id" in activity:
            key = xkeys.activity_key(activity["id"])
            if activity.get("definition") or key not in found:
                found[key] = activity.get("definition") or found.get(key) or {}

    parts = [data]
    if data["object"].get("objectType") == "SubStatement":
        parts.append(data["object"])
    for part in parts:
        add(part["object"])
        for value in ((part.get("context") or {}).get("contextActivities") or {}).values():
            for item in value if isinstance(value, list) else [value]:
                add(item)


def _store_activities(organisation_id: int, activities: dict) -> None:
    """The latest definition of each activity wins (Data 2.4.4.1: the LRS may keep the canonical version).

    Only new activities and changed definitions are written: tools send the same definition with every
    statement, and an upsert per mentioned activity locked (so wrote) a row at a random place for each, even
    when nothing changed. The organisation's clock is locked while storing, so no other writer adds the same
    activities in between.
    """
    if not activities:
        return
    if connection.vendor == "postgresql":
        _store_activities_postgresql(organisation_id, activities)
        return
    known = dict(Activity.objects.filter(organisation_id=organisation_id, activity_id__in=list(activities))
                 .values_list("activity_id", "definition"))
    defined = [(organisation_id, key, definition) for key, definition in activities.items()
               if definition and known.get(key) != definition]
    bare = [(organisation_id, key, {}) for key, definition in activities.items()
            if not definition and key not in known]
    names = ("organisation", "activity_id", "definition")
    if defined:
        _insert(Activity, names, defined, conflict="ON CONFLICT (organisation_id, activity_id) "
                                                   "DO UPDATE SET definition = excluded.definition")
    if bare:
        _insert(Activity, names, bare, conflict="ON CONFLICT (organisation_id, activity_id) DO NOTHING")


def _store_activities_postgresql(organisation_id: int, activities: dict) -> None:
    """One statement for the whole batch: PostgreSQL compares each definition with the stored one (jsonb
    equality, so key order and spacing do not count) and writes only new activities and changed definitions.
    A bare mention (no definition) only adds an activity that is not there yet."""
    table = connection.ops.quote_name(Activity._meta.db_table)
    keys = list(activities)
    definitions = [json.dumps(definition, separators=(",", ":")) if definition else None
                   for definition in activities.values()]
    # The table name is the model's, quoted; every value is a parameter.
    # The lateral sub-query (LIMIT 1) makes it one index look-up per activity of the batch: as a plain NOT
    # EXISTS the planner hashed the organisation's whole activity table for every batch.
    sql = (f"INSERT INTO {table} (organisation_id, activity_id, definition) "  # noqa: S608  # nosec B608
           f"SELECT %s, given.key, COALESCE(given.definition::jsonb, '{{}}'::jsonb) "
           f"FROM unnest(%s::text[], %s::text[]) AS given(key, definition) "
           f"LEFT JOIN LATERAL (SELECT known.definition FROM {table} AS known WHERE known.organisation_id = %s "
           f"AND known.activity_id = given.key LIMIT 1) AS known ON TRUE "
           f"WHERE known.definition IS NULL "
           f"OR (given.definition IS NOT NULL AND known.definition <> given.definition::jsonb) "
           f"ON CONFLICT (organisation_id, activity_id) DO UPDATE SET definition = excluded.definition "
           f"WHERE excluded.definition <> '{{}}'::jsonb")
    with connection.cursor() as cursor:
        cursor.execute(sql, [organisation_id, keys, definitions, organisation_id])


def statements_void(*, organisation_id: int, statement_ids: list[str], authority: dict) -> None:
    """Void statements Leerritme made (when the learning they mirror is withdrawn)."""
    live = list(Statement.objects.filter(organisation_id=organisation_id, statement_id__in=statement_ids,
                                         voided=False).values_list("statement_id", flat=True))
    if not live:
        return
    actor = authority
    voiding = [{"actor": actor, "verb": {"id": VOIDED, "display": {"en-US": "voided"}},
                "object": {"objectType": "StatementRef", "id": str(statement_id)}} for statement_id in live]
    for start in range(0, len(voiding), MAX_BATCH):
        statements_store(organisation_id=organisation_id, statements=voiding[start:start + MAX_BATCH], client=None,
                         authority=authority)
