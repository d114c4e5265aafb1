"""This part's home panel: my experiments to evaluate or running, and new ideas in my teams' boxes.

Three queries; not shown to someone with nothing open and no new ideas.
"""

from leerritme.lib.panels import HomePanel, register_panel
from leerritme.loop import selectors

LIMIT = 4


def my_improvement(request) -> dict | None:
    person = request.person
    if person is None:
        return None
    to_evaluate = list(selectors.experiments_to_evaluate(person)[: LIMIT + 1])
    running = [e for e in selectors.my_open_experiments(person)[: LIMIT * 2] if e not in to_evaluate][:LIMIT]
    ideas = list(selectors.new_ideas_for(person)[: LIMIT + 1])
    if not (to_evaluate or running or ideas):
        return None
    return {"to_evaluate": to_evaluate[:LIMIT], "running": running, "ideas": ideas[:LIMIT],
            "more_ideas": len(ideas) > LIMIT}


register_panel(HomePanel("loop.my_improvement", "loop/panel.html", my_improvement, order=36))
