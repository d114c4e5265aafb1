"""Team learning plans: the writes. The team lead (or L&D) composes the plan of the year from the members' wishes.

A plan belongs to one year; a new year starts from last year's ambition and focus skills, and last year's plan
stays as it was (read-only), as a development plan does.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.growth.models import FocusPriority, TeamPlan, TeamPlanSkill
from leerritme.orgs.models import Person, Team
from leerritme.orgs.rules import can
from leerritme.people.models import Skill

MAX_TARGET = 1000


def _may_edit(by: Person, team: Team) -> None:
    if not can(by, "growth.team_plan.edit", team):
        raise PermissionDenied


def _this_year(plan: TeamPlan) -> None:
    if plan.year < timezone.localdate().year:
        raise ValidationError(_("A plan of an earlier year stays as it was; change this year's plan."))


def _clean_focus(*, priority: int, target: int | None) -> None:
    if priority not in FocusPriority.values:
        raise ValidationError({"priority": _("Choose a priority.")})
    if target is not None and not 1 <= target <= MAX_TARGET:
        raise ValidationError({"target": _("The target is a number of people, from 1 to 1000.")})


@transaction.atomic
def team_plan_start(*, team: Team, year: int, by: Person) -> TeamPlan:
    """The team's plan for the year; a new one starts from the latest earlier plan's ambition and focus skills."""
    _may_edit(by, team)
    if year < timezone.localdate().year:
        raise ValidationError(_("A plan of an earlier year stays as it was; change this year's plan."))
    plan, created = TeamPlan.objects.get_or_create(
        team=team, year=year, defaults={"organisation_id": team.organisation_id, "created_by": by})
    if created:
        previous = TeamPlan.objects.filter(team=team, year__lt=year).order_by("-year").first()
        if previous is not None:
            plan.ambition = previous.ambition
            plan.save(update_fields=["ambition"])
            TeamPlanSkill.objects.bulk_create([
                TeamPlanSkill(organisation_id=team.organisation_id, plan=plan, skill_id=focus.skill_id, why=focus.why,
                              priority=focus.priority, target=focus.target)
                for focus in previous.focus.all()])
    return plan


def team_plan_update(*, plan: TeamPlan, by: Person, ambition: str) -> TeamPlan:
    _may_edit(by, plan.team)
    _this_year(plan)
    plan.ambition, plan.updated_at = (ambition or "").strip(), timezone.now()
    plan.save(update_fields=["ambition", "updated_at"])
    return plan


def team_plan_skill_add(*, plan: TeamPlan, by: Person, skill: Skill, why: str = "",
                        priority: int = FocusPriority.MEDIUM, target: int | None = None) -> TeamPlanSkill:
    """Adds a focus skill; the same skill twice in one plan is refused with a message, nothing stored."""
    _may_edit(by, plan.team)
    _this_year(plan)
    if skill.organisation_id != plan.organisation_id:
        raise ValidationError({"skill": _("Choose a skill of your organisation.")})
    _clean_focus(priority=priority, target=target)
    try:
        with transaction.atomic():
            focus = TeamPlanSkill.objects.create(organisation_id=plan.organisation_id, plan=plan, skill=skill,
                                                 why=(why or "").strip(), priority=priority, target=target)
    except IntegrityError:
        raise ValidationError({"skill": _("%(skill)s is already in the plan.") % {"skill": skill.name}}) from None
    TeamPlan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())
    return focus


def team_plan_skill_update(*, focus: TeamPlanSkill, by: Person, why: str, priority: int,
                           target: int | None) -> TeamPlanSkill:
    _may_edit(by, focus.plan.team)
    _this_year(focus.plan)
    _clean_focus(priority=priority, target=target)
    focus.why, focus.priority, focus.target = (why or "").strip(), priority, target
    focus.save(update_fields=["why", "priority", "target"])
    return focus


def team_plan_skill_remove(*, focus: TeamPlanSkill, by: Person) -> None:
    _may_edit(by, focus.plan.team)
    _this_year(focus.plan)
    focus.delete()
