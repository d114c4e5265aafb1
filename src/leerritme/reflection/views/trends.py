"""Trends across teams for L&D admins and owners: check-out scores and actions followed through.

Only aggregates: scores count from sessions where enough people answered, never per person or per
session; a department picker keeps the page short in a large organisation.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Team
from leerritme.orgs.rules import require
from leerritme.reflection.selectors.trends import organisation_trends


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
    teams = list(Team.objects.filter(parent=department)) if department is not None else None
    found = organisation_trends(request.organisation, teams=teams)
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
