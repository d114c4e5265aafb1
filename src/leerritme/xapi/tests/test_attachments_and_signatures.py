"""Communication 1.5.2 (multipart/mixed attachments with SHA-2) and Data 2.6 (signed statements)."""

import base64
import hashlib
import json

import pytest

from leerritme.xapi.tests.conftest import new_id, statement

pytestmark = pytest.mark.django_db

BOUNDARY = "abc123boundary"
CONTENT = b"Certificate of completion\r\n\x00\xff binary bytes"
SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"


def _attachment(content=CONTENT, usage="http://example.com/attachment-usage/certificate",
                content_type="application/octet-stream"):
    return {"usageType": usage, "display": {"en-US": "Certificate"}, "contentType": content_type,
            "length": len(content), "sha2": hashlib.sha256(content).hexdigest()}


def _multipart(document, parts):
    chunks = [f"--{BOUNDARY}\r\nContent-Type: application/json\r\n\r\n".encode(), json.dumps(document).encode(),
              b"\r\n"]
    for content, sha2, content_type in parts:
        chunks += [f"--{BOUNDARY}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n"
                   f"X-Experience-API-Hash: {sha2}\r\n\r\n".encode(), content, b"\r\n"]
    chunks.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(chunks)


def _post(lrs, document, parts):
    return lrs.post("statements", _multipart(document, parts),
                    content_type=f'multipart/mixed; boundary="{BOUNDARY}"')


def test_statement_with_attachment_round_trip(lrs):
    attachment = _attachment()
    response = _post(lrs, statement(attachments=[attachment]), [(CONTENT, attachment["sha2"], "text/plain")])
    assert response.status_code == 200, response.content
    statement_id = response.json()[0]
    plain = lrs.get("statements", {"statementId": statement_id})
    assert plain["Content-Type"] == "application/json"
    full = lrs.get("statements", {"statementId": statement_id, "attachments": "true"})
    assert full["Content-Type"].startswith("multipart/mixed")
    assert CONTENT in full.content and attachment["sha2"].encode() in full.content


def test_attachment_without_its_part_is_400(lrs):
    response = lrs.post("statements", statement(attachments=[_attachment()]))
    assert response.status_code == 400
    assert "multipart" in response.json()["error"]


def test_file_url_attachments_need_no_part(lrs):
    attachment = {**_attachment(), "fileUrl": "http://example.com/certificate.pdf"}
    assert lrs.post("statements", statement(attachments=[attachment])).status_code == 200


def test_wrong_hash_is_400(lrs):
    attachment = _attachment()
    response = _post(lrs, statement(attachments=[attachment]), [(b"other content", attachment["sha2"], "text/plain")])
    assert response.status_code == 400
    assert "X-Experience-API-Hash" in response.json()["error"]


def test_a_part_without_a_statement_attachment_is_400(lrs):
    extra = b"stray"
    response = _post(lrs, statement(), [(extra, hashlib.sha256(extra).hexdigest(), "text/plain")])
    assert response.status_code == 400


def test_first_part_must_be_json_and_parts_need_a_hash(lrs):
    body = (f"--{BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--{BOUNDARY}--\r\n").encode()
    assert lrs.post("statements", body, content_type=f"multipart/mixed; boundary={BOUNDARY}").status_code == 400
    attachment = _attachment()
    body = _multipart(statement(attachments=[attachment]), [(CONTENT, attachment["sha2"], "text/plain")])
    body = body.replace(b"X-Experience-API-Hash", b"X-Other")
    assert lrs.post("statements", body, content_type=f"multipart/mixed; boundary={BOUNDARY}").status_code == 400


# --- Signed statements (Data 2.6) ------------------------------------------------------------------------

def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _jws(key, x5c, payload: dict, alg="RS256") -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    header = _b64(json.dumps({"alg": alg, "x5c": [x5c]}).encode())
    body = _b64(json.dumps(payload).encode())
    signature = key.sign(f"{header}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{header}.{body}.{_b64(signature)}".encode()


def _signed_post(lrs, data, jws):
    attachment = _attachment(jws, usage=SIGNATURE, content_type="application/octet-stream")
    return _post(lrs, {**data, "attachments": [attachment]}, [(jws, attachment["sha2"], "application/octet-stream")])


def test_a_correctly_signed_statement_is_stored(lrs, signer):
    key, x5c = signer
    data = statement(id=new_id())
    response = _signed_post(lrs, data, _jws(key, x5c, data))
    assert response.status_code == 200, response.content


def test_signature_payload_must_match_the_statement(lrs, signer):
    key, x5c = signer
    data = statement(id=new_id())
    other = statement(id=data["id"], verb={"id": "http://adlnet.gov/expapi/verbs/failed"})
    response = _signed_post(lrs, data, _jws(key, x5c, other))
    assert response.status_code == 400 and "payload" in response.json()["error"]


def test_signature_must_verify_and_use_rs_algorithms(lrs, signer):
    key, x5c = signer
    data = statement(id=new_id())
    jws = _jws(key, x5c, data)
    tampered = jws[:-6] + (b"AAAAAA" if not jws.endswith(b"AAAAAA") else b"BBBBBB")
    assert _signed_post(lrs, data, tampered).status_code == 400
    header = _b64(json.dumps({"alg": "HS256"}).encode())
    assert _signed_post(lrs, data, f"{header}.{_b64(json.dumps(data).encode())}.c2ln".encode()).status_code == 400
    assert _signed_post(lrs, data, b"not a jws").status_code == 400
