import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django_scopes import scope

from leerritme.xapi.services.clients import client_create


class LRS:
    """A test client speaking xAPI: basic auth and the version header on every request."""

    def __init__(self, client, key, secret, version="1.0.3"):
        self.client, self.version = client, version
        self.auth = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()

    def headers(self, extra=None, version=None):
        headers = {"Authorization": self.auth}
        if (version or self.version) is not None:
            headers["X-Experience-API-Version"] = version or self.version
        headers.update(extra or {})
        return headers

    def request(self, method, path, data=None, params=None, content_type="application/json", headers=None,
                version=None):
        from urllib.parse import urlencode

        url = "/xapi/" + path + (("?" + urlencode(params)) if params else "")
        body = data if isinstance(data, (bytes, str)) or data is None else json.dumps(data)
        return self.client.generic(method, url, data=body or "", content_type=content_type,
                                   headers=self.headers(headers, version))

    def get(self, path, params=None, **kwargs):
        return self.request("GET", path, params=params, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data, **kwargs)

    def put(self, path, data, **kwargs):
        return self.request("PUT", path, data, **kwargs)


def make_lrs(client, organisation, name="Academy", version="1.0.3", **kwargs):
    with scope(organisation=organisation):
        record, secret = client_create(organisation=organisation, name=name, **kwargs)
    return LRS(client, record.key, secret, version)


@pytest.fixture(scope="module")
def signer():
    """An RSA key and its self-signed certificate (base64 DER, as in a JWS x5c header) for signed statements."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Signing tool")])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(7).not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
                   .sign(key, hashes.SHA256()))
    return key, base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()


@pytest.fixture
def lrs(client, org):
    return make_lrs(client, org)


@pytest.fixture
def other_lrs(client, other_org):
    return make_lrs(client, other_org, name="Other academy")


def statement(**overrides):
    data = {
        "actor": {"objectType": "Agent", "mbox": "mailto:learner@example.com", "name": "Learner"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
        "object": {"id": "http://example.com/activities/course-1",
                   "definition": {"name": {"en-US": "Course 1"}}},
    }
    data.update(overrides)
    return data


def new_id():
    return str(uuid.uuid4())


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server():
    """The live server builds its middleware once, when it starts (see tests/browser/conftest.py): serve HTTP."""
    from django.test import override_settings

    with override_settings(SECURE_SSL_REDIRECT=False):
        yield
