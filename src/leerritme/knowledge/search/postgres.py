"""PostgreSQL: the trigger-kept tsvector ('dutch' + 'english') and trigram word similarity for typos."""

import re

from django.db import connection

from leerritme.knowledge.search.text import query_words, still_typing


def tsquery_text(q: str) -> str:
    """'offertes maken' → 'offertes & maken:*': the word still being typed as a prefix (words only:
    nothing of tsquery's syntax gets through)."""
    parts = [part for part in (re.sub(r"[^\w]", "", word) for word in query_words(q)) if part]
    typing = still_typing(q)
    return " & ".join(f"{part}:*" if typing and n == len(parts) - 1 else part for n, part in enumerate(parts))


# Ranking reads every matching tsvector; for a word in tens of thousands of texts that is bounded by
# ranking only the newest matches whose title has the words, the newest matches anywhere, and the newest
# titles alike to the words (typos). The tsqueries are written out in each condition (not taken from a
# CTE) so the planner sees constants it can match against the GIN indexes.
CANDIDATES = 500
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
    visible = "e.organisation_id = %(org)s AND (e.team_id IS NULL OR e.team_id = ANY(%(teams)s))"
    if kinds:
        visible += " AND e.kind = ANY(%(kinds)s)"
    # Only constant conditions are put into the text; the search words are parameters.
    sql = f"""
        WITH candidates AS (
            (SELECT e.id FROM knowledge_searchentry e WHERE {visible} AND e.vector @@ {_TITLE_TSQ}
             ORDER BY e.id DESC LIMIT {CANDIDATES})
            UNION
            (SELECT e.id FROM knowledge_searchentry e WHERE {visible} AND e.vector @@ {_TSQ}
             ORDER BY e.id DESC LIMIT {CANDIDATES})
            UNION
            (SELECT e.id FROM knowledge_searchentry e WHERE {visible} AND %(plain)s <%% e.title
             ORDER BY e.id DESC LIMIT {TYPO_CANDIDATES})
        )
        SELECT e.id, ts_rank(e.vector, {_TSQ}) + word_similarity(%(plain)s, e.title) AS score
        FROM knowledge_searchentry e JOIN candidates c ON c.id = e.id
        ORDER BY score DESC, e.id DESC
        LIMIT %(limit)s
    """  # noqa: S608  # nosec B608
    params = {"text": text, "title": in_title, "plain": plain, "org": organisation_id, "teams": list(team_ids),
              "kinds": kinds, "limit": limit}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], float(row[1])) for row in cursor.fetchall()]
