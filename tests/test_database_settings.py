"""DATABASES from the environment (lib/database.py): SQLite tuned, PostgreSQL pooled with DB_POOL_MAX."""

import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.utils import ConnectionHandler

from leerritme.lib.database import database

PG_URL = "postgres://leerritme:secret@db.example.org:5432/leerritme"


def test_sqlite_gets_wal_immediate_transactions_and_no_pool(tmp_path):
    settings = database(f"sqlite:///{tmp_path / 'var' / 'db.sqlite3'}")
    assert settings["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in settings["OPTIONS"]["init_command"]
    assert "pool" not in settings["OPTIONS"]
    assert (tmp_path / "var").is_dir()


def test_postgres_without_a_pool_keeps_connections_as_long_as_asked():
    settings = database(PG_URL, conn_max_age=60)
    assert settings["CONN_MAX_AGE"] == 60
    assert "pool" not in settings.get("OPTIONS", {})


def test_postgres_with_a_pool_lends_connections_instead_of_keeping_them():
    settings = database(PG_URL, pool_max=8)
    assert settings["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 8, "timeout": 10}
    assert settings["CONN_MAX_AGE"] == 0
    assert database(PG_URL, pool_max=1)["OPTIONS"]["pool"]["min_size"] == 1


@pytest.mark.parametrize(
    ("url", "kwargs", "message"),
    [
        ("sqlite:///x.sqlite3", {"pool_max": 4}, "needs PostgreSQL"),
        (PG_URL, {"pool_max": 4, "conn_max_age": 60}, "not both"),
        (PG_URL, {"pool_max": -1}, "cannot be negative"),
    ],
)
def test_impossible_combinations_are_refused_with_a_reason(url, kwargs, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        database(url, **kwargs)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_pool_of_two_serves_eight_threads_on_a_real_postgres():
    """Eight threads, each with its own Django connection from a pool of at most two, all get their answer."""
    pooled = database("postgres://x@localhost/x", pool_max=2)
    pooled.update({key: connection.settings_dict[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")})
    handler = ConnectionHandler({"default": dict(connection.settings_dict), "pooled": pooled})
    answers, errors = [], []

    def work(number):
        try:
            with handler["pooled"].cursor() as cursor:
                cursor.execute("SELECT %s::int + 1", [number])
                answers.append(cursor.fetchone()[0])
            handler["pooled"].close()  # gives the connection back to the pool
        except Exception as error:  # noqa: BLE001 - reported below with the thread's number
            errors.append((number, error))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        assert sorted(answers) == list(range(1, 9))
        stats = handler["pooled"].pool.get_stats()
        assert stats["pool_max"] <= 2
        assert stats["connections_num"] <= 2
    finally:
        handler["pooled"].close_pool()
