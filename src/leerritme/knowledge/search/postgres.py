"""PostgreSQL: the trigger-kept tsvector ('dutch' + 'english') and trigram word similarity for typos."""

import re

from django.db import connection, transaction

from leerritme.knowledge.search.text import query_words, still_typing


def tsquery_text(q: str) -> str:
    """'offertes maken' → 'offertes & maken:*': the word still being typed as a prefix (words only:
    nothing of tsquery's syntax gets through)."""
    parts = [part for part in (re.sub(r"[^\w]", "", word) for word in query_words(q)) if part]
    typing = still_typing(q)
    return " & ".join(f"{part}:*" if typing and n == len(parts) - 1 else part for n, part in enumerate(parts))


# Ranking reads every matching tsvector; for a word in tens of thousands of texts that is bounded by
# ranking at most CANDIDATES matches whose title has the words and CANDIDATES matches anywhere. The
# candidate queries have no ORDER BY on purpose: "newest first" made the planner walk the primary key
# backwards, reading every vector until enough matched (350 ms for two words in 1,300 of 50,000 texts),
# while without it a rare word is a bitmap scan of the GIN index and a common one stops after the first
# matches (about 20 ms either way). The tsqueries are written out in each condition (not taken from a
# CTE) so the planner sees constants it can match against the GIN indexes. Titles alike to the words
# (typos) are looked up only when the words themselves find too little.
CANDIDATES = 300
TYPO_CANDIDATES = 200
_TSQ = "(to_tsquery('dutch', %(text)s) || to_tsquery('english', %(text)s))"
_TITLE_TSQ = "(to_tsquery('dutch', %(title)s) || to_tsquery('english', %(title)s))"


def ranked_ids(*, organisation_id: int, q: str, team_ids: list[int], kinds: list[str],
               limit: int) -> list[tuple[int, float]]:
    text = tsquery_text(q)
    if not text:
        return []
    # The same words, matched in the title only (weight A, which the trigger gives the title).
    in_title = " & ".join(f"{part}A" if part.endswith(":*") else f"{part}:A" for part in text.split(" & "))
    plain = " ".join(query_words(q))
    # Written so that no index can serve them (`+ 0`, COALESCE): the planner then reaches the candidates
    # through the GIN index of the words and filters on these, instead of reading all 45,000 entries
    # visible to everyone and testing each one's words.
    visible = "e.organisation_id + 0 = %(org)s AND COALESCE(e.team_id, 0) = ANY(%(teams)s)"
    if kinds:
        visible += " AND e.kind || '' = ANY(%(kinds)s)"
    params = {"text": text, "title": in_title, "plain": plain, "org": organisation_id,
              "teams": [0, *team_ids], "kinds": kinds, "limit": limit}
    # Only constant conditions are put into the text; the search words are parameters. Titles alike to
    # the words (typos) are read only when the words themselves found fewer than `limit` candidates.
    sql = f"""
        WITH words AS MATERIALIZED (
            (SELECT e.id FROM knowledge_searchentry e WHERE {visible} AND e.vector @@ {_TITLE_TSQ}
             LIMIT {CANDIDATES})
            UNION
            (SELECT e.id FROM knowledge_searchentry e WHERE {visible} AND e.vector @@ {_TSQ} LIMIT {CANDIDATES})
        ), typos AS (
            SELECT e.id FROM knowledge_searchentry e
            WHERE (SELECT count(*) FROM words) < %(limit)s AND {visible} AND %(plain)s <%% e.title
            LIMIT {TYPO_CANDIDATES}
        ), candidates AS (SELECT id FROM words UNION SELECT id FROM typos)
        SELECT e.id, ts_rank(e.vector, {_TSQ}) + word_similarity(%(plain)s, e.title) AS score
        FROM knowledge_searchentry e JOIN candidates c ON c.id = e.id
        ORDER BY score DESC, e.id DESC
        LIMIT %(limit)s
    """  # noqa: S608  # nosec B608
    with transaction.atomic(), connection.cursor() as cursor:
        # Estimates of how often words occur are rough (a prefix such as 'inregel:*' looks common), and
        # with a LIMIT the planner then prefers reading rows in order until enough match: 33,000 rows for
        # two words in 1,400 texts. The GIN indexes (tsvector and trigram) are always the fast way to the
        # candidates, so plain and ordered scans are off for this query only (until the transaction ends).
        cursor.execute("SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)")
        cursor.execute(sql, params)
        return [(row[0], float(row[1])) for row in cursor.fetchall()]
