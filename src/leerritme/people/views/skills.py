"""The skills taxonomy (everyone reads it, L&D admins edit it) and the skills on one's own profile."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.rules import can, require
from leerritme.people import selectors
from leerritme.people.forms.skills import PersonSkillAddForm, PersonSkillForm, SkillForm
from leerritme.people.models import PersonSkill, Skill
from leerritme.people.services.skills import (
    person_skill_remove,
    person_skill_set,
    skill_create,
    skill_delete,
    skill_profile_count,
    skill_update,
)
from leerritme.people.views.directory import (
    PROFILE_TEMPLATE,
    own_profile_url,
    profile_context,
    wants_fragment,
)

DETAIL_LIMIT = 50


def skill_list(request, org):
    """The taxonomy grouped by category, with how many colleagues have, can teach and want to learn each."""
    require(request.person, "people.view")
    q = request.GET.get("q", "").strip()[:100]
    skills = selectors.skills_with_counts()
    if q:
        needle = q.casefold()
        skills = [s for s in skills if needle in s.name.casefold() or needle in s.category.casefold()]
    mine = {
        e.skill_id: e for e in PersonSkill.objects.filter(person=request.person).only(
            "skill_id", "level", "can_teach", "wants_to_learn")
    }
    for skill in skills:
        skill.mine = mine.get(skill.pk)
    context = {"skills": skills, "q": q, "can_manage": can(request.person, "skills.manage")}
    template = "people/skills/list.html"
    if wants_fragment(request):
        template += "#results"
    return render(request, template, context)


def skill_detail(request, org, uuid):
    """A skill: what it means, who can teach it (the one "who can teach" query) and who wants to learn it."""
    require(request.person, "people.view")
    skill = get_in_organisation(Skill.objects, uuid=uuid)
    teachers, teacher_count = _first_and_count(selectors.who_can_teach(skill))
    learners, learner_count = _first_and_count(selectors.skill_learners(skill))
    holders, holder_count = _first_and_count(selectors.skill_holders(skill))
    return render(request, "people/skills/detail.html", {
        "skill": skill,
        "teachers": teachers,
        "teacher_count": teacher_count,
        "learners": learners,
        "learner_count": learner_count,
        "holders": holders,
        "holder_count": holder_count,
        "mine": PersonSkill.objects.filter(person=request.person, skill=skill).first(),
        "limit": DETAIL_LIMIT,
    })


def _first_and_count(queryset) -> tuple[list, int]:
    """The first DETAIL_LIMIT rows, and how many there are (counted only when the page is full)."""
    shown = list(queryset[:DETAIL_LIMIT])
    return shown, (queryset.count() if len(shown) == DETAIL_LIMIT else len(shown))


def skill_create_view(request, org):
    """L&D admins add a skill to the taxonomy."""
    require(request.person, "skills.manage")
    categories = selectors.skill_categories()
    form = SkillForm(request.POST or None, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            skill = skill_create(organisation=request.organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, gettext("“%(name)s” is added to the skills.") % {"name": skill.name})
            if "add_another" in request.POST:
                return redirect("people:skill_create", org=org)
            return redirect("people:skill_list", org=org)
    return render(request, "people/skills/form.html", {"form": form, "skill": None})


def skill_edit(request, org, uuid):
    """L&D admins rename, re-categorise or describe a skill."""
    require(request.person, "skills.manage")
    skill = get_in_organisation(Skill.objects, uuid=uuid)
    initial = {"name": skill.name, "category": skill.category, "description": skill.description}
    form = SkillForm(request.POST or None, initial=initial, categories=selectors.skill_categories())
    if request.method == "POST" and form.is_valid():
        try:
            skill_update(skill=skill, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, gettext("“%(name)s” is saved.") % {"name": skill.name})
            return redirect("people:skill_detail", org=org, uuid=skill.uuid)
    return render(request, "people/skills/form.html", {
        "form": form, "skill": skill, "profile_count": skill_profile_count(skill),
    })


def skill_delete_view(request, org, uuid):
    """L&D admins delete a skill; when profiles list it, they first confirm, knowing how many."""
    require(request.person, "skills.manage")
    skill = get_in_organisation(Skill.objects, uuid=uuid)
    profile_count = skill_profile_count(skill)
    if request.method == "POST" and (profile_count == 0 or request.POST.get("confirm") == "yes"):
        name = skill.name
        removed = skill_delete(skill=skill)
        if removed:
            messages.success(request, gettext("“%(name)s” is deleted and taken off %(count)s profiles.")
                             % {"name": name, "count": removed})
        else:
            messages.success(request, gettext("“%(name)s” is deleted.") % {"name": name})
        return redirect("people:skill_list", org=org)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "people/skills/delete.html", {"skill": skill, "profile_count": profile_count})


def _skills_response(request, *, status=None, **forms):
    """After a change to one's own skills: the skills fragment for htmx, the profile page otherwise."""
    me = request.person
    context = profile_context(request, me, status=status, **forms)
    if wants_fragment(request):
        return render(request, PROFILE_TEMPLATE + "#skills", context)
    if forms:
        return render(request, PROFILE_TEMPLATE, context)
    if status:
        messages.success(request, status)
    return redirect(own_profile_url(request, "skills"))


def my_skills(request, org):
    """Add a skill from the taxonomy to one's own profile (GET leads to the profile's skills section)."""
    if request.method == "GET":
        return redirect(own_profile_url(request, "skills"))
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    me = request.person
    form = PersonSkillAddForm(request.POST, person=me)
    if not form.is_valid():
        return _skills_response(request, add_form=form)
    data = form.cleaned_data
    try:
        person_skill_set(person=me, skill=data["skill"], level=data["level"], can_teach=data["can_teach"],
                         wants_to_learn=data["wants_to_learn"], note=data["note"])
    except ValidationError as error:
        form.add_error(None, error)
        return _skills_response(request, add_form=form)
    return _skills_response(
        request, status=gettext("“%(name)s” is added to your profile.") % {"name": data["skill"].name}
    )


@require_POST
def my_skill(request, org, uuid):
    """Change or remove one skill on one's own profile (never anyone else's: it is always request.person)."""
    me = request.person
    skill = get_in_organisation(Skill.objects, uuid=uuid)
    if request.POST.get("action") == "remove":
        person_skill_remove(person=me, skill=skill)
        return _skills_response(
            request, status=gettext("“%(name)s” is taken off your profile.") % {"name": skill.name}
        )
    form = PersonSkillForm(request.POST, auto_id=f"id_skill_{skill.uuid.hex}_%s")
    if not form.is_valid():
        return _skills_response(request, entry_forms={skill.pk: form})
    data = form.cleaned_data
    person_skill_set(person=me, skill=skill, level=data["level"], can_teach=data["can_teach"],
                     wants_to_learn=data["wants_to_learn"], note=data["note"])
    return _skills_response(request, status=gettext("“%(name)s” is saved.") % {"name": skill.name})
