"""This part's home panel: what my teams practise, and the proposals waiting for me as team lead.

Two queries (my teams' practices, and the open proposals to teams I lead); nothing is shown to
someone whose teams practise nothing and who has nothing to answer.
"""

from django.urls import reverse

from leerritme.lib.panels import HomePanel, register_panel
from leerritme.practices import selectors


def my_practices(request) -> dict | None:
    person = request.person
    if person is None:
        return None
    adoptions = selectors.my_practices(person)
    proposals = selectors.proposals_for(person, only_led=True)
    if not adoptions and not proposals:
        return None
    slug = request.organisation.slug
    return {
        "adoptions": adoptions[: selectors.PANEL_LIMIT],
        "has_more": len(adoptions) > selectors.PANEL_LIMIT,
        "proposals": proposals[:5],
        "more_proposals": max(0, len(proposals) - 5),
        "way_url": reverse("practices:way", kwargs={"org": slug}),
        "catalogue_url": reverse("practices:list", kwargs={"org": slug}),
    }


register_panel(HomePanel("practices.my_practices", "practices/way/panel.html", my_practices, order=28))
