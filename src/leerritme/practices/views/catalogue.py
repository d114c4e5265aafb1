"""The practice catalogue: everyone reads it; L&D admins add their own practices, adapt, restore and hide."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import TeamRole
from leerritme.orgs.rules import can, require
from leerritme.practices import selectors
from leerritme.practices.catalogue import practices_ensure_catalogue, shipped_by_key, source_title
from leerritme.practices.forms.catalogue import CatalogueFilterForm, PracticeForm
from leerritme.practices.models import Practice
from leerritme.practices.services.catalogue import (
    practice_create,
    practice_restore,
    practice_set_visibility,
    practice_update,
)


def _fragment(request) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def practice_list(request, org):
    """The catalogue with its filters; each practice says which of my teams already practise it."""
    practices_ensure_catalogue(request.organisation)
    can_manage = can(request.person, "practices.manage")
    form = CatalogueFilterForm(request.GET or None, can_manage=can_manage)
    filters = form.filters()
    practices = selectors.catalogue(request.person, filters)
    context = {"form": form, "filters": filters, "practices": practices, "can_manage": can_manage}
    template = "practices/catalogue/list.html"
    if _fragment(request):
        template += "#results"
    return render(request, template, context)


def practice_detail(request, org, uuid):
    """A practice: why and how, who takes part, and the teams that practise it, with owner and purpose."""
    practices_ensure_catalogue(request.organisation)
    practice = get_in_organisation(Practice.objects, uuid=uuid)
    me = request.person
    can_manage = can(me, "practices.manage")
    lead_teams = list(me.team_memberships.filter(role=TeamRole.LEAD).select_related("team").order_by("team__name"))
    taken = selectors.open_adoptions_by_team(practice, [m.team for m in lead_teams]) if lead_teams else {}
    my_teams = [{"team": m.team, "adoption": taken.get(m.team_id)} for m in lead_teams]
    shipped = None if practice.is_own else shipped_by_key().get(practice.key)
    return render(request, "practices/catalogue/detail.html", {
        "practice": practice,
        "source": source_title(practice.seed) if practice.seed else "",
        "adoptions": selectors.practice_adoptions(practice),
        "proposals": selectors.practice_proposals(practice) if can_manage else [],
        "my_lead_teams": my_teams,
        "can_manage": can_manage,
        "can_adopt_elsewhere": me.is_ld_admin,
        "can_restore": can_manage and practice.is_adapted and shipped is not None,
    })


def practice_create_view(request, org):
    """L&D admins add a practice of their own to the catalogue."""
    require(request.person, "practices.manage")
    form = PracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            practice = practice_create(organisation=request.organisation, values=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("“%(name)s” is added to the catalogue.") % {"name": practice.name})
            return redirect("practices:detail", org=org, uuid=practice.uuid)
    return render(request, "practices/catalogue/form.html", {"form": form, "practice": None})


def practice_edit(request, org, uuid):
    """L&D admins adapt a practice's text and details for their organisation (both languages)."""
    require(request.person, "practices.manage")
    practice = get_in_organisation(Practice.objects, uuid=uuid)
    form = PracticeForm(request.POST or None, practice=practice)
    if request.method == "POST" and form.is_valid():
        try:
            practice_update(practice=practice, values=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("“%(name)s” is saved.") % {"name": practice.name})
            return redirect("practices:detail", org=org, uuid=practice.uuid)
    return render(request, "practices/catalogue/form.html", {"form": form, "practice": practice})


@require_POST
def practice_restore_view(request, org, uuid):
    """Put the shipped text back on an adapted practice."""
    require(request.person, "practices.manage")
    practice = get_in_organisation(Practice.objects, uuid=uuid)
    try:
        practice_restore(practice=practice)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("The original text of “%(name)s” is back.") % {"name": practice.name})
    return redirect("practices:detail", org=org, uuid=practice.uuid)


@require_POST
def practice_visibility(request, org, uuid):
    """Hide a practice from the catalogue, or show it again; teams that practise it carry on."""
    require(request.person, "practices.manage")
    practice = get_in_organisation(Practice.objects, uuid=uuid)
    visible = request.POST.get("visible") == "1"
    practice_set_visibility(practice=practice, visible=visible)
    if visible:
        messages.success(request, gettext("“%(name)s” is in the catalogue again.") % {"name": practice.name})
    else:
        messages.success(request, gettext("“%(name)s” is hidden from the catalogue. Teams that practise it carry "
                                          "on.") % {"name": practice.name})
    return redirect("practices:detail", org=org, uuid=practice.uuid)
