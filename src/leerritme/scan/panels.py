"""This part's home panel: "a survey is waiting for you". One query; not shown when nothing waits."""

from leerritme.lib.panels import HomePanel, register_panel
from leerritme.scan.selectors import my_open_surveys


def waiting_surveys(request) -> dict | None:
    person = request.person
    if person is None:
        return None
    runs = my_open_surveys(person)
    return {"runs": runs} if runs else None


register_panel(HomePanel("scan.waiting", "scan/panel.html", waiting_surveys, order=5))
