"""People administration for L&D admins and owners: people, teams and invitations.

Every view starts with the `people.manage` rule (403 otherwise); objects come from the URL through
`get_in_organisation` (404 for another organisation's). Destructive actions show a confirmation page
on GET and act only on POST.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Lower
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerritme.orgs import rules
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Person, Role, Team, TeamMembership, TeamRole
from leerritme.people.erasure import person_erase
from leerritme.people.forms.admin import (
    InvitationFilterForm,
    InvitationForm,
    PeopleFilterForm,
    PersonForm,
    Status,
    TeamForm,
    TeamMemberAddForm,
    TeamPlacementForm,
    TeamRoleForm,
)
from leerritme.people.models import ErasureRecord, Invitation
from leerritme.people.services.admin import (
    person_deactivate,
    person_reactivate,
    person_update,
    team_create,
    team_delete,
    team_membership_remove,
    team_membership_set,
    team_update,
)
from leerritme.people.services.invitations import (
    invitation_resend,
    invitation_revoke,
    invitations_create,
)

PAGE_SIZE = 50
CANDIDATES = 10


def _require_manage(request) -> None:
    rules.require(request.person, "people.manage")


def _all_teams() -> list[Team]:
    return list(Team.objects.only("pk", "uuid", "name", "parent_id").order_by("name"))


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _descendant_ids(team: Team, teams: list[Team]) -> set[int]:
    children: dict[int, list[int]] = {}
    for other in teams:
        if other.parent_id is not None:
            children.setdefault(other.parent_id, []).append(other.pk)
    found, todo = set(), [team.pk]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


# --- People ----------------------------------------------------------------------------------------


@require_GET
def admin_people(request, org):
    """Everyone in the organisation, searchable and filterable, 50 to a page, in constant queries."""
    _require_manage(request)
    teams = _all_teams()
    form = PeopleFilterForm(request.GET or None, teams=teams)
    filters = form.filters()
    people = Person.objects.select_related("user").prefetch_related(
        Prefetch(
            "team_memberships", queryset=TeamMembership.objects.select_related("team").order_by("team__name")
        )
    )
    if filters["status"] == Status.ACTIVE:
        people = people.filter(is_active=True)
    elif filters["status"] == Status.DEACTIVATED:
        people = people.filter(is_active=False)
    if filters["q"]:
        people = people.filter(Q(user__name__icontains=filters["q"]) | Q(user__email__icontains=filters["q"]))
    if filters["role"]:
        people = people.filter(role=filters["role"])
    if filters["team"] is not None:
        # A department's filter also shows the people of the teams under it.
        people = people.filter(
            team_memberships__team_id__in=_descendant_ids(filters["team"], teams)
        ).distinct()
    people = people.order_by(Lower("user__name"), "user__email", "pk")
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "filtered": any([filters["q"], filters["team"], filters["role"], filters["status"] != Status.ACTIVE]),
    }
    if request.htmx:
        return render(request, "people/admin/people.html#results", context)
    return render(request, "people/admin/people.html", context)


def _person_page(request, person: Person, *, person_form=None, placement_form=None, status=200):
    memberships = list(person.team_memberships.select_related("team").order_by("team__name"))
    teams = _all_teams()
    if placement_form is None:
        member_of = {m.team_id for m in memberships}
        placement_form = TeamPlacementForm(teams=[t for t in teams if t.pk not in member_of])
    context = {
        "subject": person,
        "person_form": person_form or PersonForm(actor=request.person, person=person),
        "placement_form": placement_form,
        "memberships": memberships,
        "role_form": TeamRoleForm(),
        "team_roles": TeamRole.choices,
        "can_change_owner": request.person.is_owner or not person.is_owner,
        "is_self": person.pk == request.person.pk,
        "erasure": ErasureRecord.objects.filter(person=person).first(),
    }
    return render(request, "people/admin/person.html", context, status=status)


@require_http_methods(["GET", "POST"])
def admin_person(request, org, uuid):
    """One person: role, job title, teams, and (de)activation."""
    _require_manage(request)
    person = get_in_organisation(Person.objects.select_related("user"), uuid=uuid)
    if request.method == "POST":
        form = PersonForm(request.POST, actor=request.person, person=person)
        if form.is_valid():
            try:
                person_update(
                    actor=request.person,
                    person=person,
                    role=form.cleaned_data["role"],
                    job_title=form.cleaned_data["job_title"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("The changes to %(name)s are saved.") % {"name": person.user.name}
                )
                if person.pk == request.person.pk and not rules.can(person, "people.manage"):
                    return redirect("home", org=org)
                return redirect("people:admin_person", org=org, uuid=person.uuid)
        return _person_page(request, person, person_form=form, status=400)
    return _person_page(request, person)


@require_POST
def admin_person_team_add(request, org, uuid):
    """Put the person in a team, as member or lead."""
    _require_manage(request)
    person = get_in_organisation(Person.objects.select_related("user"), uuid=uuid)
    form = TeamPlacementForm(request.POST, teams=_all_teams())
    if form.is_valid():
        team = form.cleaned_data["team"]
        try:
            team_membership_set(
                actor=request.person, team=team, person=person, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(name)s is now in %(team)s.") % {"name": person.user.name, "team": team.name}
            )
            return redirect("people:admin_person", org=org, uuid=person.uuid)
    return _person_page(request, person, placement_form=form, status=400)


def _confirm(request, *, title, question, consequences=(), action_label, cancel_url, danger=True, status=200):
    return render(
        request,
        "people/admin/confirm.html",
        {
            "title": title,
            "question": question,
            "consequences": consequences,
            "action_label": action_label,
            "cancel_url": cancel_url,
            "danger": danger,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def admin_person_deactivate(request, org, uuid):
    """Deactivate a person after confirmation: they can no longer sign in to this organisation."""
    _require_manage(request)
    person = get_in_organisation(Person.objects.select_related("user"), uuid=uuid)
    person_url = reverse("people:admin_person", kwargs={"org": org, "uuid": person.uuid})
    if not person.is_active:
        messages.info(request, _("%(name)s is already deactivated.") % {"name": person.user.name})
        return redirect(person_url)
    if request.method == "POST":
        try:
            person_deactivate(actor=request.person, person=person)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect(person_url)
        messages.success(
            request,
            _("%(name)s is deactivated. Their contributions stay, shown as from “a former colleague”.")
            % {"name": person.user.name},
        )
        return redirect(person_url)
    team_count = person.team_memberships.count()
    consequences = [
        _("They can no longer sign in to %(organisation)s.") % {"organisation": request.organisation.name},
        _("What they contributed stays, shown as from “a former colleague”."),
        _("They receive no more notifications from this organisation."),
    ]
    if team_count:
        consequences.append(
            ngettext("They leave their team.", "They leave their %(count)d teams.", team_count)
            % {"count": team_count}
        )
    consequences.append(_("You can reactivate them later."))
    return _confirm(
        request,
        title=_("Deactivate %(name)s") % {"name": person.user.name},
        question=_("Do you want to deactivate %(name)s (%(email)s)?")
        % {"name": person.user.name, "email": person.user.email},
        consequences=consequences,
        action_label=_("Deactivate"),
        cancel_url=person_url,
    )


@require_http_methods(["GET", "POST"])
def admin_person_erase(request, org, uuid):
    """Erase a deactivated person's personal data in this organisation, after confirmation."""
    _require_manage(request)
    person = get_in_organisation(Person.objects.select_related("user"), uuid=uuid)
    person_url = reverse("people:admin_person", kwargs={"org": org, "uuid": person.uuid})
    if request.method == "POST":
        try:
            record = person_erase(actor=request.person, person=person)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect(person_url)
        messages.success(
            request,
            ngettext(
                "The personal data of %(name)s is erased (%(count)d item removed).",
                "The personal data of %(name)s is erased (%(count)d items removed).",
                record.total,
            ) % {"name": person.user.name or person.user.email, "count": record.total},
        )
        return redirect(person_url)
    if person.is_active:
        messages.error(request, _("Deactivate this person first; then their personal data can be erased."))
        return redirect(person_url)
    return _confirm(
        request,
        title=_("Erase the personal data of %(name)s") % {"name": person.user.name or person.user.email},
        question=_("Do you want to erase the personal data of %(name)s (%(email)s) in %(organisation)s?")
        % {"name": person.user.name or person.user.email, "email": person.user.email,
           "organisation": request.organisation.name},
        consequences=[
            _("Their learning record, skills and notifications are deleted, and so are the learning records "
              "outside tools sent about them."),
            _("What they contributed for others (articles, answers, cards) stays, shown as from "
              "“a former colleague”."),
            _("This cannot be undone. The erasure is logged: when and by whom, and how much was removed."),
        ],
        action_label=_("Erase personal data"),
        cancel_url=person_url,
        danger=True,
    )


