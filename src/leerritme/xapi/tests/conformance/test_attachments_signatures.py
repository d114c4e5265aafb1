"""Signed statements (1.0.3 Data 2.6; 9274.1.1 4.2.x "Signed Statements"), rule by rule.

A signed statement carries a JWS (compact serialisation, RS256/RS384/RS512) as an attachment with usageType
http://adlnet.gov/expapi/attachments/signature and contentType application/octet-stream; its payload is the
statement as it was before the signature was added. The LRS rejects a malformed signature with 400: it decodes
the JWS, checks the payload against the statement (ignoring what LRS processing may change: id when absent,
authority, stored, version) and, when the header has an x5c certificate, verifies the signature with it.
"""

import base64
import hashlib
import json

import pytest

from leerritme.xapi.tests.conftest import make_lrs, new_id, statement

pytestmark = pytest.mark.django_db

SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"
BOUNDARY = "signed-boundary"
DIGESTS = {"RS256": "SHA256", "RS384": "SHA384", "RS512": "SHA512"}


@pytest.fixture
def lrs2(client, org):
    return make_lrs(client, org, name="Modern tool", version="2.0.0")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jws(signer, payload, *, alg="RS256", header=None, digest=None, x5c=True) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    key, certificate = signer
    header = header if header is not None else {"alg": alg, **({"x5c": [certificate]} if x5c else {})}
    signed = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}"
    hash_class = getattr(hashes, digest or DIGESTS.get(alg, "SHA256"))
    return f"{signed}.{_b64(key.sign(signed.encode(), padding.PKCS1v15(), hash_class()))}".encode()


def signature_attachment(token: bytes, content_type="application/octet-stream", **extra):
    return {"usageType": SIGNATURE, "display": {"en-US": "Signature"}, "contentType": content_type,
            "length": len(token), "sha2": hashlib.sha256(token).hexdigest(), **extra}


def multipart(document, contents) -> bytes:
    """The statement(s) as the first part, then each content as an octet-stream part with its SHA-256."""
    chunks = [f"--{BOUNDARY}\r\nContent-Type: application/json\r\n\r\n".encode(), json.dumps(document).encode(),
              b"\r\n"]
    for content in contents:
        chunks += [f"--{BOUNDARY}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n"
                   f"X-Experience-API-Hash: {hashlib.sha256(content).hexdigest()}\r\n\r\n".encode(), content, b"\r\n"]
    chunks.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(chunks)


def post_signed(lrs, data, token, *, content_type="application/octet-stream", others=()):
    """data: the statement as signed; the signature attachment is added after it (others before it)."""
    sent = {**data, "attachments": [*data.get("attachments", []), signature_attachment(token, content_type)]}
    return lrs.post("statements", multipart(sent, [token, *others]),
                    content_type=f"multipart/mixed; boundary={BOUNDARY}")


# --- Algorithms: RS256, RS384, RS512 and nothing else -------------------------------------------------------------

@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
def test_each_rs_algorithm_is_accepted_and_verified(lrs, signer, alg):
    data = statement(id=new_id())
    response = post_signed(lrs, data, jws(signer, data, alg=alg))
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("alg", ["HS256", "ES256", "PS256", "none"])
def test_other_algorithms_are_refused(lrs, signer, alg):
    data = statement(id=new_id())
    assert post_signed(lrs, data, jws(signer, data, alg=alg, x5c=False)).status_code == 400


def test_a_signature_made_with_another_hash_than_alg_says_does_not_verify(lrs, signer):
    data = statement(id=new_id())
    assert post_signed(lrs, data, jws(signer, data, alg="RS384", digest="SHA256")).status_code == 400


# --- The JWS itself -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("token", [b"not a jws", b"a.b", b"a.b.c.d", b"!!!.@@@.###", "ünïcode.x.y".encode()])
def test_a_signature_that_is_no_compact_jws_is_400(lrs, token):
    assert post_signed(lrs, statement(id=new_id()), token).status_code == 400


def test_a_jws_in_json_serialisation_is_400(lrs, signer):
    # 9274.1.1 (change s13/s14): a signature shall use the JWS compact serialisation, not the JSON one.
    data = statement(id=new_id())
    header, payload, signature = jws(signer, data).decode().split(".")
    flattened = json.dumps({"protected": header, "payload": payload, "signature": signature}).encode()
    assert post_signed(lrs, data, flattened).status_code == 400


def test_a_jws_header_that_is_no_object_is_400(lrs, signer):
    data = statement(id=new_id())
    assert post_signed(lrs, data, jws(signer, data, header=["RS256"])).status_code == 400


def test_a_tampered_signature_does_not_verify(lrs, signer):
    data = statement(id=new_id())
    header, payload, signature = jws(signer, data).decode().split(".")
    flipped = ("A" if signature[10] != "A" else "B").join((signature[:10], signature[11:]))
    assert post_signed(lrs, data, f"{header}.{payload}.{flipped}".encode()).status_code == 400


def test_an_x5c_that_is_no_certificate_is_400(lrs, signer):
    data = statement(id=new_id())
    token = jws(signer, data, header={"alg": "RS256", "x5c": [base64.b64encode(b"garbage").decode()]})
    assert post_signed(lrs, data, token).status_code == 400


