"""This part's home panels: the knowledge search with my coming sessions, and questions for my skills.

The first panel is always there (it is the way into the knowledge base: a search box, and the sessions
I signed up for when there are any); the second only when a colleague asks about a skill I can teach.
Two queries for the first, one for the second.
"""

from leerritme.knowledge import selectors
from leerritme.lib.panels import HomePanel, register_panel


def knowledge(request) -> dict | None:
    if request.person is None:
        return None
    return {"signups": selectors.my_upcoming_sessions(request.person, limit=4)}


def questions_for_me(request) -> dict | None:
    if request.person is None:
        return None
    questions = selectors.questions_for_my_skills(request.person, limit=5)
    if not questions:
        return None
    return {"questions": questions}


register_panel(HomePanel("knowledge.search", "knowledge/panels/knowledge.html", knowledge, order=26))
register_panel(HomePanel("knowledge.questions_for_me", "knowledge/panels/questions.html", questions_for_me, order=27))
