"""Trends across teams for L&D admins and owners: check-out scores and actions followed through.

Only aggregates: scores count from sessions where enough people answered, never per person or per
session; a department picker keeps the page short in a large organisation.
"""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Team
from leerritme.orgs.rules import require
from leerritme.reflection.selectors.trends import organisation_trends

TRENDS_CACHE_SECONDS = 10 * 60


def trends(request, org):
    require(request.person, "reflection.trends.organisation")
    departments = list(Team.objects.filter(children__isnull=False).distinct().order_by("name"))
    department = None
    chosen = request.GET.get("department", "")
    if chosen:
        try:
            department = get_in_organisation(Team.objects, uuid=chosen)
        except ValidationError:
            raise Http404 from None
    # A year of every team's sessions is a report, not a live view: it is worked out once in a while (the
    # large demo's 800 teams take a second of SQL) and the page says as of when.
    key = f"reflection-trends:{request.organisation.pk}:{department.pk if department else 'all'}"
    found = cache.get(key)
    if found is None:
        teams = list(Team.objects.filter(parent=department)) if department is not None else None
        found = organisation_trends(request.organisation, teams=teams)
        cache.set(key, found, TRENDS_CACHE_SECONDS)
    return render(request, "reflection/trends.html", {
        "trends": found,
        "threshold": found.threshold,
        "departments": departments,
        "department": department,
        "chart_data": {
            "monthly": True,
            "labels": [point.month.isoformat() for point in found.months],
            "quality": [point.quality for point in found.months],
            "dynamics": [point.dynamics for point in found.months],
            "agreed": [point.actions_agreed for point in found.months],
            "done": [point.actions_done for point in found.months],
        },
    })