@require_http_methods(["GET", "POST"])
def admin_person_reactivate(request, org, uuid):
    """Give a deactivated person access again."""
    _require_manage(request)
    person = get_in_organisation(Person.objects.select_related("user"), uuid=uuid)
    person_url = reverse("people:admin_person", kwargs={"org": org, "uuid": person.uuid})
    if person.is_active:
        messages.info(request, _("%(name)s is already active.") % {"name": person.user.name})
        return redirect(person_url)
    if request.method == "POST":
        try:
            person_reactivate(actor=request.person, person=person)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect(person_url)
        messages.success(request, _("%(name)s is active again and can sign in.") % {"name": person.user.name})
        return redirect(person_url)
    return _confirm(
        request,
        title=_("Reactivate %(name)s") % {"name": person.user.name},
        question=_("Do you want to reactivate %(name)s (%(email)s)?")
        % {"name": person.user.name, "email": person.user.email},
        consequences=[
            _("They can sign in to %(organisation)s again, with the role %(role)s.")
            % {"organisation": request.organisation.name, "role": Role(person.role).label},
            _("Their contributions show their name again."),
            _("Add them to their teams again on their page."),
        ],
        action_label=_("Reactivate"),
        cancel_url=person_url,
        danger=False,
    )


# --- Teams -----------------------------------------------------------------------------------------


