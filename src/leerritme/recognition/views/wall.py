"""The kudos wall (organisation and team), giving and hiding kudos, cards and congratulations, and a person's
recognition page (their badges with their assertion addresses, and the kudos they received)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.recognition import openbadges, selectors
from leerritme.recognition.forms import KudosForm
from leerritme.recognition.models import Celebration, Kudos
from leerritme.recognition.services import kudos as kudos_services


def _before(request):
    value = parse_datetime(request.GET.get("before", "") or "")
    return value if value is not None and value.tzinfo is not None else None


def wall(request, org):
    items, more = selectors.feed(request.person, before=_before(request))
    teams = Team.objects.filter(memberships__person=request.person).order_by("name")
    return render(request, "recognition/wall.html", {"items": items, "more": more, "team": None, "teams": teams})


def team_wall(request, org, uuid):
    team = get_in_organisation(Team.objects, uuid=uuid)
    items, more = selectors.feed(request.person, team=team, before=_before(request))
    teams = Team.objects.filter(memberships__person=request.person).order_by("name")
    return render(request, "recognition/wall.html", {"items": items, "more": more, "team": team, "teams": teams})


def kudos_new(request, org):
    initial = {}
    to = request.GET.get("to")
    if to:
        target = Person.objects.filter(uuid=to, is_active=True).select_related("user").first() if _is_uuid(to) else None
        if target is not None and target.pk != request.person.pk:
            initial["others"] = target.user.email
    form = KudosForm(request.POST or None, giver=request.person, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            kudos = kudos_services.kudos_give(
                giver=request.person, recipients=data["people"], message=data["message"], skill=data["skill"],
                value=data["value"], visibility=data["visibility"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, gettext("Your kudos is on its way."))
            return redirect("recognition:kudos", org=org, uuid=kudos.uuid)
    return render(request, "recognition/kudos_form.html", {"form": form})


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            if field == "recipients":
                target = "others" if form.cleaned_data.get("others") else "recipients"
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)


def kudos_detail(request, org, uuid):
    kudos = get_in_organisation(selectors.kudos_visible_to(request.person), uuid=uuid)
    mine = next((r for r in kudos.shown_recipients if r.person_id == request.person.pk), None)
    return render(request, "recognition/kudos.html", {"kudos": kudos, "mine": mine})


@require_POST
def kudos_hide(request, org, uuid):
    kudos = get_in_organisation(Kudos.objects, uuid=uuid)
    try:
        kudos_services.kudos_hide(kudos=kudos, person=request.person)
    except ValidationError:
        raise Http404 from None
    messages.success(request, gettext("The kudos is hidden. Nobody sees it any more, you neither."))
    return redirect("recognition:mine", org=org)


@require_POST
def celebration_hide(request, org, uuid):
    card = get_in_organisation(Celebration.objects, uuid=uuid)
    try:
        kudos_services.celebration_hide(celebration=card, person=request.person)
    except ValidationError:
        raise PermissionDenied from None
    messages.success(request, gettext("The card is hidden everywhere."))
    return redirect(request.POST.get("next") if _safe(request.POST.get("next"), org) else
                    f"/o/{org}/celebrate/")


def _safe(url, org) -> bool:
    return bool(url) and url.startswith(f"/o/{org}/") and "//" not in url[1:]


@require_POST
def congratulate(request, org, uuid):
    card = get_in_organisation(selectors.celebrations_visible_to(request.person), uuid=uuid)
    try:
        kudos_services.celebration_congratulate(celebration=card, person=request.person)
    except ValidationError:
        raise Http404 from None
    if request.htmx:
        card = selectors.celebrations_visible_to(request.person).get(pk=card.pk)
        return render(request, "recognition/_card.html#cheer", {"card": card})
    return redirect(request.POST.get("next") if _safe(request.POST.get("next"), org) else f"/o/{org}/celebrate/")


def person_page(request, org, uuid=None):
    """A person's badges (with the public assertion address to copy) and the kudos they received."""
    person = request.person if uuid is None else get_in_organisation(
        Person.objects.select_related("user"), uuid=uuid)
    awards = list(selectors.awards_of(person, request.person))
    for award in awards:
        award.assertion_url = openbadges.assertion_url(award)
    kudos = list(selectors.kudos_received(person, request.person)[:50])
    own = person.pk == request.person.pk
    hidden = []
    if own:
        from leerritme.recognition.models import KudosRecipient

        hidden = list(KudosRecipient.objects.filter(person=person, hidden_at__isnull=False)
                      .select_related("kudos__giver__user").order_by("-hidden_at")[:20])
    teams = TeamMembership.objects.filter(person=person).select_related("team")
    return render(request, "recognition/person.html", {
        "subject": person, "awards": awards, "kudos": kudos, "own": own, "hidden": hidden, "teams": teams,
    })
