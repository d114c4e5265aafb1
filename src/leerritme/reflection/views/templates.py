"""A team's own board templates, and the organisation-wide ones L&D makes: list, create, edit, archive.

Team members see their team's templates (they choose them when starting a session); the team lead
makes and changes them. L&D admins and owners do the same for the templates every team can use.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Team
from leerritme.orgs.rules import can, require
from leerritme.reflection.boards import BOARDS
from leerritme.reflection.forms.templates import TemplateForm
from leerritme.reflection.models import ReflectionTemplate
from leerritme.reflection.services.templates import template_archive as archive_service
from leerritme.reflection.services.templates import template_create as create_service
from leerritme.reflection.services.templates import template_update


def _list_url(org: str, team: Team | None) -> str:
    if team is None:
        return reverse("reflection:templates", kwargs={"org": org})
    return reverse("reflection:team_templates", kwargs={"org": org, "uuid": team.uuid})


def _listing(request, *, team: Team | None):
    templates = list(ReflectionTemplate.objects.filter(team=team).select_related("created_by__user")
                     .order_by("archived", "name"))
    shared = list(ReflectionTemplate.objects.filter(team__isnull=True, archived=False).order_by("name")) \
        if team is not None else []
    return render(request, "reflection/templates/list.html", {
        "team": team,
        "templates": templates,
        "shared": shared,
        "built_in": list(BOARDS.values()),
        "can_manage": can(request.person, "reflection.templates", team),
    })


def organisation_templates(request, org):
    """L&D's templates for every team."""
    require(request.person, "reflection.templates")
    return _listing(request, team=None)


def team_templates(request, org, uuid):
    """The team's own templates; its lead changes them."""
    team = get_in_organisation(Team.objects, uuid=uuid)
    if not can(request.person, "reflection.join", team) and not can(request.person, "reflection.templates", team):
        raise PermissionDenied
    return _listing(request, team=team)


def template_create(request, org, uuid=None):
    team = get_in_organisation(Team.objects, uuid=uuid) if uuid else None
    require(request.person, "reflection.templates", team)
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = create_service(organisation=request.organisation, by=request.person, team=team,
                                      name=form.cleaned_data["name"], format=form.cleaned_data["format"],
                                      columns=form.columns())
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, gettext("The template “%(name)s” is saved.") % {"name": template.name})
            return redirect(_list_url(org, team))
    return render(request, "reflection/templates/form.html", {"form": form, "team": team, "template": None})


def template_edit(request, org, uuid):
    template = get_in_organisation(ReflectionTemplate.objects.select_related("team"), uuid=uuid)
    require(request.person, "reflection.templates", template)
    form = TemplateForm(request.POST or None, columns=template.columns,
                        initial={"name": template.name, "format": template.format})
    if request.method == "POST" and form.is_valid():
        try:
            template_update(template, by=request.person, name=form.cleaned_data["name"],
                            format=form.cleaned_data["format"], columns=form.columns())
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, gettext("The template “%(name)s” is saved.")
                             % {"name": form.cleaned_data["name"]})
            return redirect(_list_url(org, template.team))
    return render(request, "reflection/templates/form.html", {"form": form, "team": template.team,
                                                              "template": template})


@require_POST
def template_archive(request, org, uuid):
    template = get_in_organisation(ReflectionTemplate.objects.select_related("team"), uuid=uuid)
    require(request.person, "reflection.templates", template)
    archived = request.POST.get("archived", "1") == "1"
    try:
        archive_service(template, by=request.person, archived=archived)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if archived:
            messages.success(request, gettext("“%(name)s” is archived: it is no longer offered when starting a "
                                              "session. Sessions that used it keep their columns.")
                             % {"name": template.name})
        else:
            messages.success(request, gettext("“%(name)s” is offered again.") % {"name": template.name})
    return redirect(_list_url(org, template.team))


def _attach(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
