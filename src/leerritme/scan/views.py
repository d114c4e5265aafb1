"""The scan pages: my surveys and the runs, instruments (L&D), opening a run, answering, results, adopting."""

import uuid as uuid_module

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Team
from leerritme.orgs.rules import can, require
from leerritme.practices.models import Practice
from leerritme.practices.services.adoption import adoption_create
from leerritme.scan import anonymity, exports, selectors
from leerritme.scan.forms import InstrumentForm, ItemForm, RunForm
from leerritme.scan.models import Instrument, Item, Run
from leerritme.scan.services import instruments as instrument_services
from leerritme.scan.services import runs as run_services


def _errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.error_dict.items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


def _uuid(value) -> uuid_module.UUID:
    try:
        return uuid_module.UUID(str(value))
    except ValueError:
        raise Http404 from None


def _url(name: str, org: str, **kwargs) -> str:
    return reverse(f"scan:{name}", kwargs={"org": org, **kwargs})


def index(request, org):
    """Surveys waiting for me, and every run with its results; L&D also opens and closes runs here."""
    instrument_services.instruments_ensure_shipped(request.organisation)
    return render(request, "scan/index.html", {
        "waiting": selectors.my_open_surveys(request.person),
        "runs": selectors.runs_overview(),
        "manage": can(request.person, "scan.manage"),
    })


def instruments(request, org):
    require(request.person, "scan.manage")
    instrument_services.instruments_ensure_shipped(request.organisation)
    from django.db.models import Count

    return render(request, "scan/instruments.html", {
        "instruments": Instrument.objects.annotate(item_count=Count("items", distinct=True),
                                                   run_count=Count("runs", distinct=True)).order_by("name_nl"),
    })


