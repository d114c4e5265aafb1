"""Under ASGI the LRS's work runs in its own long-lived threads (http.py), so their database connections
outlive a request as CONN_MAX_AGE allows; the answers are the same as under WSGI."""

import json
import threading

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient

from leerritme.xapi.tests.conftest import make_lrs, statement

pytestmark = pytest.mark.django_db(transaction=True)


def test_under_asgi_statements_are_stored_and_read_in_the_lrs_threads(org, client, monkeypatch):
    from leerritme.xapi.views import lrs as views

    lrs = make_lrs(client, org)
    threads = []
    store = views.statements_store

    def recording_store(**kwargs):
        threads.append(threading.current_thread().name)
        return store(**kwargs)

    monkeypatch.setattr(views, "statements_store", recording_store)
    headers = lrs.headers()

    async def talk():
        asgi = AsyncClient()
        posted = await asgi.post("/xapi/statements", data=json.dumps([statement(), statement()]),
                                 content_type="application/json", headers=headers)
        found = await asgi.get("/xapi/statements", headers=headers)
        anonymous = await asgi.get("/xapi/statements", headers={"X-Experience-API-Version": "1.0.3"})
        about = await asgi.get("/xapi/about")
        return posted, found, anonymous, about

    posted, found, anonymous, about = async_to_sync(talk)()
    assert posted.status_code == 200
    ids = posted.json()
    assert [item["id"] for item in found.json()["statements"]] == list(reversed(ids))
    assert anonymous.status_code == 401
    assert about.status_code == 200 and "1.0.3" in about.json()["version"]
    assert threads and all(name.startswith("xapi-lrs") for name in threads)
