"""Statements with attachments: multipart/mixed requests and responses (1.0.3 Communication 1.5.2, Data 2.4.11;
9274.1.1 4.1.3 and 4.2.x), rule by rule."""

import hashlib
import json

import pytest
from django_scopes import scopes_disabled

from leerritme.xapi.models import Attachment
from leerritme.xapi.tests.conftest import make_lrs, new_id, statement

pytestmark = pytest.mark.django_db

BOUNDARY = "-------314159265358979323846"
TEXT = b"here is a simple attachment"
IMAGE = bytes(range(256)) * 4  # binary content: every byte value, CR and LF included


@pytest.fixture
def lrs2(client, org):
    return make_lrs(client, org, name="Modern tool", version="2.0.0")


def described(content=TEXT, digest=hashlib.sha256, **extra):
    return {"usageType": "http://example.com/attachment-usage/test", "display": {"en-US": "A test attachment"},
            "contentType": "text/plain", "length": len(content), "sha2": digest(content).hexdigest(), **extra}


def body(document, parts, *, boundary=BOUNDARY, first_type="application/json", preamble=b""):
    """parts: (content, declared hash, headers other than the hash)."""
    chunks = [preamble, f"--{boundary}\r\nContent-Type: {first_type}\r\n\r\n".encode(), json.dumps(document).encode(),
              b"\r\n"]
    for content, sha2, headers in parts:
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        chunks += [f"--{boundary}\r\n{head}X-Experience-API-Hash: {sha2}\r\n\r\n".encode(), content, b"\r\n"]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks)


BINARY = {"Content-Type": "text/plain", "Content-Transfer-Encoding": "binary"}


def send(lrs, document, parts, *, content_type=None, **kwargs):
    return lrs.post("statements", body(document, parts, **kwargs),
                    content_type=content_type or f"multipart/mixed; boundary={BOUNDARY}")


# --- Communication 1.5.2: what a multipart/mixed request must look like ---------------------------------------

def test_attachment_parts_are_stored_and_returned(lrs):
    attachment = described(IMAGE, contentType="image/png")
    response = send(lrs, statement(attachments=[attachment]), [(IMAGE, attachment["sha2"], BINARY)])
    assert response.status_code == 200, response.content
    with scopes_disabled():
        assert bytes(Attachment.objects.get(sha2=attachment["sha2"]).content) == IMAGE


def test_a_boundary_is_required(lrs):
    response = send(lrs, statement(), [], content_type="multipart/mixed")
    assert response.status_code == 400


def test_a_quoted_boundary_and_a_preamble_are_read(lrs):
    attachment = described()
    response = send(lrs, statement(attachments=[attachment]), [(TEXT, attachment["sha2"], BINARY)],
                    content_type=f'multipart/mixed; boundary="{BOUNDARY}"', preamble=b"This is a preamble.\r\n")
    assert response.status_code == 200, response.content


def test_the_first_part_must_be_the_json_statement(lrs):
    assert send(lrs, statement(), [], first_type="text/plain").status_code == 400
    broken = body(statement(), []).replace(b'"actor"', b"actor")
    assert lrs.post("statements", broken, content_type=f"multipart/mixed; boundary={BOUNDARY}").status_code == 400