def instrument_new(request, org):
    require(request.person, "scan.manage")
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = instrument_services.instrument_create(organisation=request.organisation, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Instrument made. Add its statements now."))
            return redirect(_url("instrument", org, uuid=instrument.uuid))
    return render(request, "scan/instrument_form.html", {"form": form})


def instrument_detail(request, org, uuid):
    require(request.person, "scan.manage")
    instrument = get_in_organisation(Instrument.objects, uuid=uuid)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            instrument_services.item_add(instrument=instrument, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Statement added."))
            return redirect(_url("instrument", org, uuid=instrument.uuid))
    dimensions = list(instrument.dimensions.prefetch_related("items"))
    used = instrument.runs.exists()
    return render(request, "scan/instrument.html", {
        "instrument": instrument, "dimensions": dimensions, "form": form, "used": used,
        "shipped": bool(instrument.key), "editable": not used and not instrument.key,
    })


def _editable_or_back(request, org, instrument):
    """None when the instrument may be edited; else a redirect to its page with the reason."""
    try:
        instrument_services.check_editable(instrument)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_url("instrument", org, uuid=instrument.uuid))
    return None


def instrument_edit(request, org, uuid):
    """An own instrument's name, description (both languages) and scale, while no run has used it."""
    require(request.person, "scan.manage")
    instrument = get_in_organisation(Instrument.objects, uuid=uuid)
    back = _editable_or_back(request, org, instrument)
    if back is not None:
        return back
    fields = ("name_nl", "name_en", "description_nl", "description_en", "scale")
    form = InstrumentForm(request.POST or None, initial={f: getattr(instrument, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            instrument_services.instrument_update(instrument=instrument, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Instrument saved."))
            return redirect(_url("instrument", org, uuid=instrument.uuid))
    return render(request, "scan/instrument_form.html", {"form": form, "instrument": instrument},
                  status=400 if form.errors else 200)


@require_POST
def instrument_copy(request, org, uuid):
    """Make an own, editable copy of an instrument (the way to change a shipped or used one)."""
    require(request.person, "scan.manage")
    instrument = get_in_organisation(Instrument.objects, uuid=uuid)
    copy = instrument_services.instrument_copy(instrument=instrument)
    messages.success(request, _("This is your own copy; change it as you like before you open a survey with it."))
    return redirect(_url("instrument", org, uuid=copy.uuid))


def item_edit(request, org, uuid, pk):
    """Change one statement of an own instrument that no run has used."""
    require(request.person, "scan.manage")
    instrument = get_in_organisation(Instrument.objects, uuid=uuid)
    item = get_in_organisation(Item.objects.select_related("dimension"), pk=pk, instrument=instrument)
    back = _editable_or_back(request, org, instrument)
    if back is not None:
        return back
    form = ItemForm(request.POST or None, initial={
        "dimension_name": item.dimension.name, "text_nl": item.text_nl, "text_en": item.text_en,
        "reverse_scored": item.reverse_scored})
    if request.method == "POST" and form.is_valid():
        try:
            instrument_services.item_update(item=item, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Statement saved."))
            return redirect(_url("instrument", org, uuid=instrument.uuid))
    return render(request, "scan/item_form.html", {"form": form, "instrument": instrument, "item": item},
                  status=400 if form.errors else 200)


@require_POST
def item_remove(request, org, uuid, pk):
    require(request.person, "scan.manage")
    instrument = get_in_organisation(Instrument.objects, uuid=uuid)
    item = get_in_organisation(Item.objects.select_related("instrument", "dimension"), pk=pk, instrument=instrument)
    try:
        instrument_services.item_remove(item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_url("instrument", org, uuid=instrument.uuid))


def run_new(request, org):
    require(request.person, "scan.manage")
    instrument_services.instruments_ensure_shipped(request.organisation)
    form = RunForm(request.POST or None, initial={"instrument": request.GET.get("instrument")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = run_services.run_create(instrument=data["instrument"], title=data["title"],
                                          whole_organisation=data["whole_organisation"], teams=list(data["teams"]),
                                          opens_on=data["opens_on"], closes_on=data["closes_on"],
                                          created_by=request.person)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The survey is ready; everyone in the audience gets an invitation when "
                                        "it opens."))
            return redirect(_url("results", org, uuid=run.uuid))
    return render(request, "scan/run_form.html", {"form": form})


@require_POST
def run_close(request, org, uuid):
    require(request.person, "scan.manage")
    run = get_in_organisation(Run.objects, uuid=uuid)
    try:
        run_services.run_close(run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The survey is closed."))
    return redirect(_url("results", org, uuid=run.uuid))


def _posted_answers(post) -> tuple[dict, dict]:
    answers = {key[5:]: value for key, value in post.items() if key.startswith("item-")}
    trends = {key[6:]: value for key, value in post.items() if key.startswith("trend-")}
    return answers, trends


def answer(request, org, uuid):
    """The survey form: one statement after another, saved as a draft or sent once; mobile first."""
    run = get_in_organisation(Run.objects.select_related("instrument"), uuid=uuid)
    token = run_services.token_for(run, request.person)
    if token is None:
        raise Http404
    error = ""
    answers, trends, comment = token.draft, token.draft_trends, token.draft_comment
    if request.method == "POST":
        answers, trends = _posted_answers(request.POST)
        comment = request.POST.get("comment", "")
        try:
            if request.POST.get("action") == "save":
                run_services.draft_save(token=token, answers=answers, trends=trends, comment=comment)
                messages.success(request, _("Your answers so far are saved; only you can see them. Send them when "
                                            "you are done."))
                return redirect(_url("answer", org, uuid=run.uuid))
            run_services.response_submit(token=token, answers=answers, trends=trends, comment=comment)
        except ValidationError as problem:
            error = " ".join(problem.messages)
            token.refresh_from_db()
        else:
            messages.success(request, _("Thank you. Your answers are stored without your name."))
            return redirect(_url("index", org))
    items = list(run.instrument.items.select_related("dimension").order_by("order", "pk"))
    for item in items:
        item.chosen = str(answers.get(str(item.pk), ""))
        item.trend = str(trends.get(str(item.pk), ""))
    return render(request, "scan/answer.html", {
        "run": run, "token": token, "items": items, "comment": comment, "error": error,
        "status": run.status(), "values": run.instrument.values,
    }, status=400 if error else 200)


def _chart_data(group, organisation_group) -> dict:
    return {
        "labels": [d.dimension.name for d in group.dimensions],
        "group": [None if d.mean is None else round(d.mean, 2) for d in group.dimensions],
        "organisation": ([None if d.mean is None else round(d.mean, 2) for d in organisation_group.dimensions]
                         if organisation_group and organisation_group is not group else []),
        "groupLabel": group.name,
        "organisationLabel": organisation_group.name if organisation_group else "",
    }


def _trend_data(group, trend) -> tuple[dict, list[dict]]:
    """The chart (one line per dimension over the runs) and the table rows under it: the same numbers."""
    rows = []
    for d in group.dimensions:
        means = []
        for _other, shown in trend:
            found = next((od.mean for od in shown.dimensions if od.dimension.pk == d.dimension.pk), None)
            means.append(found)
        rows.append({"dimension": d.dimension, "means": means})
    chart = {
        "labels": [f"{other.title} ({date_format(other.opens_on, 'N Y')})" for other, _shown in trend],
        "series": [{"label": row["dimension"].name,
                    "values": [None if m is None else round(m, 2) for m in row["means"]]} for row in rows],
    }
    return chart, rows


def results(request, org, uuid):
    """A run's results for one shown group (organisation first), with the trend, alpha and recommendations."""
    run = get_in_organisation(Run.objects.select_related("instrument", "organisation"), uuid=uuid)
    require(request.person, "scan.results", run)
    try:
        node = int(request.GET.get("group", anonymity.ROOT))
    except ValueError:
        node = anonymity.ROOT
    data = selectors.run_results(run, comments_for={node, anonymity.ROOT})
    group = data.group(node) or data.organisation or (data.groups[0] if data.groups else None)
    recommended, lead_of = [], None
    if group is not None:
        recommended = selectors.recommendations(request.organisation, group)
        if group.kind == "team":
            team = Team.objects.filter(pk=group.node).first()
            if team is not None and can(request.person, "practices.adopt", team):
                lead_of = team
    trend = selectors.trend_for(run, group.node, data) if group is not None else []
    trend_chart, trend_rows = _trend_data(group, trend) if group is not None else ({}, [])
    values = run.instrument.values
    return render(request, "scan/results.html", {
        "run": run, "results": data, "group": group, "recommended": recommended, "lead_of": lead_of,
        "trend": trend, "manage": can(request.person, "scan.manage"), "status": run.status(),
        "scale_low": min(values), "scale_high": max(values), "alpha_min": selectors.ALPHA_MIN_ANSWERS,
        "trend_chart": trend_chart, "trend_rows": trend_rows,
        "chart": _chart_data(group, data.organisation) if group else {},
        "token": run_services.token_for(run, request.person),
    })


def export(request, org, uuid, extension):
    """The run's shown results as CSV or XLSX: the same groups as the page, for whoever may read the page."""
    if extension not in ("csv", "xlsx"):
        raise Http404
    run = get_in_organisation(Run.objects.select_related("instrument", "organisation"), uuid=uuid)
    require(request.person, "scan.results", run)
    data = selectors.run_results(run, comments_for=set(), with_items=True)
    if extension == "csv":
        response = HttpResponse(exports.results_csv(data), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.results_xlsx(data), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(data, extension)}"'
    return response


@require_POST
def adopt(request, org, uuid):
    """The team lead adopts a recommended practice for the team, through the practices service."""
    run = get_in_organisation(Run.objects, uuid=uuid)
    team = get_in_organisation(Team.objects, uuid=_uuid(request.POST.get("team")))
    practice = get_in_organisation(Practice.objects, uuid=_uuid(request.POST.get("practice")))
    require(request.person, "practices.adopt", team)
    back = f"{_url('results', org, uuid=run.uuid)}?group={team.pk}"
    try:
        adopted = adoption_create(
            team=team, practice=practice, owner=request.person, adopted_by=request.person,
            purpose=_("Chosen after the survey “%(title)s” to work on %(dimension)s.") % {
                "title": run.title, "dimension": request.POST.get("dimension", "")[:150] or _("a weak dimension")})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, _("%(team)s now practises “%(practice)s”.") % {"team": team.name,
                                                                              "practice": practice.name})
    return redirect(adopted.part_url or back)
