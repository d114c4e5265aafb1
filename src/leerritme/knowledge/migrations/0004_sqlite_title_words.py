"""SQLite: the words of the titles, per organisation, with a trigram index, for typo-tolerant search.

PostgreSQL has pg_trgm for this (migration 0001); on SQLite a search whose words find little looks up
title words that differ from a query word by a letter or two ("oferte" → "offerte") and searches those
too (knowledge/search/sqlite.py). Written out here, not imported, like 0001.
"""

import re
import unicodedata

from django.db import migrations

FORWARD = [
    "CREATE TABLE knowledge_search_word (id INTEGER PRIMARY KEY, org INTEGER NOT NULL, word TEXT NOT NULL, "
    "UNIQUE (org, word))",
    "CREATE VIRTUAL TABLE knowledge_search_word_tri USING fts5(word, org UNINDEXED, "
    "content = 'knowledge_search_word', content_rowid = 'id', tokenize = 'trigram')",
    "CREATE TRIGGER knowledge_search_word_added AFTER INSERT ON knowledge_search_word BEGIN "
    "INSERT INTO knowledge_search_word_tri (rowid, word, org) VALUES (new.id, new.word, new.org); END",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS knowledge_search_word_added",
    "DROP TABLE IF EXISTS knowledge_search_word_tri",
    "DROP TABLE IF EXISTS knowledge_search_word",
]
_WORD = re.compile(r"\w+", re.UNICODE)


def _fold(word):
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)
    rows = set()
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT organisation_id, title FROM knowledge_searchentry")
        for org, title in cursor.fetchall():
            for word in _WORD.findall(title or ""):
                folded = _fold(word)
                if len(folded) >= 4 and not folded.isdigit():
                    rows.add((org, folded))
        cursor.executemany("INSERT OR IGNORE INTO knowledge_search_word (org, word) VALUES (%s, %s)", sorted(rows))


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("knowledge", "0003_series_plan_sessions"),
    ]

    operations = [migrations.RunPython(forward, backward)]