def test_a_certificate_of_another_key_does_not_verify(lrs, signer):
    from cryptography.hazmat.primitives.asymmetric import rsa

    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    data = statement(id=new_id())
    token = jws((other_key, signer[1]), data)
    assert post_signed(lrs, data, token).status_code == 400


def test_without_x5c_the_payload_is_still_compared(lrs, signer):
    # Without a certificate there is nothing to verify against; the payload must still be the statement.
    data = statement(id=new_id())
    assert post_signed(lrs, data, jws(signer, data, x5c=False)).status_code == 200
    other = statement(id=data["id"], verb={"id": "http://adlnet.gov/expapi/verbs/failed"})
    assert post_signed(lrs, data, jws(signer, other, x5c=False)).status_code == 400


# --- The payload against the statement ------------------------------------------------------------------------------

def test_a_payload_that_differs_from_the_statement_is_400(lrs, signer):
    data = statement(id=new_id())
    other = {**data, "result": {"success": True}}
    response = post_signed(lrs, data, jws(signer, other))
    assert response.status_code == 400 and "payload" in response.json()["error"]


def test_a_payload_with_another_id_is_400(lrs, signer):
    data = statement(id=new_id())
    assert post_signed(lrs, data, jws(signer, {**data, "id": new_id()})).status_code == 400


def test_the_lrs_may_add_an_id_authority_stored_and_version(lrs, signer):
    # A payload without id, signed before the LRS gave one; authority/stored/version are LRS properties.
    data = statement()
    extra = {"authority": {"mbox": "mailto:someone@example.com"}, "stored": "2025-01-01T00:00:00Z",
             "version": "1.0.0"}
    assert post_signed(lrs, data, jws(signer, {**data, **extra})).status_code == 200
    token = jws(signer, statement())
    request = multipart(statement(attachments=[signature_attachment(token)]), [token])
    response = lrs.put("statements", request, params={"statementId": new_id()},
                       content_type=f"multipart/mixed; boundary={BOUNDARY}")
    assert response.status_code == 204, response.content


def test_other_attachments_are_part_of_what_was_signed(lrs, signer):
    certificate = b"certificate of completion"
    other = {"usageType": "http://example.com/attachment-usage/certificate", "display": {"en-US": "Certificate"},
             "contentType": "application/octet-stream", "length": len(certificate),
             "sha2": hashlib.sha256(certificate).hexdigest()}
    data = statement(id=new_id(), attachments=[other])
    assert post_signed(lrs, data, jws(signer, data), others=[certificate]).status_code == 200
    data = statement(id=new_id(), attachments=[other])
    unsigned_certificate = {key: value for key, value in data.items() if key != "attachments"}
    assert post_signed(lrs, data, jws(signer, unsigned_certificate), others=[certificate]).status_code == 400


# --- The signature attachment's metadata ------------------------------------------------------------------------

def test_the_signature_attachment_must_be_application_octet_stream(lrs, signer):
    data = statement(id=new_id())
    token = jws(signer, data)
    assert post_signed(lrs, data, token, content_type="text/plain; charset=ascii").status_code == 400


def test_a_signature_known_only_by_file_url_is_accepted_but_its_metadata_is_checked(lrs, signer):
    # Sent as application/json with fileUrl, the JWS is not in the request and cannot be checked; the
    # attachment's own rules still hold (the 1.0.3 suite's signed-statement tests post exactly this).
    data = statement(id=new_id())
    token = jws(signer, data)
    good = signature_attachment(token, fileUrl="http://example.com/signature.jws")
    assert lrs.post("statements", {**data, "attachments": [good]}).status_code == 200
    bad = signature_attachment(token, "text/plain", fileUrl="http://example.com/signature.jws")
    assert lrs.post("statements", {**statement(id=new_id()), "attachments": [bad]}).status_code == 400


def test_one_bad_signature_refuses_the_whole_batch(lrs, signer):
    good, bad = statement(id=new_id()), statement(id=new_id())
    good_token, bad_token = jws(signer, good), jws(signer, {**bad, "result": {"success": False}})
    batch = [{**good, "attachments": [signature_attachment(good_token)]},
             {**bad, "attachments": [signature_attachment(bad_token)]}]
    response = lrs.post("statements", multipart(batch, [good_token, bad_token]),
                        content_type=f"multipart/mixed; boundary={BOUNDARY}")
    assert response.status_code == 400
    assert lrs.get("statements", {"statementId": good["id"]}).status_code == 404


# --- 2.0: the same rules under X-Experience-API-Version 2.0.0 ----------------------------------------------------

def test_signed_statements_under_2_0(lrs2, signer):
    data = statement(id=new_id(), timestamp="2025-03-01T10:00:00+01:00")
    assert post_signed(lrs2, data, jws(signer, data, alg="RS512")).status_code == 200
    returned = lrs2.get("statements", {"statementId": data["id"]}).json()
    assert returned["attachments"][0]["usageType"] == SIGNATURE
    assert post_signed(lrs2, statement(id=new_id()), jws(signer, data)).status_code == 400
