"""The document resources (state, activity profile, agent profile): store, merge, delete, with ETags.

Concurrency (Communication 3.1): If-Match must match the current ETag (or be "*" with a document present),
If-None-Match "*" requires no document; otherwise 412. Profiles refuse a PUT that overwrites an existing
document without either header (409), so two tools never silently overwrite each other's work.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from leerritme.xapi.models import Document, DocumentKind
from leerritme.xapi.validation import StatementError


class PreconditionFailed(Exception):
    """412: If-Match / If-None-Match do not hold."""


class DocumentConflict(Exception):
    """409: a PUT would overwrite a profile without a concurrency header."""


@dataclass(frozen=True)
class DocumentKey:
    kind: str
    activity_id: str = ""
    agent_key: str = ""
    registration: str = ""

    def filter(self, organisation_id: int):
        return Document.objects.filter(organisation_id=organisation_id, kind=self.kind, activity_id=self.activity_id,
                                       agent_key=self.agent_key, registration=self.registration)


def etag_of(content: bytes) -> str:
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


def _check_preconditions(current: Document | None, if_match: str | None, if_none_match: str | None) -> None:
    if if_match is not None:
        tags = {tag.strip().strip('"') for tag in if_match.split(",")}
        if current is None or ("*" not in tags and current.etag not in tags):
            raise PreconditionFailed("If-Match does not match the document's ETag (Communication 3.1).")
    if if_none_match is not None:
        tags = {tag.strip().strip('"') for tag in if_none_match.split(",")}
        if current is not None and ("*" in tags or current.etag in tags):
            raise PreconditionFailed("If-None-Match: the document exists (Communication 3.1).")


def _is_json(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() == "application/json"


@transaction.atomic
def document_put(*, organisation_id: int, key: DocumentKey, document_id: str, content: bytes, content_type: str,
                 if_match: str | None = None, if_none_match: str | None = None) -> Document:
    current = key.filter(organisation_id).filter(document_id=document_id).select_for_update().first()
    _check_preconditions(current, if_match, if_none_match)
    if (current is not None and key.kind != DocumentKind.STATE and if_match is None and if_none_match is None):
        raise DocumentConflict("This document exists: send If-Match or If-None-Match to change it (Communication 3.1).")
    return _save(organisation_id, key, document_id, current, content, content_type)


@transaction.atomic
def document_post(*, organisation_id: int, key: DocumentKey, document_id: str, content: bytes, content_type: str,
                  if_match: str | None = None, if_none_match: str | None = None) -> Document:
    """Store, or merge into the existing JSON document (top-level properties of the new one win)."""
    current = key.filter(organisation_id).filter(document_id=document_id).select_for_update().first()
    _check_preconditions(current, if_match, if_none_match)
    if current is None:
        if _is_json(content_type):
            _json_object(content, "The document")
        return _save(organisation_id, key, document_id, None, content, content_type)
    if not (_is_json(content_type) and _is_json(current.content_type)):
        raise StatementError("Only JSON documents can be merged by POST (Communication 1.3).")
    merged = _json_object(bytes(current.content), "The stored document")
    merged.update(_json_object(content, "The posted document"))
    return _save(organisation_id, key, document_id, current, json.dumps(merged).encode(), "application/json")


def _json_object(content: bytes, what: str) -> dict:
    try:
        value = json.loads(content or b"null")
    except ValueError:
        raise StatementError(f"{what} is not valid JSON (Communication 1.3).") from None
    if not isinstance(value, dict):
        raise StatementError(f"{what} must be a JSON object to be merged (Communication 1.3).")
    return value


def _save(organisation_id, key, document_id, current, content, content_type) -> Document:
    if current is None:
        current = Document(organisation_id=organisation_id, kind=key.kind, activity_id=key.activity_id,
                           agent_key=key.agent_key, registration=key.registration, document_id=document_id)
    current.content = content
    current.content_type = content_type or "application/octet-stream"
    current.etag = etag_of(content)
    current.updated = timezone.now()
    current.save()
    return current


@transaction.atomic
def document_delete(*, organisation_id: int, key: DocumentKey, document_id: str | None,
                    if_match: str | None = None, if_none_match: str | None = None) -> int:
    rows = key.filter(organisation_id)
    if document_id is not None:
        current = rows.filter(document_id=document_id).select_for_update().first()
        _check_preconditions(current, if_match, if_none_match)
        rows = rows.filter(document_id=document_id)
    deleted, _detail = rows.delete()
    return deleted


def document_get(*, organisation_id: int, key: DocumentKey, document_id: str) -> Document | None:
    return key.filter(organisation_id).filter(document_id=document_id).first()


def document_ids(*, organisation_id: int, key: DocumentKey, since=None) -> tuple[list[str], datetime | None]:
    """The ids of the key's documents changed after `since` (exclusive), and when the newest of them changed."""
    rows = key.filter(organisation_id)
    if since is not None:
        rows = rows.filter(updated__gt=since)
    found = list(rows.order_by("document_id").values_list("document_id", "updated"))
    return [document_id for document_id, _updated in found], max((updated for _id, updated in found), default=None)
