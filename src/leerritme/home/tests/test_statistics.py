"""After a migrate that applied something, SQLite has planner statistics (it never gathers them itself)."""

import pytest
from django.apps import apps
from django.db import connection

from leerritme.home.statistics import analyze_after_migrate


@pytest.mark.django_db
def test_a_migrate_that_applied_something_refreshes_the_statistics_on_sqlite(django_assert_num_queries):
    home = apps.get_app_config("home")
    with django_assert_num_queries(0):
        analyze_after_migrate(home, plan=[])  # nothing applied: nothing to do
        analyze_after_migrate(apps.get_app_config("orgs"), plan=[("migration", False)])  # once, not per app
    with django_assert_num_queries(1 if connection.vendor == "sqlite" else 0) as done:
        analyze_after_migrate(home, plan=[("migration", False)])
    if connection.vendor == "sqlite":
        assert done.captured_queries[0]["sql"] == "ANALYZE"
