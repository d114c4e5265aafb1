"""The xAPI resources at /xapi/: statements, documents, agents, activities and about (plain JSON views)."""

import json
from datetime import UTC, datetime
from functools import wraps

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import http_date

from leerritme.xapi import attachments as xattachments
from leerritme.xapi import keys as xkeys
from leerritme.xapi import selectors
from leerritme.xapi.http import HttpError, XRequest, error_response, lrs_endpoint
from leerritme.xapi.models import Attachment, DocumentKind
from leerritme.xapi.services import documents as docs
from leerritme.xapi.services.statements import format_time, statements_store
from leerritme.xapi.validation import V2, StatementError, Validator, check_iri, check_uuid, parse_timestamp

SINGLE_PARAMS = {"statementId", "voidedStatementId"}
CONSISTENT_THROUGH = "X-Experience-API-Consistent-Through"
# The one Consistent-Through that is true whatever the store: for a GET refused before its store was known.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _json(data, status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(data, separators=(",", ":")), status=status, content_type="application/json")


@lrs_endpoint(("GET",), needs_version=False, public=True)
def about(xreq: XRequest):
    """The versions this LRS speaks, to anyone (no credentials needed; no organisation data in it). A request
    that says it speaks 1.0.x is told only the 1.0 versions: 1.0 clients (the tincan library among them)
    refuse an About listing a version they do not know."""
    versions = ["1.0.3", "1.0.2", "1.0.1", "1.0.0"]
    if not xreq.headers.get("x-experience-api-version", "").startswith("1.0"):
        versions.insert(0, "2.0.0")
    return _json({"version": versions, "extensions": {}})


# --- Statements ----------------------------------------------------------------------------------------

