"""Who knows what: colleagues by skill, with what they wrote, answered and presented, and why they appear."""

from django.shortcuts import render

from leerritme.knowledge import selectors
from leerritme.knowledge.search import matching_skills
from leerritme.knowledge.selectors import _valid_uuid
from leerritme.knowledge.views.articles import fragment
from leerritme.people.models import Skill


def experts(request, org):
    skill_uuid = request.GET.get("skill") or ""
    q = (request.GET.get("q") or "").strip()[:100]
    chosen = Skill.objects.filter(uuid=skill_uuid).first() if skill_uuid and _valid_uuid(skill_uuid) else None
    skills = [chosen] if chosen else (matching_skills(q) if q else [])
    page, found = selectors.experts(skills, page=request.GET.get("page"))
    context = {"skill": chosen, "q": q, "skills": skills, "page": page, "experts": found,
               "all_skills": list(Skill.objects.order_by("name").only("uuid", "name"))}
    template = "knowledge/experts.html"
    if fragment(request):
        template += "#experts"
    return render(request, template, context)
