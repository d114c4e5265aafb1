"""SQLite: FTS5 over Snowball stems (the table and its delete trigger are made by migration 0001)."""

from django.db import connection

from leerritme.knowledge.search.text import query_words, word_stems

TABLE = "knowledge_search_fts"


def write(rows: list[tuple[int, str, str]]) -> None:
    """Replace the FTS rows of these entry ids with their stemmed title and text."""
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(row[0],) for row in rows])  # noqa: S608  # nosec B608
        cursor.executemany(f"INSERT INTO {TABLE} (rowid, title, body) VALUES (%s, %s, %s)", rows)  # noqa: S608  # nosec B608


def match_expression(q: str) -> str:
    """Every query word must match, as a prefix of its Dutch or its English stem ("offertes" → offert*)."""
    groups = []
    for word in query_words(q):
        options = sorted({f'"{stem}"*' for stem in word_stems(word) if stem} | {f'"{word}"*'})
        groups.append("(" + " OR ".join(options) + ")")
    return " AND ".join(groups)


def ranked_ids(*, organisation_id: int, q: str, team_ids: list[int], kinds: list[str],
               limit: int) -> list[tuple[int, float]]:
    expression = match_expression(q)
    if not expression:
        return []
    teams = ",".join(str(int(t)) for t in team_ids)
    visible = f"(e.team_id IS NULL OR e.team_id IN ({teams}))" if teams else "e.team_id IS NULL"
    kind_filter = ""
    params: list = [expression, organisation_id]
    if kinds:
        kind_filter = " AND e.kind IN (" + ",".join(["%s"] * len(kinds)) + ")"
        params += kinds
    params.append(limit)
    # Only constants and integers are put into the text; the search words are parameters.
    sql = (
        f"SELECT e.id, -bm25({TABLE}, 4.0, 1.0) AS score FROM {TABLE} "  # noqa: S608  # nosec B608
        f"JOIN knowledge_searchentry e ON e.id = {TABLE}.rowid "
        f"WHERE {TABLE} MATCH %s AND e.organisation_id = %s AND {visible}{kind_filter} "
        "ORDER BY score DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], float(row[1])) for row in cursor.fetchall()]
