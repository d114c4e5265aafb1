"""The home-panel registry: each part registers the panels it adds to the home page.

A panel is a template plus a function that returns its context for the current request, or None
when it has nothing to show (so no empty placeholder panels appear). Parts register their panels in
their AppConfig.ready(); the home view renders, in order, every panel that returned a context.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class HomePanel:
    name: str
    template: str
    context: Callable[[HttpRequest], dict | None]
    order: int = 100
    wide: bool = False


_panels: dict[str, HomePanel] = {}


def register_panel(panel: HomePanel) -> HomePanel:
    _panels[panel.name] = panel
    return panel


def registered_panels() -> list[HomePanel]:
    return sorted(_panels.values(), key=lambda p: (p.order, p.name))


def panels_for(request: HttpRequest) -> list[tuple[HomePanel, dict]]:
    shown = []
    for panel in registered_panels():
        context = panel.context(request)
        if context is not None:
            shown.append((panel, context))
    return shown
