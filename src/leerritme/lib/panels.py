"""The panel registry: each part registers the panels it adds to the home page, or to another part's page.

A panel is a template plus a function that returns its context for the current request, or None
when it has nothing to show (so no empty placeholder panels appear). Parts register their panels in
their AppConfig.ready(); the home view renders, in order, every panel that returned a context.

A panel names the page it is for (`page`, the home page unless said otherwise). That is how a higher
part shows something on a lower part's page without the lower part importing it: the page's view calls
`panels_for(request, page, **subject)` and renders what comes back; each panel's function gets the
page's subject as keyword arguments and decides itself whether this person may see anything. Pages:
- HOME: the home page; `context(request)`.
- TEAM: the people part's team page; `context(request, team=team)`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

HOME = "home"
TEAM = "people.team"


@dataclass(frozen=True)
class HomePanel:
    """A panel on the home page or, with `page`, on another part's page."""

    name: str
    template: str
    context: Callable[..., dict | None]
    order: int = 100
    wide: bool = False
    page: str = HOME


_panels: dict[str, HomePanel] = {}


def register_panel(panel: HomePanel) -> HomePanel:
    _panels[panel.name] = panel
    return panel


def registered_panels(page: str | None = HOME) -> list[HomePanel]:
    """The panels of one page in their order (of every page with `page=None`)."""
    return sorted((p for p in _panels.values() if page is None or p.page == page), key=lambda p: (p.order, p.name))


def panels_for(request: HttpRequest, page: str = HOME, **subject) -> list[tuple[HomePanel, dict]]:
    shown = []
    for panel in registered_panels(page):
        context = panel.context(request, **subject)
        if context is not None:
            shown.append((panel, context))
    return shown
