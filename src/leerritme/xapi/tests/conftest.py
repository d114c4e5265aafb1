import base64
import json
import uuid

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
