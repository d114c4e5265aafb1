"""PostgreSQL: a narrow tsvector of the title alone, kept by the search trigger, with its own GIN index.

A common word ("klant" is in three of four texts) matched hundreds of wide vectors that all had to be
read to rank them; when enough titles have the words, the search now ranks those on this column and
does not read the wide ones (knowledge/search/postgres.py). Written out here, not imported, like 0001.
"""

from django.db import migrations

import leerritme.knowledge.models

FUNCTION = """CREATE OR REPLACE FUNCTION knowledge_searchentry_vector() RETURNS trigger AS $$
    BEGIN
      NEW.title_vector :=
        setweight(to_tsvector('dutch', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A');
      NEW.vector :=
        NEW.title_vector ||
        setweight(to_tsvector('dutch', coalesce(NEW.text, '')), 'C') ||
        setweight(to_tsvector('english', coalesce(NEW.text, '')), 'C');
      RETURN NEW;
    END $$ LANGUAGE plpgsql"""
OLD_FUNCTION = """CREATE OR REPLACE FUNCTION knowledge_searchentry_vector() RETURNS trigger AS $$
    BEGIN
      NEW.vector :=
        setweight(to_tsvector('dutch', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('dutch', coalesce(NEW.text, '')), 'C') ||
        setweight(to_tsvector('english', coalesce(NEW.text, '')), 'C');
      RETURN NEW;
    END $$ LANGUAGE plpgsql"""
FORWARD = [
    FUNCTION,
    "UPDATE knowledge_searchentry SET title_vector = setweight(to_tsvector('dutch', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(title, '')), 'A')",
    "CREATE INDEX knowledge_searchentry_title_vector_gin ON knowledge_searchentry USING gin (title_vector)",
]
BACKWARD = ["DROP INDEX IF EXISTS knowledge_searchentry_title_vector_gin", OLD_FUNCTION]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("knowledge", "0004_sqlite_title_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="title_vector",
            field=leerritme.knowledge.models.TsVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
