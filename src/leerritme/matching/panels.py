"""This part's home panel: my duo, circle, coach or learner and buddy (hidden when there is none)."""

from leerritme.lib.panels import HomePanel, register_panel
from leerritme.matching import selectors


def together_panel(request) -> dict | None:
    person = request.person
    if person is None:
        return None
    together = selectors.together_for(person)
    if not (together.groups or together.coaching or together.buddies):
        return None
    return {"together": together}


register_panel(HomePanel("matching.together", "matching/panel.html", together_panel, order=32))
