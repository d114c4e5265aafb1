"""multipart/mixed statement requests and responses with attachments (Communication 1.5.2), and signatures.

A request's first part is the statement(s) as application/json; every further part is one attachment's raw
content with an `X-Experience-API-Hash` header (its SHA-2 hex) and `Content-Transfer-Encoding: binary`.
The LRS checks each part's hash against its content and that every attachment without fileUrl has its part.
"""

import base64
import hashlib
import json
import re
import secrets

from leerritme.xapi.validation import StatementError

SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"
SIGNATURE_TYPE = "application/octet-stream"
HASHES = {56: hashlib.sha224, 64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512}


def sha2_of(content: bytes, like: str) -> str:
    return HASHES.get(len(like), hashlib.sha256)(content).hexdigest()


def _boundary(content_type: str) -> bytes:
    match = re.search(r'boundary="?([^";]+)"?', content_type, re.I)
    if not match:
        raise StatementError("A multipart/mixed request needs a boundary (Communication 1.5.2).")
    return match.group(1).strip().encode()


def _split_parts(body: bytes, boundary: bytes) -> list[tuple[dict, bytes]]:
    delimiter = b"--" + boundary
    pieces = body.split(delimiter)
    if len(pieces) < 3:
        raise StatementError("The multipart/mixed body cannot be read (Communication 1.5.2).")
    parts = []
    for piece in pieces[1:]:
        if piece.startswith(b"--"):
            break
        piece = piece[2:] if piece.startswith(b"\r\n") else piece.lstrip(b"\n")
        head, sep, content = piece.partition(b"\r\n\r\n")
        if not sep:
            raise StatementError("A multipart/mixed part has no headers (Communication 1.5.2).")
        if content.endswith(b"\r\n"):
            content = content[:-2]
        headers = {}
        for line in head.decode("latin-1").split("\r\n"):
            name, _colon, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        parts.append((headers, content))
    return parts


def parse_multipart(content_type: str, body: bytes) -> tuple[bytes, dict[str, tuple[str, bytes]]]:
    """The JSON part and the attachments {sha2: (content type, content)} of a multipart/mixed request."""
    parts = _split_parts(body, _boundary(content_type))
    if not parts:
        raise StatementError("The multipart/mixed body has no parts (Communication 1.5.2).")
    first_headers, first = parts[0]
    if first_headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise StatementError("The first part of a multipart/mixed request must be application/json "
                             "(Communication 1.5.2).")
    attachments = {}
    for headers, content in parts[1:]:
        declared = headers.get("x-experience-api-hash", "").lower()
        if not declared:
            raise StatementError("Every attachment part needs an X-Experience-API-Hash header (Communication 1.5.2).")
        encoding = headers.get("content-transfer-encoding", "").lower()
        if encoding != "binary":
            raise StatementError("Attachment parts are sent with Content-Transfer-Encoding: binary "
                                 "(Communication 1.5.2).")
        if sha2_of(content, declared) != declared:
            raise StatementError("An attachment's content does not match its X-Experience-API-Hash "
                                 "(Communication 1.5.2).")
        attachments[declared] = (headers.get("content-type", "application/octet-stream"), content)
    return first, attachments


def _attachments_of(statement: dict) -> list[dict]:
    """A statement's attachment objects; malformed ones are left to the statement validator's 400."""
    items = statement.get("attachments")
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def check_statement_attachments(statements: list[dict], attachments: dict[str, tuple[str, bytes]]) -> None:
    """Every part belongs to an attachment of a statement; signatures are checked (Data 2.6).

    Called for every statement request, with or without parts: a signature's metadata is checked even when
    the signature itself is only referred to by fileUrl (and so cannot be verified here).
    """
    declared = {}
    for statement in statements:
        sub = statement.get("object")
        in_sub = _attachments_of(sub) if isinstance(sub, dict) and sub.get("objectType") == "SubStatement" else []
        for attachment in [*_attachments_of(statement), *in_sub]:
            declared[str(attachment.get("sha2", "")).lower()] = attachment
            if attachment.get("usageType") == SIGNATURE and attachment.get("contentType") != SIGNATURE_TYPE:
                raise StatementError(f"A signature attachment has the contentType {SIGNATURE_TYPE} (Data 2.6).")
    for sha2 in attachments:
        if sha2 not in declared:
            raise StatementError("An attachment part does not belong to any statement's attachments "
                                 "(Communication 1.5.2).")
    for statement in statements:
        for attachment in _attachments_of(statement):
            if attachment.get("usageType") == SIGNATURE and str(attachment.get("sha2", "")).lower() in attachments:
                check_signature(statement, attachments[attachment["sha2"].lower()][1])


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _comparable(statement: dict) -> dict:
    """What a signature's payload and the statement must agree on (Data 2.6): everything but the properties
    the LRS may set (authority, stored, version) and the signature attachments, which are added after
    signing. An id counts when both have one (the LRS gives an id only to a statement without)."""
    data = {key: value for key, value in statement.items()
            if key not in ("authority", "stored", "version", "attachments", "id")}
    data["attachments"] = [item for item in _attachments_of(statement) if item.get("usageType") != SIGNATURE]
    return data


def check_signature(statement: dict, jws: bytes) -> None:
    """A signed statement (Data 2.6): a compact JWS with RS256/384/512 whose payload is the statement."""
    try:
        header_b64, payload_b64, signature_b64 = jws.decode("ascii").strip().split(".")
        header = json.loads(_b64url(header_b64))
        payload = json.loads(_b64url(payload_b64))
        signature = _b64url(signature_b64)
    except (ValueError, UnicodeDecodeError):
        raise StatementError("The signature is not a JWS in compact serialisation (Data 2.6).") from None
    if not isinstance(header, dict):
        raise StatementError("The signature's JWS header is not a JSON object (Data 2.6).")
    algorithm = header.get("alg")
    if algorithm not in ("RS256", "RS384", "RS512"):
        raise StatementError("A statement signature must use RS256, RS384 or RS512 (Data 2.6).")
    if not isinstance(payload, dict) or _comparable(payload) != _comparable(statement):
        raise StatementError("The signature's payload does not match the statement (Data 2.6).")
    signed_id, statement_id = payload.get("id"), statement.get("id")
    if signed_id is not None and statement_id is not None and str(signed_id).lower() != str(statement_id).lower():
        raise StatementError("The signature's payload does not match the statement: another id (Data 2.6).")
    if "x5c" in header:
        _verify_x5c(header, f"{header_b64}.{payload_b64}".encode(), signature, algorithm)


def _verify_x5c(header: dict, signed: bytes, signature: bytes, algorithm: str) -> None:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    try:
        certificate = x509.load_der_x509_certificate(base64.b64decode(header["x5c"][0]))
        digest = {"RS256": hashes.SHA256(), "RS384": hashes.SHA384(), "RS512": hashes.SHA512()}[algorithm]
        certificate.public_key().verify(signature, signed, padding.PKCS1v15(), digest)
    except (InvalidSignature, ValueError, TypeError, IndexError, KeyError, AttributeError):
        raise StatementError("The statement's signature does not verify with its x5c certificate (Data 2.6).") \
            from None


def multipart_response(document: bytes, attachments: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/mixed body: the JSON document, then each (sha2, content type, content)."""
    boundary = "xapi-" + secrets.token_hex(12)
    chunks = [f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(), document, b"\r\n"]
    for sha2, content_type, content in attachments:
        chunks += [f"--{boundary}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n"
                   f"X-Experience-API-Hash: {sha2}\r\n\r\n".encode(), content, b"\r\n"]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f'multipart/mixed; boundary="{boundary}"'
