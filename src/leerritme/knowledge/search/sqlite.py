"""SQLite: FTS5 over Snowball stems (the table, its prefix indexes and its delete trigger are made by
migration 0001).

Each row holds the stemmed title and text, and unindexed its kind, organisation and team (0 when the
whole organisation may find it), so the search keeps to the person's organisation and teams without a
join. Ranking (bm25, the title weighing four times the text) is the costly part when a word is in tens
of thousands of texts, so it is bounded: bm25 is worked out for the newest 1,000 visible matches and,
when there are more, also for the newest 1,000 visible matches whose title has the words (FTS5 walks
its matches newest first, without sorting them), and the best of those come back.
"""

from django.db import connection

from leerritme.knowledge.search.text import query_words, still_typing, word_stems

TABLE = "knowledge_search_fts"
CANDIDATES = 1000


def write(rows: list[tuple[int, str, str, str, int, int]]) -> None:
    """Replace the FTS rows of these entry ids: (id, stemmed title, stemmed text, kind, organisation, team or 0)."""
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {TABLE} WHERE rowid = %s", [(row[0],) for row in rows])  # noqa: S608  # nosec B608
        cursor.executemany(
            f"INSERT INTO {TABLE} (rowid, title, body, kind, org, team) VALUES (%s, %s, %s, %s, %s, %s)",  # noqa: S608  # nosec B608
            rows,
        )


def match_expression(q: str) -> str:
    """Every word must match one of its Dutch or English stems; the word being typed as a prefix of them
    ("offertes" → offert, "warmtep" → warmtep*). Quoted, so nothing of FTS5's syntax gets through."""
    words = query_words(q)
    typing = still_typing(q)
    groups = []
    for position, word in enumerate(words):
        star = "*" if typing and position == len(words) - 1 else ""
        options = sorted({f'"{stem}"{star}' for stem in word_stems(word) if stem} | {f'"{word}"{star}'})
        groups.append("(" + " OR ".join(options) + ")")
    return " AND ".join(groups)


def ranked_ids(*, organisation_id: int, q: str, team_ids: list[int], kinds: list[str],
               limit: int) -> list[tuple[int, float]]:
    words = match_expression(q)
    if not words:
        return []
    teams = ",".join(str(int(t)) for t in [0, *team_ids])
    visible = f"org = %s AND team IN ({teams})"
    params: list = [organisation_id]
    if kinds:
        visible += " AND kind IN (" + ",".join(["%s"] * len(kinds)) + ")"
        params += kinds
    # Only constants and integers are put into the text; the search words are parameters.
    newest = (f"SELECT rowid, -bm25({TABLE}, 4.0, 1.0) AS score FROM {TABLE} "  # noqa: S608  # nosec B608
              f"WHERE {TABLE} MATCH %s AND {visible} ORDER BY rowid DESC LIMIT {CANDIDATES}")
    best: dict[int, float] = {}
    with connection.cursor() as cursor:
        cursor.execute(newest, [words, *params])
        rows = cursor.fetchall()
        if len(rows) == CANDIDATES:
            # More matches than are ranked: older ones with the words in their title get their chance too.
            cursor.execute(newest, [f"title : ({words})", *params])
            rows += cursor.fetchall()
    for rowid, score in rows:
        best[rowid] = max(score, best.get(rowid, score))
    return sorted(best.items(), key=lambda item: (-item[1], -item[0]))[:limit]
