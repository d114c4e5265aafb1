"""PostgreSQL: the trigger-kept tsvector ('dutch' + 'english') and trigram word similarity for typos."""

import re

from django.db import connection

from leerritme.knowledge.search.text import query_words


def tsquery_text(q: str) -> str:
    """'offertes maken' → 'offertes:* & maken:*' (words only: nothing of tsquery's syntax gets through)."""
    parts = [re.sub(r"[^\w]", "", word) for word in query_words(q)]
    return " & ".join(f"{part}:*" for part in parts if part)


def ranked_ids(*, organisation_id: int, q: str, team_ids: list[int], kinds: list[str],
               limit: int) -> list[tuple[int, float]]:
    text = tsquery_text(q)
    if not text:
        return []
    plain = " ".join(query_words(q))
    kind_filter = " AND e.kind = ANY(%(kinds)s)" if kinds else ""
    # Only a constant condition is put into the text; the search words are parameters.
    sql = f"""
        WITH query AS (SELECT to_tsquery('dutch', %(text)s) || to_tsquery('english', %(text)s) AS tsq)
        SELECT e.id,
               ts_rank(e.vector, query.tsq) + word_similarity(%(plain)s, e.title) AS score
        FROM knowledge_searchentry e, query
        WHERE e.organisation_id = %(org)s
          AND (e.team_id IS NULL OR e.team_id = ANY(%(teams)s)){kind_filter}
          AND (e.vector @@ query.tsq OR %(plain)s <%% e.title)
        ORDER BY score DESC
        LIMIT %(limit)s
    """  # noqa: S608  # nosec B608
    params = {"text": text, "plain": plain, "org": organisation_id, "teams": list(team_ids), "kinds": kinds,
              "limit": limit}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], float(row[1])) for row in cursor.fetchall()]
