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


# Ranking reads every matching tsvector, and the wide one (title and text) is what costs: a word in
# three of four texts ("klant") made the search read and rank 600 of them. So titles come first, through
# the narrow title vector and its own GIN index: when at least `limit` titles have the words, those are
# ranked on the title vector alone (a title match outranks a match in the text anyway: weight A against C)
# and no wide vector is read. Only when fewer titles match are up to CANDIDATES texts read and ranked
# on the wide vector. The candidate queries have no ORDER BY on purpose: "newest first" made the planner
# walk the primary key backwards, reading every vector until enough matched, while without it a rare
# word is a bitmap scan of a GIN index and a common one stops after the first matches. The tsqueries
# are written out in each condition (not taken from a CTE) so the planner sees constants it can match
# against the GIN indexes. Titles alike to the words (typos) are looked up only when the words
# themselves find too little.
CANDIDATES = 300
TYPO_CANDIDATES = 200
_TSQ = "(to_tsquery('dutch', %(text)s) || to_tsquery('english', %(text)s))"


def ranked_ids(*, organisation_id: int, q: str, team_ids: list[int], kinds: list[str],
               limit: int) -> tuple[list[tuple[int, float]], None]:
    """The best entry ids with their scores, and None for the words searched as corrections of typos: here
    typos are matched on the trigram similarity of whole titles, so those words are not known one by one."""
    text = tsquery_text(q)
    if not text:
        return [], None
    plain = " ".join(query_words(q))
    # Written so that no index can serve them (`+ 0`, COALESCE): the planner then reaches the candidates
    # through the GIN index of the words and filters on these, instead of reading all 45,000 entries
    # visible to everyone and testing each one's words.
    visible = "e.organisation_id + 0 = %(org)s AND COALESCE(e.team_id, 0) = ANY(%(teams)s)"
    if kinds:
        visible += " AND e.kind || '' = ANY(%(kinds)s)"
    params = {"text": text, "plain": plain, "org": organisation_id, "teams": [0, *team_ids], "kinds": kinds,
              "limit": limit}
    # Only constant conditions are put into the text; the search words are parameters.
    sql = f"""
        WITH titled AS MATERIALIZED (
            SELECT e.id, ts_rank(e.title_vector, {_TSQ}) + word_similarity(%(plain)s, e.title) AS score
            FROM knowledge_searchentry e WHERE {visible} AND e.title_vector @@ {_TSQ} LIMIT {CANDIDATES}
        ), enough AS (
            SELECT count(*) >= %(limit)s AS yes FROM titled
        ), texts AS MATERIALIZED (
            SELECT e.id FROM knowledge_searchentry e
            WHERE NOT (SELECT yes FROM enough) AND {visible} AND e.vector @@ {_TSQ} LIMIT {CANDIDATES}
        ), typos AS (
            SELECT e.id FROM knowledge_searchentry e
            WHERE (SELECT count(*) FROM titled) + (SELECT count(*) FROM texts) < %(limit)s AND {visible}
              AND %(plain)s <%% e.title
            LIMIT {TYPO_CANDIDATES}
        ), others AS (
            SELECT id FROM texts UNION SELECT id FROM typos EXCEPT SELECT id FROM titled
        )
        SELECT id, score FROM titled
        UNION ALL
        SELECT e.id, ts_rank(e.vector, {_TSQ}) + word_similarity(%(plain)s, e.title)
        FROM knowledge_searchentry e JOIN others o ON o.id = e.id
        ORDER BY 2 DESC, 1 DESC
        LIMIT %(limit)s
    """  # noqa: S608  # nosec B608
    with transaction.atomic(), connection.cursor() as cursor:
        # Estimates of how often words occur are rough (a prefix such as 'inregel:*' looks common), and
        # with a LIMIT the planner then prefers reading rows in order until enough match: 33,000 rows for
        # two words in 1,400 texts. The GIN indexes (tsvector and trigram) are always the fast way to the
        # candidates, so plain and ordered scans are off for this query only (until the transaction ends).
        cursor.execute("SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)")
        cursor.execute(sql, params)
        return [(row[0], float(row[1])) for row in cursor.fetchall()], None
