"""The L&D home panel: a few headline indicators of the whole organisation over the last three months.

Only for L&D admins and owners; it reads the same cached dashboard as the indicators page, and is not shown
while none of its indicators has anything recorded.
"""

from leerritme.lib.panels import HomePanel, register_panel
from leerritme.metrics.periods import period_from
from leerritme.metrics.registry import Scope
from leerritme.metrics.rules import is_ld
from leerritme.metrics.selectors import dashboard

HEADLINES = (
    ("learning-hours", None),  # formal and informal together
    ("rhythm", "held"),
    ("knowledge-sessions", "sessions"),
    ("reflection-actions", "done"),
)


def headlines(request) -> dict | None:
    person = request.person
    if person is None or not is_ld(person):
        return None
    period = period_from("3m")
    board = dashboard(request.organisation, Scope(kind="organisation", name=request.organisation.name), period)
    figures = []
    for slug, key in HEADLINES:
        result = board.result(slug)
        if result is None:
            continue
        chosen = [s for s in result.series if key is None or s.key == key]
        total = sum(s.total or 0 for s in chosen)
        label = result.indicator.label if key is None else f"{result.indicator.label}: {chosen[0].label.lower()}"
        figures.append({"label": label, "value": round(total, 1), "unit": result.indicator.unit})
    if not figures:
        return None
    return {"figures": figures, "period": period}


register_panel(HomePanel("metrics.headlines", "metrics/panel.html", headlines, order=15))
