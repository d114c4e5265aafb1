"""The colleague directory, profiles and the team pages: what every member sees of their colleagues."""

from typing import NamedTuple
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from leerritme.lib.panels import TEAM, panels_for
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Person, Team, TeamRole
from leerritme.orgs.rules import require
from leerritme.people import selectors
from leerritme.people.forms.profile import ProfileForm
from leerritme.people.forms.skills import PersonSkillAddForm, PersonSkillForm
from leerritme.people.models import Skill
from leerritme.people.services.profiles import profile_update

PAGE_SIZE = 30
PROFILE_TEMPLATE = "people/directory/profile.html"


def wants_fragment(request) -> bool:
    """An htmx request for a fragment (not htmx restoring a page from its history, which needs it whole)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def person_list(request, org):
    """The colleague directory: search by name, job title or skill, filter by team or by who can teach."""
    require(request.person, "people.view")
    q = request.GET.get("q", "").strip()[:100]
    # The filter choices as plain tuples: an organisation may have hundreds of teams and skills.
    team_rows = Team.objects.order_by("name").values_list("pk", "uuid", "name", "parent_id")
    teams = [Choice(*row) for row in team_rows]
    chosen_team = _chosen(teams, request.GET.get("team"))
    skills = [Choice(*row, None) for row in Skill.objects.order_by("name").values_list("pk", "uuid", "name")]
    chosen_skill = _chosen(skills, request.GET.get("skill"))
    people = selectors.directory_search(
        q=q,
        team_ids=selectors.team_and_descendant_ids(chosen_team, teams) if chosen_team else None,
        teaches_skill_id=chosen_skill and chosen_skill.pk,
    )
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    page = selectors.directory_page(people, number=number, per_page=PAGE_SIZE)
    params = {k: v for k, v in (("q", q), ("team", chosen_team and chosen_team.uuid),
                                 ("skill", chosen_skill and chosen_skill.uuid)) if v}
    context = {
        "page": page,
        "q": q,
        "teams": teams,
        "skills": skills,
        "chosen_team": chosen_team,
        "chosen_skill": chosen_skill,
        "filtered": bool(params),
        "query_string": urlencode(params),
    }
    template = "people/directory/list.html"
    if wants_fragment(request):
        template += "#results"
    return render(request, template, context)


class Choice(NamedTuple):
    """A team or skill as a filter choice."""

    pk: int
    uuid: UUID
    name: str
    parent_id: int | None


def _chosen(objects, uuid_text):
    """The object with this UUID from an already loaded list, or None (a stale filter is ignored)."""
    if not uuid_text:
        return None
    return next((o for o in objects if str(o.uuid) == uuid_text), None)


def profile_context(request, subject: Person, *, add_form=None, profile_form=None, entry_forms=None,
                    status=None) -> dict:
    """What the profile page (and its fragments) need; the own profile gets its edit forms too."""
    me = request.person
    is_me = subject.pk == me.pk
    entries = selectors.profile_skills(subject)
    context = {
        "subject": subject,
        "is_me": is_me,
        "memberships": selectors.profile_memberships(subject),
        "entries": entries,
        "teaches": [e for e in entries if e.can_teach],
        "status": status,
    }
    if is_me:
        entry_forms = entry_forms or {}
        for entry in entries:
            entry.form = entry_forms.get(entry.skill_id) or PersonSkillForm.for_entry(entry)
        have = {e.skill_id for e in entries}
        context.update({
            "wishes": selectors.teachers_for_wishes(me),
            # "I have this skill" on a skill's page leads here with the skill filled in.
            "add_form": add_form or PersonSkillAddForm(
                person=me, initial={"skill": request.GET.get("add", "")[:150]}
            ),
            "skill_options": [
                name for pk, name in Skill.objects.order_by("name").values_list("pk", "name")
                if pk not in have
            ],
            "profile_form": profile_form or ProfileForm(
                initial={"job_title": me.job_title, "about": me.about}
            ),
        })
    else:
        context["my_wishes"] = selectors.wanted_skill_ids(me)
    return context


def profile(request, org, uuid):
    """A colleague's profile: teams, skills and what they can teach; one's own profile is also edited here."""
    require(request.person, "people.view")
    subject = get_in_organisation(Person.objects.active().select_related("user"), uuid=uuid)
    if subject.pk == request.person.pk:
        subject = request.person
    return render(request, PROFILE_TEMPLATE, profile_context(request, subject))


def own_profile_url(request, anchor: str = "") -> str:
    url = reverse("people:profile", kwargs={"org": request.organisation.slug, "uuid": request.person.uuid})
    return f"{url}#{anchor}" if anchor else url


def my_profile(request, org):
    """Save one's own job title and "about me"."""
    me = request.person
    if request.method == "GET":
        return redirect(own_profile_url(request, "about"))
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    form = ProfileForm(request.POST)
    if form.is_valid():
        profile_update(person=me, job_title=form.cleaned_data["job_title"], about=form.cleaned_data["about"])
        if not wants_fragment(request):
            messages.success(request, gettext("Your profile is saved."))
            return redirect(own_profile_url(request, "about"))
        return render(request, PROFILE_TEMPLATE + "#about",
                      profile_context(request, me, status=gettext("Your profile is saved.")))
    context = profile_context(request, me, profile_form=form)
    return render(request, PROFILE_TEMPLATE + ("#about" if wants_fragment(request) else ""), context)


def team_list(request, org):
    """Departments and their teams as a tree, with member counts and leads."""
    require(request.person, "people.view")
    teams = selectors.team_overview()
    # Hundreds of teams on one page: the detail address is built from the list's own address
    # (teams/<uuid>/ under teams/, both in people/urls.py) instead of a reverse() per team, and the
    # member counts are worded here rather than by a plural tag per row.
    base = reverse("people:team_list", kwargs={"org": request.organisation.slug})
    for t in teams:
        t.url = f"{base}{t.uuid}/"
        t.members_label = ngettext("%(count)s member", "%(count)s members", t.member_count) % {
            "count": t.member_count
        }
    my_team_ids = set(request.person.team_memberships.values_list("team_id", flat=True))
    tree = selectors.team_tree(teams)
    return render(request, "people/directory/team_list.html", {
        "tree": tree,
        "departments": [node for node in tree if node.children],
        "loose": [node for node in tree if not node.children],
        "team_count": len(teams),
        "my_team_ids": my_team_ids,
    })


def team_detail(request, org, uuid):
    """A team: its leads and members, its sub-teams, and who in it can teach what."""
    require(request.person, "people.view")
    team = get_in_organisation(Team.objects, uuid=uuid)
    # The whole tree as light tuples for the breadcrumb; member counts only for this team and its sub-teams.
    tree = [Choice(*row) for row in Team.objects.values_list("pk", "uuid", "name", "parent_id")]
    counted = selectors.teams_with_counts(Team.objects.filter(Q(pk=team.pk) | Q(parent_id=team.pk)))
    team = next(t for t in counted if t.pk == team.pk)
    children = sorted((t for t in counted if t.parent_id == team.pk), key=lambda t: t.name.lower())
    memberships = selectors.team_members(team)
    return render(request, "people/directory/team_detail.html", {
        "team": team,
        "ancestors": selectors.ancestors_in(team, tree),
        "leads": [m for m in memberships if m.role == TeamRole.LEAD],
        "members": [m for m in memberships if m.role != TeamRole.LEAD],
        "children": children,
        "team_skills": selectors.team_skills(team),
        # What higher parts show on a team's page (the growth part: the team's learning plan).
        "panels": panels_for(request, TEAM, team=team),
    })
