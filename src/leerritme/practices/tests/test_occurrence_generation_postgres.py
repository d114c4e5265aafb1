"""Two workers extending the same rhythm at the same moment on PostgreSQL: no duplicate, no error."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django_scopes import scope, scopes_disabled

from leerritme.practices.models import Occurrence
from leerritme.practices.services.rhythm import occurrences_generate
from leerritme.practices.tests.test_rhythm_services import NOW, make_adoption, weekly

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_workers_generating_together_add_each_time_once(org, team, bob):
    with scope(organisation=org):
        rhythm = weekly(make_adoption(org, team), bob).rhythm
        Occurrence.objects.filter(rhythm=rhythm).delete()
    barrier = threading.Barrier(2)
    errors = []

    def generate():
        try:
            with scope(organisation=org), transaction.atomic():
                barrier.wait(timeout=10)
                occurrences_generate(rhythm, NOW + timedelta(days=395), since=NOW, now=NOW)
        except Exception as error:  # noqa: BLE001 - handed to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=generate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with scopes_disabled():
        starts = list(Occurrence.objects.filter(rhythm=rhythm).values_list("original_start", flat=True))
    assert len(starts) == len(set(starts)) == 57
