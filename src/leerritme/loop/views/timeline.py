"""The learning timelines: one stream for the organisation and one per team, with filters and keyset paging."""

from django.shortcuts import render

from leerritme.loop import selectors
from leerritme.loop.forms import TimelineFilterForm
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Team
from leerritme.orgs.rules import require


def _page(request, *, team=None):
    form = TimelineFilterForm(request.GET or None)
    kinds, period = (), ""
    if form.is_valid():
        kinds, period = form.cleaned_data["kind"], form.cleaned_data["period"]
    page = selectors.timeline(request.person, team=team, kinds=kinds, period=period,
                              cursor=request.GET.get("after", ""))
    query = request.GET.copy()
    query.pop("after", None)
    context = {"form": form, "page": page, "team": team, "query": query.urlencode(),
               "filtered": bool(kinds or period)}
    if request.htmx and request.GET.get("after"):
        return render(request, "loop/timeline.html#items", context)
    return render(request, "loop/timeline.html", context)


def organisation_timeline(request, org):
    """What the organisation learned, as far as the viewer may see it."""
    return _page(request)


def team_timeline(request, org, uuid):
    """What one team learned."""
    team = get_in_organisation(Team.objects, uuid=uuid)
    require(request.person, "loop.team", team)
    return _page(request, team=team)
