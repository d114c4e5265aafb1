"""SQLite: FTS5 over Snowball stems (the table, its prefix indexes and its delete trigger are made by
migration 0001).

Each row holds the stemmed title and text, and unindexed its kind, organisation and team (0 when the
whole organisation may find it), so the search keeps to the person's organisation and teams without a
join. Ranking (bm25, the title weighing four times the text) is the costly part when a word is in tens
of thousands of texts, so it is bounded: bm25 is worked out for the newest 1,000 visible matches and,
when there are more, also for the newest 1,000 visible matches whose title has the words (FTS5 walks
its matches newest first, without sorting them), and the best of those come back.

Typos: when the words find fewer results than asked for, each query word that is not itself a title
word is compared with the organisation's title words that share a trigram with it (a trigram index over
the distinct title words, migration 0004); words within one edit (two for long words; a swap of two
letters counts as one) are searched as well, their matches ranked below those of the words as typed.
"""

from django.db import connection

from leerritme.knowledge.search.text import (
    MIN_TYPO_LENGTH,
    edit_distance,  # noqa: F401  (where the tests have always found it)
    fold,
    query_words,
    still_typing,
    typo_of,
    word_stems,
    words,
)

TABLE = "knowledge_search_fts"
WORDS = "knowledge_search_word"
CANDIDATES = 1000
# Title words sharing trigrams with a query word that are compared letter by letter, and how much lower
# a match through a corrected word ranks than one of the words as typed.
TYPO_CANDIDATES = 60
TYPO_WEIGHT = 0.5
TYPO_PENALTY = 1000.0


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


def title_words(title: str) -> set[str]:
    """The words of a title kept for typo matching: folded, four letters or more, not only digits."""
    return {w for w in (fold(word) for word in words(title)) if len(w) >= MIN_TYPO_LENGTH and not w.isdigit()}


def write_words(organisation_id: int, titles: list[str]) -> None:
    """Remember the words of these titles (the list only grows; a word no title has any more is harmless:
    searching it finds nothing)."""
    found = sorted({word for title in titles for word in title_words(title)})
    if not found:
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT OR IGNORE INTO {WORDS} (org, word) VALUES (%s, %s)",  # noqa: S608  # nosec B608
                           [(organisation_id, word) for word in found])


def match_expression(q: str, corrections: dict[str, list[str]] | None = None) -> str:
    """Every word must match one of its Dutch or English stems; the word being typed as a prefix of them
    ("offertes" → offert, "warmtep" → warmtep*). Quoted, so nothing of FTS5's syntax gets through.
    `corrections` adds, per query word, title words it may be a typo of."""
    query = query_words(q)
    typing = still_typing(q)
    groups = []
    for position, word in enumerate(query):
        star = "*" if typing and position == len(query) - 1 else ""
        options = set()
        for variant in [word, *(corrections or {}).get(word, [])]:
            options |= {f'"{stem}"{star}' for stem in word_stems(variant) if stem} | {f'"{variant}"{star}'}
        groups.append("(" + " OR ".join(sorted(options)) + ")")
    return " AND ".join(groups)


def corrections_for(organisation_id: int, q: str) -> dict[str, list[str]]:
    """Per query word that is no title word itself: the organisation's title words a letter or two away.
    The word being typed is compared with the start of each title word (so "ofert" finds "offerte")."""
    query = query_words(q)
    typing = still_typing(q)
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for position, word in enumerate(query):
            if len(word) < MIN_TYPO_LENGTH or word.isdigit():
                continue
            trigrams = sorted({word[i:i + 3] for i in range(len(word) - 2)})
            expression = " OR ".join(f'"{t}"' for t in trigrams if '"' not in t)
            if not expression:
                continue
            cursor.execute(
                f"SELECT word FROM {WORDS}_tri WHERE {WORDS}_tri MATCH %s AND org = %s "  # noqa: S608  # nosec B608
                f"ORDER BY rank LIMIT {TYPO_CANDIDATES}", [expression, organisation_id])
            candidates = [row[0] for row in cursor.fetchall()]
            last = typing and position == len(query) - 1
            if word in candidates or (last and any(c.startswith(word) for c in candidates)):
                continue  # the word as typed is in a title: no typo to correct
            close = [found for found in (typo_of(word, c, typing=last) for c in candidates) if found]
            if close:
                found[word] = sorted(set(close))[:5]
    return found


def ranked_ids(*, organisation_id: int, q: str, team_ids: list[int], kinds: list[str],
               limit: int) -> tuple[list[tuple[int, float]], tuple[str, ...]]:
    """The best entry ids with their scores, and the title words searched as corrections of typos (so the
    results can highlight them as well)."""
    best = _ranked(organisation_id=organisation_id, expression=match_expression(q), team_ids=team_ids,
                   kinds=kinds)
    corrected: tuple[str, ...] = ()
    if len(best) < limit:
        corrections = corrections_for(organisation_id, q)
        if corrections:
            corrected = tuple(sorted({word for close in corrections.values() for word in close}))
            typos = _ranked(organisation_id=organisation_id, expression=match_expression(q, corrections),
                            team_ids=team_ids, kinds=kinds)
            for rowid, score in typos.items():
                # Below every match of the words as typed (bm25 scores stay far under the penalty).
                best.setdefault(rowid, score * TYPO_WEIGHT - TYPO_PENALTY)
    return sorted(best.items(), key=lambda item: (-item[1], -item[0]))[:limit], corrected


def _ranked(*, organisation_id: int, expression: str, team_ids: list[int], kinds: list[str]) -> dict[int, float]:
    words = expression
    if not words:
        return {}
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
    return best