def _always_consistent_through(view):
    """Every answer of the Statement Resource carries X-Experience-API-Consistent-Through, whatever its
    status (Communication 2.1.3.s2.b5, XAPI-00153). The views set the store's own time; a request refused
    before its store was known or a write refused (no credentials, no version header, invalid, conflict)
    gets the epoch, which is true of every store."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if CONSISTENT_THROUGH not in response:
            response[CONSISTENT_THROUGH] = format_time(EPOCH)
        return response

    return wrapper


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    data = dict(pairs)
    if len(data) != len(pairs):
        names = [key for key, _value in pairs]
        twice = next(key for key in names if names.count(key) > 1)
        raise StatementError(f"The property {twice!r} is used twice in one object (Data 2.2, 2.4: a statement "
                             "uses each property at most once).")
    return data


def _not_json(constant: str):
    raise StatementError(f"{constant} is not a JSON number (Communication 1.1, RFC 8259).")


def _parse_statements(document: bytes, where: str):
    """Statement JSON, strictly: a key used twice in one object or NaN/Infinity (which Python's parser
    accepts) is refused instead of silently keeping one of the values."""
    try:
        return json.loads(document.decode("utf-8"), object_pairs_hook=_unique_keys, parse_constant=_not_json)
    except (ValueError, UnicodeDecodeError) as error:
        if isinstance(error, StatementError):
            raise
        raise StatementError(f"{where} is not valid JSON (Communication 1.1).") from None


def _read_statements(xreq: XRequest) -> tuple[object, dict]:
    media = xreq.content_type.split(";")[0].strip().lower()
    if media == "application/json":
        return _parse_statements(xreq.body, "The request body"), {}
    if media == "multipart/mixed":
        document, parts = xattachments.parse_multipart(xreq.content_type, xreq.body)
        return _parse_statements(document, "The statement part (Communication 1.5.2)"), parts
    raise StatementError("Statements are sent as application/json or multipart/mixed (Communication 2.1).")


def _store(xreq: XRequest, data: list[dict], parts: dict) -> list[str]:
    xattachments.check_statement_attachments([item for item in data if isinstance(item, dict)], parts)
    ids = statements_store(organisation_id=xreq.organisation_id, statements=data, client=xreq.client,
                           version=xreq.version, attachment_hashes=set(parts))
    if parts:
        Attachment.objects.bulk_create(
            [Attachment(organisation_id=xreq.organisation_id, sha2=sha2, content_type=content_type, content=content)
             for sha2, (content_type, content) in parts.items()], ignore_conflicts=True)
    return ids


@_always_consistent_through
@lrs_endpoint(("GET", "PUT", "POST"))
def statements(xreq: XRequest):
    if xreq.method == "PUT":
        unknown = set(xreq.params) - {"statementId"}
        if unknown or "statementId" not in xreq.params:
            raise StatementError("PUT /statements needs the statementId parameter, and only it (Communication 2.1.1).")
        statement_id = check_uuid(xreq.params["statementId"], "statementId").lower()
        data, parts = _read_statements(xreq)
        if not isinstance(data, dict):
            raise StatementError("PUT /statements takes one statement (Communication 2.1.1).")
        if "id" in data and check_uuid(data["id"], "statement id").lower() != statement_id:
            raise StatementError("The statement's id differs from statementId (Communication 2.1.1).")
        data = {**data, "id": statement_id}
        _store(xreq, [data], parts)
        return _stored_through(xreq, HttpResponse(status=204))
    if xreq.method == "POST":
        if xreq.params:
            raise StatementError("POST /statements takes no parameters (Communication 2.1.2).")
        data, parts = _read_statements(xreq)
        batch = data if isinstance(data, list) else [data]
        return _stored_through(xreq, _json(_store(xreq, batch, parts)))
    return _get_statements(xreq)


def _stored_through(xreq: XRequest, response: HttpResponse) -> HttpResponse:
    """Communication 2.1.3.s2.b5: Consistent-Through "on all responses to Statements Resource requests",
    writes included; after a write it covers the statements just stored."""
    response[CONSISTENT_THROUGH] = format_time(selectors.consistent_through(xreq.organisation_id))
    return response


def _get_statements(xreq: XRequest):
    """Every answer to a GET, errors and 404 included, carries X-Experience-API-Consistent-Through
    (Communication 2.1.3, XAPI-00153)."""
    through = selectors.consistent_through(xreq.organisation_id)
    try:
        response = _find_statements(xreq, through)
    except StatementError as error:
        response = error_response(400, str(error))
    response[CONSISTENT_THROUGH] = format_time(through)
    if xreq.version == V2 and "Last-Modified" not in response:
        response["Last-Modified"] = http_date(through.timestamp())
    return response


def _find_statements(xreq: XRequest, through) -> HttpResponse:
    params = xreq.params
    languages = selectors.accept_languages(xreq.headers.get("accept-language", ""))
    single = SINGLE_PARAMS & set(params)
    if single:
        if len(single) > 1 or set(params) - single - {"format", "attachments"}:
            raise StatementError("statementId or voidedStatementId go only with format and attachments "
                                 "(Communication 2.1.3).")
        name = single.pop()
        statement_id = check_uuid(params[name], name)
        query = selectors.parse_query({key: params[key] for key in ("format", "attachments") if key in params},
                                      xreq.version)
        row = selectors.statement_get(xreq.organisation_id, statement_id, voided=name == "voidedStatementId")
        if row is None:
            return _json({"error": "No such statement."}, status=404)
        definitions = (selectors.canonical_definitions(xreq.organisation_id, [row.body])
                       if query.format == "canonical" else None)
        body = selectors.formatted(row.body, query.format, languages, definitions)
        response = _statement_response(xreq, json.dumps(body).encode(), [row.body], query.attachments)
        response["Last-Modified"] = http_date(row.stored.timestamp())  # Communication 2.1.3.s2.b8
    else:
        query = selectors.parse_query(params, xreq.version)
        response = _page(xreq, query, languages, through)
    return response


def _last_modified(xreq: XRequest, response: HttpResponse, rows: list, through) -> None:
    """xAPI 2.0 (9274.1.1, Statement Resource) makes Last-Modified a SHALL: when the newest statement in the
    response was stored; for an empty result, the time up to which the store is consistent."""
    if xreq.version == V2:
        newest = max((row.stored for row in rows), default=through)
        response["Last-Modified"] = http_date(newest.timestamp())


def _page(xreq: XRequest, query: selectors.StatementQuery, languages: list[str], through) -> HttpResponse:
    rows, more = selectors.statements_find(xreq.organisation_id, query)
    definitions = (selectors.canonical_definitions(xreq.organisation_id, [row.body for row in rows])
                   if query.format == "canonical" else None)
    result = {"statements": [selectors.formatted(row.body, query.format, languages, definitions) for row in rows],
              "more": ""}
    if more and rows:
        query.after = rows[-1].stored.isoformat()
        result["more"] = reverse("lrs:statements_more", args=[selectors.more_token(query)])
    response = _statement_response(xreq, json.dumps(result).encode(), [row.body for row in rows], query.attachments)
    _last_modified(xreq, response, rows, through)
    return response


def _statement_response(xreq: XRequest, document: bytes, bodies: list[dict], with_attachments: bool) -> HttpResponse:
    if not with_attachments:
        return HttpResponse(document, content_type="application/json")
    hashes = []
    for body in bodies:
        for part in (body, body["object"]):
            for attachment in part.get("attachments") or []:
                if "fileUrl" not in attachment and attachment["sha2"] not in hashes:
                    hashes.append(attachment["sha2"])
    stored = {row.sha2: row for row in Attachment.objects.filter(organisation_id=xreq.organisation_id,
                                                                 sha2__in=hashes)}
    content, content_type = xattachments.multipart_response(
        document, [(sha2, stored[sha2].content_type, bytes(stored[sha2].content)) for sha2 in hashes if sha2 in stored])
    return HttpResponse(content, content_type=content_type)


@_always_consistent_through
@lrs_endpoint(("GET",))
def statements_more(xreq: XRequest, token: str):
    through = selectors.consistent_through(xreq.organisation_id)
    try:
        if xreq.params:
            raise StatementError("A more link takes no parameters.")
        query = selectors.query_from_token(token)
        languages = selectors.accept_languages(xreq.headers.get("accept-language", ""))
        response = _page(xreq, query, languages, through)
    except StatementError as error:
        response = error_response(400, str(error))
    response[CONSISTENT_THROUGH] = format_time(through)
    return response


# --- Documents -----------------------------------------------------------------------------------------

def _agent_param(xreq: XRequest) -> str:
    if "agent" not in xreq.params:
        raise StatementError("The agent parameter is required (Communication 2.3).")
    try:
        agent = json.loads(xreq.params["agent"])
    except ValueError:
        raise StatementError("agent must be a JSON Agent (Communication 2.3).") from None
    Validator(xreq.version).agent(agent, "agent")
    key = xkeys.agent_key(agent)
    if not key:
        raise StatementError("agent must be an identified Agent or Group (Communication 2.3).")
    return key


def _activity_param(xreq: XRequest) -> str:
    if "activityId" not in xreq.params:
        raise StatementError("The activityId parameter is required (Communication 2.3).")
    return xkeys.activity_key(check_iri(xreq.params["activityId"], "activityId"))


def _check_params(xreq: XRequest, allowed: set[str]) -> None:
    unknown = set(xreq.params) - allowed
    if unknown:
        raise StatementError(f"Unknown parameters {sorted(unknown)} (Communication 2.3).")


def _document_resource(xreq: XRequest, key: docs.DocumentKey, id_param: str):
    organisation_id = xreq.organisation_id
    document_id = xreq.params.get(id_param)
    if_match = xreq.headers.get("if-match")
    if_none_match = xreq.headers.get("if-none-match")
    if xreq.method in ("PUT", "POST"):
        if document_id is None:
            raise StatementError(f"The {id_param} parameter is required (Communication 2.3).")
        if "since" in xreq.params:
            raise StatementError("since is only used when listing documents (Communication 2.3).")
        store = docs.document_put if xreq.method == "PUT" else docs.document_post
        document = store(organisation_id=organisation_id, key=key, document_id=document_id, content=xreq.body,
                         content_type=xreq.content_type or "application/octet-stream",
                         if_match=if_match, if_none_match=if_none_match)
        response = HttpResponse(status=204)
        response["ETag"] = f'"{document.etag}"'
        return response
    if xreq.method == "DELETE":
        if "since" in xreq.params:
            # Deleting "everything since" is not a request the specification knows; ignoring since would
            # delete every document of the activity and agent instead of the few the client meant.
            raise StatementError("since is only used when listing documents (Communication 2.3).")
        if document_id is None and key.kind != DocumentKind.STATE:
            raise StatementError(f"The {id_param} parameter is required (Communication 2.3).")
        docs.document_delete(organisation_id=organisation_id, key=key, document_id=document_id, if_match=if_match,
                             if_none_match=if_none_match)
        return HttpResponse(status=204)
    if document_id is not None:
        if "since" in xreq.params:
            raise StatementError("since is only used when listing documents (Communication 2.3).")
        document = docs.document_get(organisation_id=organisation_id, key=key, document_id=document_id)
        if document is None:
            return _json({"error": "No such document."}, status=404)
        response = HttpResponse(bytes(document.content), content_type=document.content_type)
        response["ETag"] = f'"{document.etag}"'
        response["Last-Modified"] = http_date(document.updated.timestamp())
        return response
    since = parse_timestamp(xreq.params["since"], "since", xreq.version) if "since" in xreq.params else None
    ids, newest = docs.document_ids(organisation_id=organisation_id, key=key, since=since)
    response = _json(ids)
    if newest is not None:
        # The 2.0 change log asks this of a multiple-document GET too: when the newest listed one changed.
        response["Last-Modified"] = http_date(newest.timestamp())
    return response


@lrs_endpoint(("GET", "PUT", "POST", "DELETE"))
def state(xreq: XRequest):
    _check_params(xreq, {"activityId", "agent", "registration", "stateId", "since"})
    registration = xreq.params.get("registration", "")
    if registration:
        registration = check_uuid(registration, "registration").lower()
    key = docs.DocumentKey(DocumentKind.STATE, activity_id=_activity_param(xreq), agent_key=_agent_param(xreq),
                           registration=registration)
    return _document_resource(xreq, key, "stateId")


@lrs_endpoint(("GET", "PUT", "POST", "DELETE"))
def activity_profile(xreq: XRequest):
    _check_params(xreq, {"activityId", "profileId", "since"})
    key = docs.DocumentKey(DocumentKind.ACTIVITY_PROFILE, activity_id=_activity_param(xreq))
    return _document_resource(xreq, key, "profileId")


@lrs_endpoint(("GET", "PUT", "POST", "DELETE"))
def agent_profile(xreq: XRequest):
    _check_params(xreq, {"agent", "profileId", "since"})
    key = docs.DocumentKey(DocumentKind.AGENT_PROFILE, agent_key=_agent_param(xreq))
    return _document_resource(xreq, key, "profileId")


# --- Agents and activities -----------------------------------------------------------------------------

@lrs_endpoint(("GET",))
def agents(xreq: XRequest):
    _check_params(xreq, {"agent"})
    _agent_param(xreq)
    agent = json.loads(xreq.params["agent"])
    person = {"objectType": "Person"}
    if "name" in agent:
        person["name"] = [agent["name"]]
    for ifi in ("mbox", "mbox_sha1sum", "openid", "account"):
        if ifi in agent:
            person[ifi] = [agent[ifi]]
    return _json(person)


@lrs_endpoint(("GET",))
def activities(xreq: XRequest):
    _check_params(xreq, {"activityId"})
    if "activityId" not in xreq.params:
        raise StatementError("The activityId parameter is required (Communication 2.5).")
    activity_id = check_iri(xreq.params["activityId"], "activityId")
    found = selectors.activity_get(xreq.organisation_id, activity_id)
    if found is None:
        raise HttpError(404, "No such activity.")
    return _json(found)