def _tree(teams: list[Team]) -> list[tuple[Team, int]]:
    """Teams in tree order with their depth: each department followed by the teams under it."""
    by_pk = {team.pk: team for team in teams}
    children: dict[int | None, list[Team]] = {}
    for team in teams:
        children.setdefault(team.parent_id if team.parent_id in by_pk else None, []).append(team)
    rows, seen = [], set()

    def walk(parent, depth):
        for team in sorted(children.get(parent, []), key=lambda t: t.name.casefold()):
            if team.pk not in seen:
                seen.add(team.pk)
                rows.append((team, depth))
                walk(team.pk, depth + 1)

    walk(None, 0)
    rows.extend((team, 0) for team in teams if team.pk not in seen)
    return rows


@require_GET
def admin_teams(request, org):
    """All teams and departments as a tree, with their size and leads."""
    _require_manage(request)
    leads = TeamMembership.objects.filter(role=TeamRole.LEAD, person__is_active=True).select_related(
        "person__user"
    )
    teams = list(
        Team.objects.select_related("parent")
        .annotate(member_count=Count("memberships", filter=Q(memberships__person__is_active=True)))
        .prefetch_related(Prefetch("memberships", queryset=leads, to_attr="lead_memberships"))
        .order_by("name")
    )
    return render(request, "people/admin/teams.html", {"rows": _tree(teams), "team_count": len(teams)})


