"""After migrations on SQLite: refresh the planner's statistics.

SQLite never gathers statistics on its own. A migration that adds an index leaves it without any, and the
planner may then prefer it over a better one: the organisation timeline took 190 ms instead of 14 ms on
the large demo after the (organisation, kind, time) index on learning events was added, until ANALYZE ran.
PostgreSQL's autovacuum does this by itself.
"""

from django.db import connections


def analyze_after_migrate(sender, *, using="default", plan=None, **kwargs):
    """post_migrate receiver: once per `migrate` that applied something (it is sent once per app)."""
    if sender.name != "leerritme.home" or not plan:
        return
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
