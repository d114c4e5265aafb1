from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django_scopes import scopes_disabled

from leerritme.lib.panels import panels_for
from leerritme.orgs.models import Organisation, Person


def root(request):
    """Send people to their organisation; on an empty installation, to the first-start setup."""
    if request.user.is_authenticated:
        with scopes_disabled():
            memberships = Person.objects.filter(user=request.user, is_active=True).select_related("organisation")
            chosen = memberships.filter(organisation__slug=request.user.last_organisation_slug).first()
            chosen = chosen or memberships.order_by("joined_at").first()
        if chosen is not None:
            return redirect("home", org=chosen.organisation.slug)
        if not Organisation.objects.exists():
            return redirect("setup")
        return render(request, "home/no_organisation.html", status=200)
    if not Organisation.objects.exists():
        return redirect("setup")
    return redirect("account_login")


def home(request, org):
    """The home page: every registered panel that has something to show for this person."""
    return render(request, "home/home.html", {"panels": panels_for(request)})


@require_GET
def health(request):
    """For load balancers and monitoring: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
