"""People and teams administration (writes): roles, job titles, team memberships, deactivation, teams.

Each service takes the acting person (`actor`) where the rule depends on who acts: only owners make or
unmake owners, and the last active owner can never be demoted or deactivated, so an organisation
always keeps someone who can change its settings.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.notifications.services import notify
from leerritme.orgs.models import Person, Role, Team, TeamMembership, TeamRole


def _active_owner_count(organisation_id) -> int:
    return Person.objects.filter(organisation_id=organisation_id, role=Role.OWNER, is_active=True).count()


def _check_owner_change(*, actor: Person, person: Person) -> None:
    if not actor.is_owner:
        raise ValidationError(_("Only an owner can change what an owner may do."), code="owner_only")


def _check_not_last_owner(person: Person, message: str) -> None:
    if person.is_owner and person.is_active and _active_owner_count(person.organisation_id) <= 1:
        raise ValidationError(message, code="last_owner")


@transaction.atomic
def person_update(*, actor: Person, person: Person, role: str, job_title: str) -> Person:
    """Change a person's role and job title in the organisation."""
    if role not in Role.values:
        raise ValidationError(_("Choose a valid role."), code="invalid_role")
    # Lock the owners while we count them, so two owners demoting each other at once cannot both succeed.
    list(Person.objects.select_for_update().filter(organisation_id=person.organisation_id, role=Role.OWNER))
    person.refresh_from_db(fields=["role", "is_active"])
    if role != person.role and Role.OWNER in (role, person.role):
        _check_owner_change(actor=actor, person=person)
        if role != Role.OWNER:
            _check_not_last_owner(
                person,
                _("%(name)s is the last owner of this organisation. Make someone else owner first.")
                % {"name": person.user.name or person.user.email},
            )
    person.role = role
    person.job_title = job_title.strip()
    person.save(update_fields=["role", "job_title"])
    return person


@transaction.atomic
def person_deactivate(*, actor: Person, person: Person) -> Person:
    """Stop a person's access to this organisation; their contributions stay, as "a former colleague".

    They leave their teams (so team pages list only current colleagues); their account and their
    memberships of other organisations are untouched.
    """
    list(Person.objects.select_for_update().filter(organisation_id=person.organisation_id, role=Role.OWNER))
    person.refresh_from_db(fields=["role", "is_active"])
    if not person.is_active:
        return person
    _check_not_last_owner(
        person,
        _(
            "%(name)s is the last owner of this organisation and cannot be deactivated. "
            "Make someone else owner first."
        )
        % {"name": person.user.name or person.user.email},
    )
    if person.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate yourself. Ask another administrator."), code="self")
    if person.is_owner:
        _check_owner_change(actor=actor, person=person)
    TeamMembership.objects.filter(person=person).delete()
    person.is_active = False
    person.deactivated_at = timezone.now()
    person.save(update_fields=["is_active", "deactivated_at"])
    return person


@transaction.atomic
def person_reactivate(*, actor: Person, person: Person) -> Person:
    """Give a deactivated person access again, with the role they had."""
    person.refresh_from_db(fields=["role", "is_active"])
    if person.is_active:
        return person
    if person.is_owner:
        _check_owner_change(actor=actor, person=person)
    from leerritme.people.models import ErasureRecord

    if ErasureRecord.objects.filter(person=person).exists():
        raise ValidationError(
            _("This person's personal data was erased; invite them again as a new colleague instead."),
            code="erased",
        )
    person.is_active = True
    person.deactivated_at = None
    person.save(update_fields=["is_active", "deactivated_at"])
    return person


def _team_url(team: Team) -> str:
    organisation = team.organisation
    return reverse("people:team_detail", kwargs={"org": organisation.slug, "uuid": team.uuid})


@transaction.atomic
def team_membership_set(
    *, actor: Person | None, team: Team, person: Person, role: str, send_notification: bool = True
) -> TeamMembership:
    """Put a person in a team with this role (or change their role there); tells them when they are new."""
    if role not in TeamRole.values:
        raise ValidationError(_("Choose a valid role in the team."), code="invalid_team_role")
    if not person.is_active:
        raise ValidationError(
            _("A deactivated person cannot join a team. Reactivate them first."), code="inactive"
        )
    if team.organisation_id != person.organisation_id:
        raise ValidationError(_("This team belongs to another organisation."), code="other_organisation")
    membership = TeamMembership.objects.filter(team=team, person=person).first()
    created = membership is None
    if created:
        membership = TeamMembership.objects.create(
            organisation_id=team.organisation_id, team=team, person=person, role=role
        )
    elif membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    else:
        return membership
    becomes_lead = role == TeamRole.LEAD
    if send_notification and (created or becomes_lead) and (actor is None or actor.pk != person.pk):
        notify(
            person,
            "people.added_to_team",
            {
                "team_name": team.name,
                "is_lead": becomes_lead,
                "added_by_name": actor.display_name if actor else "",
            },
            url=_team_url(team),
        )
    return membership


def team_membership_remove(*, team: Team, person: Person) -> bool:
    """Take a person out of a team; answers whether they were in it."""
    deleted, _details = TeamMembership.objects.filter(team=team, person=person).delete()
    return bool(deleted)


def _check_parent(team: Team | None, parent: Team | None) -> None:
    if parent is None:
        return
    if team is not None and team.pk is not None:
        if parent.pk == team.pk:
            raise ValidationError(_("A team cannot be part of itself."), code="own_parent")
        if team.pk in {t.pk for t in parent.ancestors()}:
            raise ValidationError(
                _("%(parent)s is part of %(team)s, so %(team)s cannot be part of %(parent)s.")
                % {"parent": parent.name, "team": team.name},
                code="cycle",
            )


def _check_name(organisation_id, name: str, team: Team | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Give the team a name."), code="name_required")
    others = Team.objects.filter(organisation_id=organisation_id, name__iexact=name)
    if team is not None and team.pk is not None:
        others = others.exclude(pk=team.pk)
    if others.exists():
        raise ValidationError(
            _("There is already a team called %(name)s.") % {"name": name}, code="duplicate"
        )
    return name


@transaction.atomic
def team_create(*, organisation, name: str, parent: Team | None = None, description: str = "") -> Team:
    """A new team or department."""
    name = _check_name(organisation.pk, name)
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ValidationError(_("This team belongs to another organisation."), code="other_organisation")
    try:
        with transaction.atomic():
            return Team.objects.create(
                organisation=organisation, name=name, parent=parent, description=description.strip()
            )
    except IntegrityError:
        raise ValidationError(
            _("There is already a team called %(name)s.") % {"name": name}, code="duplicate"
        ) from None


@transaction.atomic
def team_update(*, team: Team, name: str, parent: Team | None, description: str) -> Team:
    """Rename a team, move it under another department, or change its description."""
    name = _check_name(team.organisation_id, name, team)
    if parent is not None and parent.organisation_id != team.organisation_id:
        raise ValidationError(_("This team belongs to another organisation."), code="other_organisation")
    _check_parent(team, parent)
    team.name = name
    team.parent = parent
    team.description = description.strip()
    try:
        with transaction.atomic():
            team.save(update_fields=["name", "parent", "description"])
    except IntegrityError:
        raise ValidationError(
            _("There is already a team called %(name)s.") % {"name": name}, code="duplicate"
        ) from None
    return team


@transaction.atomic
def team_delete(*, team: Team) -> list[Team]:
    """Delete a team and its memberships; the teams under it stay, as top-level teams. Returns those."""
    children = list(team.children.all())
    team.delete()
    return children
