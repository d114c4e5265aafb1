"""This part's home panels: my teams, my skills, colleagues to learn from, and for L&D admins and owners
an overview of the organisation and a getting-started checklist while the organisation is young.

Each context function runs a small, fixed number of queries and returns None when the panel has
nothing useful to say, so no empty placeholder appears on the home page.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerritme.lib.panels import HomePanel, register_panel
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.orgs.rules import can
from leerritme.people import selectors
from leerritme.people.forms.skills import PersonSkillAddForm
from leerritme.people.models import Invitation, PersonSkill, Skill

# The checklist helps an organisation get going; after this long it is no longer "young" and the
# checklist steps aside even when a step was skipped on purpose.
GETTING_STARTED_DAYS = 90
MY_SKILLS_SHOWN = 8


def _url(name: str, request, **kwargs) -> str:
    return reverse(name, kwargs={"org": request.organisation.slug, **kwargs})


def _optional_url(name: str, request, **kwargs) -> str:
    """A URL that another part provides; empty while that part is not there yet."""
    try:
        return _url(name, request, **kwargs)
    except NoReverseMatch:
        return ""


def getting_started(request) -> dict | None:
    """For owners and L&D admins of a young organisation: the first steps, and which are done."""
    person, organisation = request.person, request.organisation
    if person is None or not can(person, "people.manage"):
        return None
    if organisation.created_at < timezone.now() - timedelta(days=GETTING_STARTED_DAYS):
        return None
    profile_url = _url("people:profile", request, uuid=person.uuid)
    steps = [
        {
            "label": _("Invite your colleagues"),
            "help": _("Send invitations by e-mail, or import a list of people."),
            "done": Invitation.objects.exists() or Person.objects.exclude(pk=person.pk).exists(),
            "url": _url("people:invitation_list", request),
        },
        {
            "label": _("Create your teams"),
            "help": _("Teams, and departments above them, learn together in their own rhythm."),
            "done": Team.objects.exists(),
            "url": _optional_url("people:admin_teams", request) or _url("people:team_list", request),
        },
        {
            "label": _("Fill the list of skills"),
            "help": _("The skills that matter in your work, so colleagues can say what they know and "
                      "what they want to learn."),
            "done": Skill.objects.exists(),
            "url": _url("people:skill_list", request),
        },
        {
            "label": _("Add your own skills"),
            "help": _("Show the way: what you can teach, and what you want to learn."),
            "done": PersonSkill.objects.filter(person=person).exists(),
            "url": f"{profile_url}#add-skill",
        },
    ]
    done = sum(1 for step in steps if step["done"])
    if done == len(steps):
        return None
    next_step = next(step for step in steps if not step["done"])
    return {"steps": steps, "done": done, "total": len(steps), "next": next_step}


def my_teams(request) -> dict | None:
    """My teams and who leads them; nothing when I am in no team."""
    person = request.person
    if person is None:
        return None
    memberships = selectors.profile_memberships(person)
    if not memberships:
        return None
    leads = selectors.team_leads_for(m.team_id for m in memberships)
    teams = [
        {"membership": m, "team": m.team, "leads": [p for p in leads.get(m.team_id, []) if p.pk != person.pk]}
        for m in memberships
    ]
    return {"teams": teams}


def my_skills(request) -> dict | None:
    """My skills with their levels; when I have none yet, an invitation with the form to add the first."""
    person = request.person
    if person is None:
        return None
    entries = list(
        PersonSkill.objects.filter(person=person).select_related("skill").order_by(
            "-can_teach", "-level", "skill__name")[: MY_SKILLS_SHOWN + 1]
    )
    profile_url = _url("people:profile", request, uuid=person.uuid)
    if entries:
        return {
            "entries": entries[:MY_SKILLS_SHOWN],
            "has_more": len(entries) > MY_SKILLS_SHOWN,
            "profile_url": profile_url,
        }
    skill_options = list(Skill.objects.order_by("name").values_list("name", flat=True)[:500])
    if not skill_options:
        # Nothing to choose from yet: the getting-started checklist asks admins to fill the list.
        return None
    return {
        "entries": [],
        "profile_url": profile_url,
        "add_form": PersonSkillAddForm(person=person, auto_id="id_panel_%s"),
        "skill_options": skill_options,
        "add_url": _url("people:my_skills", request),
    }


def colleagues_to_learn_from(request) -> dict | None:
    """For each skill I want to learn, the colleagues who can teach it (two queries in all)."""
    person = request.person
    if person is None:
        return None
    wishes = selectors.teachers_for_wishes(person, per_skill=3)
    if not wishes:
        return None
    return {
        "wishes": wishes,
        "with_teachers": sum(1 for w in wishes if w.teachers),
        "profile_url": _url("people:profile", request, uuid=person.uuid),
    }


def people_at_a_glance(request) -> dict | None:
    """For L&D admins and owners: the organisation's people, teams, invitations and skills in numbers."""
    person = request.person
    if person is None or not can(person, "people.manage"):
        return None
    active = Person.objects.active()
    in_a_team = TeamMembership.objects.filter(person=OuterRef("pk"))
    return {
        "people": active.count(),
        "teams": Team.objects.count(),
        "pending_invitations": Invitation.objects.pending().count(),
        "without_team": active.exclude(Exists(in_a_team)).count(),
        "skills": Skill.objects.count(),
        "admin_people_url": _url("people:admin_people", request),
        "invitations_url": _url("people:invitation_list", request),
        "import_url": _url("people:import", request),
        "admin_teams_url": _optional_url("people:admin_teams", request) or _url("people:team_list", request),
        "skills_url": _url("people:skill_list", request),
    }


register_panel(HomePanel("people.getting_started", "people/panels/getting_started.html", getting_started,
                         order=0, wide=True))
register_panel(HomePanel("people.my_skills", "people/panels/my_skills.html", my_skills, order=20))
register_panel(HomePanel("people.learn_from", "people/panels/learn_from.html", colleagues_to_learn_from,
                         order=25))
register_panel(HomePanel("people.my_teams", "people/panels/my_teams.html", my_teams, order=30))
register_panel(HomePanel("people.at_a_glance", "people/panels/at_a_glance.html", people_at_a_glance,
                         order=40))
