"""The LRS's HTTP layer: basic authentication, the version header, alternate request syntax, errors.

`lrs_endpoint(methods)` wraps a view `(xreq) -> HttpResponse`. `xreq` is an `XRequest`: the method, the
parameters, headers and body after the alternate request syntax (Communication 1.3) is unfolded, the
authenticated client and the xAPI version the request speaks. Every error of the specification becomes
its status with a JSON message naming the rule; never 422.
"""

import base64
import binascii
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import wraps
from urllib.parse import parse_qs

from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections
from django.http import HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django_scopes import scope

from leerritme.xapi.models import Client
from leerritme.xapi.services.clients import client_authenticate
from leerritme.xapi.services.documents import DocumentConflict, PreconditionFailed
from leerritme.xapi.services.statements import Conflict
from leerritme.xapi.validation import V1, V2, StatementError

# Statement requests above this size get 413 (documented limit; a batch holds at most 500 statements).
MAX_BODY = 16 * 1024 * 1024
ALTERNATE_HEADERS = {"authorization", "x-experience-api-version", "content-type", "content-length", "if-match",
                     "if-none-match"}


class HttpError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class XRequest:
    method: str
    params: dict
    headers: dict
    body: bytes
    client: Client | None = None
    version: str = V1
    django: object = None
    extra: dict = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def organisation_id(self) -> int:
        return self.client.organisation_id

    def json_body(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise StatementError("The request body is not valid JSON (Communication 1.1).") from None


def error_response(status: int, message: str) -> HttpResponse:
    response = JsonResponse({"error": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="xAPI"'
    return response


def _read_body(request) -> bytes:
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > MAX_BODY:
        raise HttpError(413, f"The request is larger than {MAX_BODY // (1024 * 1024)} MB.")
    data = request.read(MAX_BODY + 1)
    if len(data) > MAX_BODY:
        raise HttpError(413, f"The request is larger than {MAX_BODY // (1024 * 1024)} MB.")
    return data


def _single(query: dict) -> dict:
    params = {}
    for name, values in query.items():
        if len(values) > 1:
            raise StatementError(f"The parameter {name} is given more than once.")
        params[name] = values[0]
    return params


def build_request(request) -> XRequest:
    headers = {name.lower(): value for name, value in request.headers.items()}
    body = _read_body(request)
    params = _single(parse_qs(request.META.get("QUERY_STRING", ""), keep_blank_values=True))
    method = request.method
    if "method" in params:
        # Alternate request syntax: POST ?method=X with headers, content and parameters in a form body.
        if method != "POST":
            raise StatementError("The alternate request syntax is sent with POST (Communication 1.3).")
        if len(params) > 1:
            raise StatementError("With the alternate request syntax, only 'method' is in the query string.")
        method = params.pop("method").upper()
        if method not in ("GET", "PUT", "POST", "DELETE", "HEAD"):
            raise StatementError("Unknown method in the alternate request syntax (Communication 1.3).")
        form = _single(parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True))
        content = form.pop("content", "")
        for name in list(form):
            if name.lower() in ALTERNATE_HEADERS:
                headers[name.lower()] = form.pop(name)
        headers.setdefault("content-type", "application/json")
        params = form
        body = content.encode("utf-8")
        # Either the request's own header or the one in the form may say which version the client speaks.
        alternate_version = request.headers.get("X-Experience-API-Version", "")
        return XRequest(method=method, params=params, headers=headers, body=body, django=request,
                        extra={"alternate": True, "alternate_version": alternate_version})
    return XRequest(method=method, params=params, headers=headers, body=body, django=request)


def _credentials(headers: dict) -> tuple[str, str] | None:
    """The key and secret of an HTTP basic Authorization header; None without one (or an unreadable one)."""
    auth = headers.get("authorization", "")
    if not auth.lower().startswith("basic "):
        return None
    try:
        key, _sep, secret = base64.b64decode(auth[6:].strip()).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return key, secret


def _authenticate(headers: dict) -> Client | None:
    credentials = _credentials(headers)
    return client_authenticate(*credentials) if credentials else None


def _anonymous(headers: dict) -> bool:
    """No credentials at all, or the explicitly empty ones (`Basic Og==`, Communication 4.1 "No
    Authorization"): a request that presents a key and secret and is refused is not anonymous."""
    return "authorization" not in headers or _credentials(headers) == ("", "")


def _claimed_version(headers: dict) -> str:
    """The version a request says it speaks, without judging it: what the response's header echoes even
    when the request is refused before its version is checked (401, 403, 405) or needs none (About)."""
    return V2 if headers.get("x-experience-api-version", "").startswith("2.0") else V1


def _check_not_alternate(xreq: XRequest, version: str) -> None:
    """IEEE 9274.1.1 dropped the alternate request syntax (1.0.3 Communication 1.3): a 2.0 client sends
    real methods and headers, so under 2.0 a `?method=` request is refused rather than unfolded."""
    if xreq.extra.get("alternate") and (version == V2 or xreq.extra["alternate_version"].startswith("2.0")):
        raise StatementError("The alternate request syntax (?method=) is not part of xAPI 2.0 (IEEE 9274.1.1); "
                             "send the request with its own method and headers.")


VERSION_1_RE = re.compile(r"^1\.0(\.\d+)?$")
VERSION_2_RE = re.compile(r"^2\.0(\.\d+)?$")


def _version(headers: dict) -> str:
    value = headers.get("x-experience-api-version")
    if not value:
        raise StatementError("The X-Experience-API-Version header is required (Communication 3.3).")
    # "1.0" or "1.0.x" (1.0.3 Communication 3.3, XAPI-00331); "2.0" or "2.0.x" (9274.1.1 4.1.2).
    if VERSION_1_RE.match(value):
        return V1
    if VERSION_2_RE.match(value):
        return V2
    raise StatementError(f"Version {value!r} is not supported; use 1.0.3 or 2.0.0 (Communication 3.3).")


# Under ASGI, Django runs each request's synchronous code in a new thread, so a database connection lives for one
# request whatever CONN_MAX_AGE says (Django's documentation: "When using ASGI, persistent connections should be
# disabled"). The LRS gets many small requests from a few tools, and each paid for a new connection (SQLite:
# opening the file and reading the schema, about 4 ms of CPU; PostgreSQL: a new server process). So its work
# runs in a few long-lived threads instead, whose connections live as long as CONN_MAX_AGE allows (and are
# closed after every request with the default of 0, as before).
LRS_THREADS = 4
_lrs_threads = ThreadPoolExecutor(max_workers=LRS_THREADS, thread_name_prefix="xapi-lrs")


def _in_lrs_thread(handle, request, *args, **kwargs):
    language = translation.get_language()

    def job():
        close_old_connections()
        try:
            with translation.override(language):
                return handle(request, *args, **kwargs)
        finally:
            close_old_connections()

    return _lrs_threads.submit(job).result()


def lrs_endpoint(methods: tuple[str, ...], *, needs_version: bool = True, public: bool = False):
    """Wrap an LRS view: authenticate, check scope and version, run inside the client's organisation.

    A `public` view (the About resource) also answers anonymous requests, outside any organisation
    (Communication 2.8: an LRS SHOULD allow unauthenticated access); refused credentials still get 401.
    """
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorate(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if isinstance(request, ASGIRequest):
                return _in_lrs_thread(handle, request, *args, **kwargs)
            return handle(request, *args, **kwargs)

        def handle(request, *args, **kwargs):
            version = _claimed_version({name.lower(): value for name, value in request.headers.items()})
            try:
                xreq = build_request(request)
                version = _claimed_version(xreq.headers)
                client = _authenticate(xreq.headers)
                anonymous = client is None and public and _anonymous(xreq.headers)
                if client is None and not anonymous:
                    raise HttpError(401, "Send an xAPI client's key and secret with HTTP basic authentication.")
                if xreq.method not in allowed:
                    raise HttpError(405, f"{xreq.method} is not allowed here.")
                writes = xreq.method in ("PUT", "POST", "DELETE")
                if client is not None and ((writes and not client.can_write) or (not writes and not client.can_read)):
                    raise HttpError(403, "This client may not " + ("write." if writes else "read."))
                if needs_version:
                    version = _version(xreq.headers)
                _check_not_alternate(xreq, version)
                xreq.client, xreq.version = client, version
                if anonymous:
                    response = view(xreq, *args, **kwargs)
                else:
                    with scope(organisation=client.organisation):
                        response = view(xreq, *args, **kwargs)
                    _touch(client)
            except StatementError as error:
                response = error_response(400, str(error))
            except (Conflict, DocumentConflict) as error:
                response = error_response(409, str(error))
            except PreconditionFailed as error:
                response = error_response(412, str(error))
            except HttpError as error:
                response = error_response(error.status, str(error))
                if error.status == 405:
                    response["Allow"] = ", ".join(sorted(allowed))
            # Every response says which version it speaks, refusals included (2.0: 4.1.2, a SHALL).
            response["X-Experience-API-Version"] = "2.0.0" if version == V2 else "1.0.3"
            if request.method == "HEAD" or (locals().get("xreq") is not None and xreq.method == "HEAD"):
                response.content = b""
            return response

        return wrapper

    return decorate


def _touch(client: Client) -> None:
    """Note when a client was last used (at most once a minute, so busy clients cost no extra writes)."""
    now = timezone.now()
    if client.last_used_at is None or (now - client.last_used_at).total_seconds() > 60:
        with scope(organisation=client.organisation):
            Client.objects.filter(pk=client.pk).update(last_used_at=now)
