"""The catalogue: browse and filter offers, recommendations for me; L&D adds, edits and imports offers."""

import base64

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from leerritme.growth import importing, selectors
from leerritme.growth.forms import CatalogueFilter, ImportForm, OfferForm
from leerritme.growth.models import Offer
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.rules import can, require

PER_PAGE = 24
SESSION_KEY = "growth.import"


def catalogue(request, org):
    """Every offer in the catalogue, filtered; recommendations for me on top."""
    form = CatalogueFilter(request.GET or None)
    offers = Offer.objects.all() if can(request.person, "growth.manage") and request.GET.get("all") else \
        Offer.objects.filter(active=True)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            offers = offers.filter(Q(title__icontains=data["q"]) | Q(provider__icontains=data["q"])
                                   | Q(description__icontains=data["q"]))
        for name in ("kind", "format", "language", "level"):
            if data[name]:
                offers = offers.filter(**{name: data[name]})
        if data["skill"]:
            offers = offers.filter(skills=data["skill"])
    page = Paginator(offers.prefetch_related("skills").order_by("title"), PER_PAGE).get_page(request.GET.get("page"))
    filtered = form.is_bound and any(form.cleaned_data.values()) if form.is_valid() else False
    context = {"form": form, "page": page, "filtered": filtered,
               "recommended": [] if filtered else selectors.recommendations(request.person, limit=3)}
    if request.htmx:
        return render(request, "growth/catalogue/list.html#results", context)
    return render(request, "growth/catalogue/list.html", context)


def offer_detail(request, org, uuid):
    offer = get_in_organisation(Offer.objects.prefetch_related("skills").select_related("path"), uuid=uuid)
    if not offer.active and not can(request.person, "growth.manage"):
        raise Http404
    return render(request, "growth/catalogue/detail.html", {"offer": offer})


def offer_form(request, org, uuid=None):
    """L&D adds an offer or changes one."""
    require(request.person, "growth.manage")
    offer = get_in_organisation(Offer.objects, uuid=uuid) if uuid else None
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if offer is None:
            saved.organisation = request.organisation
            saved.created_by = request.person
        saved.save()
        form.save_m2m()
        messages.success(request, gettext("The offer is saved."))
        return redirect("growth:offer", org=org, uuid=saved.uuid)
    return render(request, "growth/catalogue/form.html", {"form": form, "offer": offer})


def offer_import(request, org):
    """CSV or Excel (.xlsx) import: a dry-run report first; importing writes every row or none."""
    require(request.person, "growth.manage")
    form = ImportForm(request.POST or None, request.FILES or None)
    plan = None
    checked = request.session.get(SESSION_KEY)
    if isinstance(checked, str):  # kept before workbooks were accepted: a CSV file
        checked = {"name": "", "content": checked}
    if request.method == "POST" and request.POST.get("apply") == "1" and not request.FILES and checked:
        # Importing what was just checked: the file (and its name, which tells CSV from Excel) is kept in
        # the session between the two steps.
        content, file_name = base64.b64decode(checked["content"]), checked["name"]
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content, file_name = upload.read(importing.MAX_BYTES + 1), upload.name
    else:
        return render(request, "growth/catalogue/import.html", {"form": form, "plan": None, "checked": bool(checked)})
    if request.POST.get("apply") == "1":
        plan = importing.apply_offers(organisation=request.organisation, content=content, by=request.person,
                                      file_name=file_name)
        if not plan.errors:
            request.session.pop(SESSION_KEY, None)
            messages.success(request, gettext("%(created)s offers added, %(updated)s updated.")
                             % {"created": plan.creates, "updated": plan.updates})
            return redirect("growth:catalogue", org=org)
    else:
        plan = importing.plan_offers(content, file_name=file_name)
        if not plan.errors:
            request.session[SESSION_KEY] = {"name": file_name, "content": base64.b64encode(content).decode()}
    return render(request, "growth/catalogue/import.html", {"form": ImportForm(), "plan": plan,
                                                            "checked": not plan.errors})
