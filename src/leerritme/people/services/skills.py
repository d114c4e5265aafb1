"""Writes to the skills taxonomy and to the skills on people's profiles."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import learning_event_record
from leerritme.orgs.models import Organisation, Person, TeamMembership
from leerritme.people.models import PersonSkill, Skill, SkillLevel


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(gettext("Give the skill a name."), code="required")
    return name


def _ensure_unique_name(*, organisation_id: int, name: str, exclude_pk: int | None = None) -> None:
    clash = Skill.objects.filter(organisation_id=organisation_id, name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    existing = clash.first()
    if existing is not None:
        raise ValidationError(
            gettext("There is already a skill named “%(name)s”. Choose another name or edit that skill.")
            % {"name": existing.name},
            code="unique",
        )


def skill_create(
    *, organisation: Organisation, name: str, category: str = "", description: str = ""
) -> Skill:
    """Add a skill to the organisation's taxonomy; names are unique per organisation, ignoring case."""
    name = _clean_name(name)
    _ensure_unique_name(organisation_id=organisation.pk, name=name)
    try:
        with transaction.atomic():
            return Skill.objects.create(
                organisation=organisation, name=name, category=" ".join(category.split()),
                description=description.strip(),
            )
    except IntegrityError:
        # Someone added the same name at the same moment.
        _ensure_unique_name(organisation_id=organisation.pk, name=name)
        raise


def skill_update(*, skill: Skill, name: str, category: str = "", description: str = "") -> Skill:
    """Rename or describe a skill; the profiles that list it keep it."""
    name = _clean_name(name)
    _ensure_unique_name(organisation_id=skill.organisation_id, name=name, exclude_pk=skill.pk)
    skill.name = name
    skill.category = " ".join(category.split())
    skill.description = description.strip()
    try:
        with transaction.atomic():
            skill.save(update_fields=["name", "category", "description"])
    except IntegrityError:
        _ensure_unique_name(organisation_id=skill.organisation_id, name=name, exclude_pk=skill.pk)
        raise
    return skill


@transaction.atomic
def skill_delete(*, skill: Skill) -> int:
    """Remove a skill from the taxonomy and from every profile; returns how many profiles listed it."""
    in_use = PersonSkill.objects.filter(skill=skill).count()
    skill.delete()
    return in_use


def skill_profile_count(skill: Skill) -> int:
    """How many profiles list a skill (asked before deleting it)."""
    return PersonSkill.objects.filter(skill=skill).count()


def _validate_entry(*, level: int | None, can_teach: bool, wants_to_learn: bool) -> None:
    if level is not None and level not in SkillLevel.values:
        raise ValidationError(gettext("Choose a level from beginner (1) to expert (4)."), code="invalid")
    if level is None and not can_teach and not wants_to_learn:
        raise ValidationError(
            gettext("Give your level, or mark that you can teach it or want to learn it."), code="empty"
        )


@transaction.atomic
def person_skill_set(
    *,
    person: Person,
    skill: Skill,
    level: int | None,
    can_teach: bool = False,
    wants_to_learn: bool = False,
    note: str = "",
) -> PersonSkill:
    """Put a skill on a person's profile, or change it there.

    Raising the level of a skill already on the profile records a "skill grown" learning event,
    visible to the organisation (profiles are visible to every colleague anyway) and linked to the
    person's first team, so it shows on the team's timeline. Adding a skill for the first time is
    stating where one stands, not growth, so it records nothing.
    """
    if skill.organisation_id != person.organisation_id:
        raise ValidationError(gettext("This skill belongs to another organisation."), code="invalid")
    _validate_entry(level=level, can_teach=can_teach, wants_to_learn=wants_to_learn)
    entry = PersonSkill.objects.select_for_update().filter(person=person, skill=skill).first()
    previous_level = entry.level if entry is not None else None
    if entry is None:
        entry = PersonSkill(organisation_id=person.organisation_id, person=person, skill=skill)
    entry.level = level
    entry.can_teach = can_teach
    entry.wants_to_learn = wants_to_learn
    entry.note = note.strip()[:300]
    entry.updated_at = timezone.now()
    entry.save()
    if previous_level is not None and level is not None and level > previous_level:
        _record_growth(person=person, entry=entry, previous_level=previous_level)
    return entry


def _record_growth(*, person: Person, entry: PersonSkill, previous_level: int) -> None:
    memberships = TeamMembership.objects.filter(person=person).select_related("team")
    first_team = memberships.order_by("joined_at", "pk").first()
    # The title is stored once, so it is written in the organisation's language, which colleagues share.
    with translation.override(person.organisation.default_language):
        title = gettext("%(skill)s: from %(old)s to %(new)s") % {
            "skill": entry.skill.name,
            "old": SkillLevel(previous_level).label,
            "new": SkillLevel(entry.level).label,
        }
    learning_event_record(
        person=person,
        kind=LearningKind.SKILL_GROWN,
        title=title,
        visibility=Visibility.ORGANISATION,
        team=first_team.team if first_team else None,
        obj=entry.skill,
        data={"skill": str(entry.skill.uuid), "from_level": previous_level, "to_level": entry.level},
    )


@transaction.atomic
def person_skill_remove(*, person: Person, skill: Skill) -> bool:
    """Take a skill off a person's profile; False when it was not there."""
    deleted, _ = PersonSkill.objects.filter(person=person, skill=skill).delete()
    return bool(deleted)
