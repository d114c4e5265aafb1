"""This part's home panel: my learning budget and time, and the requests waiting for my decision.

Four queries at most (budget periods, ledger sums twice, requests to decide); not shown to someone without a
budget, learning time or anything to decide.
"""

from leerritme.growth import selectors
from leerritme.growth.services.budget import budget_summary
from leerritme.lib.panels import HomePanel, register_panel

PANEL_REQUESTS = 3


def my_growth(request) -> dict | None:
    person = request.person
    if person is None:
        return None
    summary = budget_summary(person)
    to_decide = list(selectors.requests_to_decide(person)[: PANEL_REQUESTS + 1])
    if summary.granted <= 0 and not to_decide:
        return None
    return {"summary": summary, "to_decide": to_decide[:PANEL_REQUESTS],
            "more": len(to_decide) > PANEL_REQUESTS}


register_panel(HomePanel("growth.my_growth", "growth/panel.html", my_growth, order=32))