def test_multipart_form_data_is_not_multipart_mixed(lrs):
    attachment = described()
    response = send(lrs, statement(attachments=[attachment]), [(TEXT, attachment["sha2"], BINARY)],
                    content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code == 400


def test_every_attachment_part_needs_its_hash_header(lrs):
    attachment = described()
    request = body(statement(attachments=[attachment]), [(TEXT, attachment["sha2"], BINARY)])
    request = request.replace(b"X-Experience-API-Hash", b"X-Something-Else")
    assert lrs.post("statements", request, content_type=f"multipart/mixed; boundary={BOUNDARY}").status_code == 400


def test_every_attachment_part_is_sent_binary(lrs):
    attachment = described()
    base64_part = {"Content-Type": "text/plain", "Content-Transfer-Encoding": "base64"}
    assert send(lrs, statement(attachments=[attachment]), [(TEXT, attachment["sha2"], base64_part)]).status_code == 400


def test_a_part_whose_content_does_not_match_its_hash_is_400(lrs):
    attachment = described()
    response = send(lrs, statement(attachments=[attachment]), [(b"something else", attachment["sha2"], BINARY)])
    assert response.status_code == 400


def test_a_part_that_is_no_statement_attachment_is_400(lrs):
    # XAPI-00128: excess multipart sections that are not attachments.
    attachment, extra = described(), b"an extra part"
    parts = [(TEXT, attachment["sha2"], BINARY), (extra, hashlib.sha256(extra).hexdigest(), BINARY)]
    assert send(lrs, statement(attachments=[attachment]), parts).status_code == 400


def test_a_missing_part_for_an_attachment_without_file_url_is_400(lrs):
    # XAPI-00129: one attachment sent, the other only described.
    first, second = described(), described(b"second attachment")
    parts = [(TEXT, first["sha2"], BINARY)]
    assert send(lrs, statement(attachments=[first, second]), parts).status_code == 400
    with scopes_disabled():
        assert not Attachment.objects.exists()


def test_file_url_attachments_need_no_part_as_json_or_as_multipart(lrs):
    attachment = described(fileUrl="http://over.there.com/file.txt")
    assert lrs.post("statements", statement(attachments=[attachment])).status_code == 200
    assert send(lrs, statement(attachments=[attachment]), []).status_code == 200


def test_multipart_mixed_without_attachments_is_fine(lrs):
    assert send(lrs, statement(), []).status_code == 200


@pytest.mark.parametrize("digest", [hashlib.sha224, hashlib.sha256, hashlib.sha384, hashlib.sha512])
def test_every_sha2_length_is_checked(lrs, digest):
    attachment = described(digest=digest)
    assert send(lrs, statement(attachments=[attachment]), [(TEXT, attachment["sha2"], BINARY)]).status_code == 200
    wrong = described(b"other", digest=digest)
    assert send(lrs, statement(attachments=[wrong]), [(TEXT, wrong["sha2"], BINARY)]).status_code == 400


def test_one_part_serves_every_statement_of_a_batch_that_uses_it(lrs):
    attachment = described()
    batch = [statement(attachments=[attachment]), statement(attachments=[attachment])]
    response = send(lrs, batch, [(TEXT, attachment["sha2"], BINARY)])
    assert response.status_code == 200 and len(response.json()) == 2


def test_put_takes_multipart_too(lrs):
    attachment, statement_id = described(), new_id()
    response = lrs.put("statements", body(statement(attachments=[attachment]), [(TEXT, attachment["sha2"], BINARY)]),
                       params={"statementId": statement_id},
                       content_type=f"multipart/mixed; boundary={BOUNDARY}")
    assert response.status_code == 204, response.content


def test_a_sub_statement_attachment_is_sent_as_a_part(lrs):
    # A SubStatement may carry attachments (Data 2.4.4.1.5); their parts belong to the statement's request.
    attachment = described()
    sub = {"objectType": "SubStatement", "actor": {"mbox": "mailto:coach@example.com"},
           "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"},
           "object": {"id": "http://example.com/activities/session"}, "attachments": [attachment]}
    response = send(lrs, statement(object=sub), [(TEXT, attachment["sha2"], BINARY)])
    assert response.status_code == 200, response.content
    got = lrs.get("statements", {"statementId": response.json()[0], "attachments": "true"})
    assert TEXT in got.content
    assert lrs.post("statements", statement(object=sub)).status_code == 400


# --- Communication 2.1.3: attachments=true returns multipart/mixed ----------------------------------------------

def _parts(response):
    boundary = response["Content-Type"].split("boundary=")[1].strip('"')
    pieces = response.content.split(f"--{boundary}".encode())
    assert pieces[-1].startswith(b"--")
    found = []
    for piece in pieces[1:-1]:
        head, _sep, content = piece.strip(b"\r\n").partition(b"\r\n\r\n")
        headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n"))
        found.append((headers, content))
    return found


def test_attachments_true_returns_the_statement_then_each_attachment(lrs2):
    text, image = described(), described(IMAGE, contentType="image/png")
    parts = [(IMAGE, image["sha2"], {"Content-Type": "image/png", "Content-Transfer-Encoding": "binary"}),
             (TEXT, text["sha2"], BINARY)]
    statement_id = send(lrs2, statement(attachments=[text, image]), parts).json()[0]
    response = lrs2.get("statements", {"statementId": statement_id, "attachments": "true"})
    assert response["Content-Type"].startswith("multipart/mixed; boundary=")
    (first_headers, first), *rest = _parts(response)
    assert first_headers["Content-Type"] == "application/json"
    assert json.loads(first)["id"] == statement_id
    by_hash = {headers["X-Experience-API-Hash"]: (headers, content) for headers, content in rest}
    assert by_hash[image["sha2"]][1] == IMAGE and by_hash[image["sha2"]][0]["Content-Type"] == "image/png"
    assert by_hash[text["sha2"]][1] == TEXT
    assert all(headers["Content-Transfer-Encoding"] == "binary" for headers, _content in rest)


def test_attachments_true_on_a_list_sends_each_attachment_once(lrs):
    attachment = described()
    send(lrs, [statement(attachments=[attachment]), statement(attachments=[attachment])],
         [(TEXT, attachment["sha2"], BINARY)])
    (_headers, document), *rest = _parts(lrs.get("statements", {"attachments": "true"}))
    assert len(json.loads(document)["statements"]) == 2
    assert len(rest) == 1


def test_without_attachments_true_the_response_is_plain_json(lrs):
    attachment = described()
    statement_id = send(lrs, statement(attachments=[attachment]), [(TEXT, attachment["sha2"], BINARY)]).json()[0]
    response = lrs.get("statements", {"statementId": statement_id})
    assert response["Content-Type"] == "application/json"
    assert response.json()["attachments"] == [attachment]