@require_http_methods(["GET", "POST"])
def admin_team_create(request, org):
    """A new team or department."""
    _require_manage(request)
    teams = _all_teams()
    form = TeamForm(request.POST or None, teams=teams, initial={"parent": request.GET.get("parent", "")})
    if request.method == "POST" and form.is_valid():
        try:
            team = team_create(
                organisation=request.organisation,
                name=form.cleaned_data["name"],
                parent=form.cleaned_data["parent"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The team %(name)s is created. Now add its members.") % {"name": team.name}
            )
            return redirect("people:admin_team", org=org, uuid=team.uuid)
    return render(
        request,
        "people/admin/team_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _team_candidates(team: Team, query: str) -> list[Person]:
    query = query.strip()
    if not query:
        return []
    return list(
        Person.objects.active()
        .select_related("user")
        .filter(Q(user__name__icontains=query) | Q(user__email__icontains=query))
        .exclude(team_memberships__team=team)
        .order_by(Lower("user__name"))[:CANDIDATES]
    )


@require_http_methods(["GET", "POST"])
def admin_team(request, org, uuid):
    """Edit a team: name, department, description and members."""
    _require_manage(request)
    team = get_in_organisation(Team.objects.select_related("parent"), uuid=uuid)
    query = request.GET.get("q", "")[:150]
    if request.htmx and request.method == "GET" and "q" in request.GET:
        return render(
            request,
            "people/admin/team.html#candidates",
            {
                "team": team,
                "candidates": _team_candidates(team, query),
                "query": query,
            },
        )
    teams = _all_teams()
    form = TeamForm(request.POST or None, teams=teams, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            team_update(
                team=team,
                name=form.cleaned_data["name"],
                parent=form.cleaned_data["parent"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The team %(name)s is saved.") % {"name": team.name})
            return redirect("people:admin_team", org=org, uuid=team.uuid)
    if request.method == "POST":
        team.refresh_from_db()
    memberships = list(
        team.memberships.filter(person__is_active=True)
        .select_related("person__user")
        .order_by("role", Lower("person__user__name"))
    )
    children = [t for t in teams if t.parent_id == team.pk]
    return render(
        request,
        "people/admin/team.html",
        {
            "team": team,
            "form": form,
            "memberships": memberships,
            "children": children,
            "team_roles": TeamRole.choices,
            "candidates": _team_candidates(team, query),
            "query": query,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def admin_team_delete(request, org, uuid):
    """Delete a team after confirmation; the teams under it stay, moved to the top level."""
    _require_manage(request)
    team = get_in_organisation(Team.objects.all(), uuid=uuid)
    team_url = reverse("people:admin_team", kwargs={"org": org, "uuid": team.uuid})
    if request.method == "POST":
        name = team.name
        children = team_delete(team=team)
        message = _("The team %(name)s is deleted.") % {"name": name}
        if children:
            message += " " + ngettext(
                "The team %(teams)s that was part of it is now a top-level team.",
                "The teams %(teams)s that were part of it are now top-level teams.",
                len(children),
            ) % {"teams": ", ".join(child.name for child in children)}
        messages.success(request, message)
        return redirect("people:admin_teams", org=org)
    children = list(team.children.order_by("name"))
    member_count = team.memberships.filter(person__is_active=True).count()
    consequences = [
        ngettext(
            "Its %(count)d member stays in the organisation, but no longer in this team.",
            "Its %(count)d members stay in the organisation, but no longer in this team.",
            member_count,
        )
        % {"count": member_count}
    ]
    if children:
        consequences.append(
            ngettext(
                "The team %(teams)s under it is kept and becomes a top-level team.",
                "The teams %(teams)s under it are kept and become top-level teams.",
                len(children),
            )
            % {"teams": ", ".join(child.name for child in children)}
        )
    consequences.append(_("What was shared with the team stays with the people who shared it."))
    return _confirm(
        request,
        title=_("Delete %(name)s") % {"name": team.name},
        question=_("Do you want to delete the team %(name)s?") % {"name": team.name},
        consequences=consequences,
        action_label=_("Delete the team"),
        cancel_url=team_url,
    )


def _back_after_membership(request, org, team: Team, person: Person):
    if request.POST.get("back") == "person":
        return redirect("people:admin_person", org=org, uuid=person.uuid)
    return redirect("people:admin_team", org=org, uuid=team.uuid)


@require_POST
def admin_team_member_add(request, org, uuid):
    """Add a colleague to the team as member or lead."""
    _require_manage(request)
    team = get_in_organisation(Team.objects.all(), uuid=uuid)
    form = TeamMemberAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a colleague and a valid role in the team."))
        return redirect("people:admin_team", org=org, uuid=team.uuid)
    person = get_in_organisation(Person.objects.select_related("user"), uuid=form.cleaned_data["person"])
    try:
        team_membership_set(actor=request.person, team=team, person=person, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("%(name)s is now in %(team)s.") % {"name": person.user.name, "team": team.name}
        )
    return _back_after_membership(request, org, team, person)


@require_POST
def admin_team_member(request, org, uuid, person):
    """Change a member's role in the team."""
    _require_manage(request)
    team = get_in_organisation(Team.objects.all(), uuid=uuid)
    membership = get_in_organisation(
        TeamMembership.objects.select_related("person__user"), team=team, person__uuid=person
    )
    form = TeamRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role in the team."))
    else:
        try:
            team_membership_set(
                actor=request.person, team=team, person=membership.person, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s of %(team)s.")
                % {
                    "name": membership.person.user.name,
                    "role": TeamRole(form.cleaned_data["role"]).label.lower(),
                    "team": team.name,
                },
            )
    return _back_after_membership(request, org, team, membership.person)


@require_http_methods(["GET", "POST"])
def admin_team_member_remove(request, org, uuid, person):
    """Take a person out of a team, after confirmation."""
    _require_manage(request)
    team = get_in_organisation(Team.objects.all(), uuid=uuid)
    membership = get_in_organisation(
        TeamMembership.objects.select_related("person__user"), team=team, person__uuid=person
    )
    subject = membership.person
    if request.method == "POST":
        team_membership_remove(team=team, person=subject)
        messages.success(
            request, _("%(name)s is no longer in %(team)s.") % {"name": subject.user.name, "team": team.name}
        )
        return _back_after_membership(request, org, team, subject)
    back = request.GET.get("back") == "person"
    cancel_url = (
        reverse("people:admin_person", kwargs={"org": org, "uuid": subject.uuid})
        if back
        else reverse("people:admin_team", kwargs={"org": org, "uuid": team.uuid})
    )
    response = _confirm(
        request,
        title=_("Remove from %(team)s") % {"team": team.name},
        question=_("Do you want to remove %(name)s from %(team)s?")
        % {"name": subject.user.name, "team": team.name},
        consequences=[
            _("They stay in the organisation and keep what they contributed."),
            _("You can add them to the team again later."),
        ],
        action_label=_("Remove from the team"),
        cancel_url=cancel_url,
    )
    return response


# --- Invitations -----------------------------------------------------------------------------------


def _invitations(status: str):
    invitations = Invitation.objects.select_related("team", "invited_by__user").order_by("-created_at")
    now = timezone.now()
    if status == "pending":
        return invitations.pending()
    if status == "accepted":
        return invitations.filter(accepted_at__isnull=False)
    if status == "expired":
        return invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now)
    if status == "revoked":
        return invitations.filter(accepted_at__isnull=True, revoked_at__isnull=False)
    return invitations


def _report_invitations(request, result) -> None:
    sent = [inv.email for inv in result.sent if inv not in result.failed]
    renewed = [inv.email for inv in result.renewed if inv not in result.failed]
    if sent:
        messages.success(
            request,
            ngettext("Invitation sent to %(emails)s.", "%(count)d invitations sent: %(emails)s.", len(sent))
            % {"count": len(sent), "emails": ", ".join(sent)},
        )
    if renewed:
        messages.success(
            request,
            ngettext(
                "%(emails)s already had an open invitation: it was renewed and sent again.",
                "%(emails)s already had open invitations: they were renewed and sent again.",
                len(renewed),
            )
            % {"emails": ", ".join(renewed)},
        )
    if result.already_members:
        messages.warning(
            request,
            ngettext(
                "%(emails)s is already a member of this organisation; no invitation was sent.",
                "%(emails)s are already members of this organisation; no invitations were sent.",
                len(result.already_members),
            )
            % {"emails": ", ".join(result.already_members)},
        )
    if result.failed:
        messages.error(
            request,
            _("The mail to %(emails)s could not be sent. The invitation is saved: try “Send again” later.")
            % {"emails": ", ".join(i.email for i in result.failed)},
        )


@require_http_methods(["GET", "POST"])
def invitation_list(request, org):
    """Invite colleagues by e-mail and follow the invitations: open, accepted, expired and revoked."""
    _require_manage(request)
    teams = _all_teams()
    form = InvitationForm(
        request.POST or None, actor=request.person, teams=teams, initial={"team": request.GET.get("team", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = invitations_create(
                organisation=request.organisation,
                invited_by=request.person,
                invitees=form.cleaned_data["addresses"],
                role=form.cleaned_data["role"],
                team=form.cleaned_data["team"],
                team_role=form.cleaned_data["team_role"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _report_invitations(request, result)
            return redirect("people:invitation_list", org=org)
    filter_form = InvitationFilterForm(request.GET or None)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    status = status or "pending"
    page = Paginator(_invitations(status), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filter_form": filter_form,
        "page": page,
        "status": status,
        "now": timezone.now(),
        "invitation_days": settings.INVITATION_DAYS,
    }
    if request.htmx and request.method == "GET":
        return render(request, "people/admin/invitations.html#results", context)
    return render(
        request, "people/admin/invitations.html", context, status=400 if request.method == "POST" else 200
    )


@require_POST
def invitation_resend_view(request, org, uuid):
    """Send the invitation again with a new link and a new expiry date."""
    _require_manage(request)
    invitation = get_in_organisation(
        Invitation.objects.select_related("organisation", "team", "invited_by__user"), uuid=uuid
    )
    try:
        sent = invitation_resend(invitation=invitation)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        if sent:
            messages.success(
                request,
                _("The invitation to %(email)s was sent again, with a new link valid until %(date)s.")
                % {"email": invitation.email, "date": _date(invitation.expires_at)},
            )
        else:
            messages.error(
                request,
                _(
                    "The mail to %(emails)s could not be sent. The invitation is saved: try "
                    "“Send again” later."
                )
                % {"emails": invitation.email},
            )
    return redirect("people:invitation_list", org=org)


def _date(value) -> str:
    return date_format(timezone.localtime(value), "j F Y")


@require_http_methods(["GET", "POST"])
def invitation_revoke_view(request, org, uuid):
    """Withdraw an invitation after confirmation: its link stops working."""
    _require_manage(request)
    invitation = get_in_organisation(Invitation.objects.all(), uuid=uuid)
    list_url = reverse("people:invitation_list", kwargs={"org": org})
    if request.method == "POST":
        try:
            invitation_revoke(invitation=invitation)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email}
            )
        return redirect(list_url)
    if invitation.accepted_at is not None:
        messages.info(request, _("This invitation has already been accepted."))
        return redirect(list_url)
    return _confirm(
        request,
        title=_("Revoke invitation"),
        question=_("Do you want to revoke the invitation to %(email)s?") % {"email": invitation.email},
        consequences=[
            _("The link in the e-mail stops working."),
            _("You can invite the same address again later."),
        ],
        action_label=_("Revoke"),
        cancel_url=list_url,
    )
