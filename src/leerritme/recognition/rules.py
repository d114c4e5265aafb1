"""Who may do what in recognition.

Everyone gives kudos and congratulates; only the person concerned hides a kudos, card or badge of theirs.
L&D defines badges, sets up the chat channel and revokes awards; L&D and team leads (for their team's members)
award badges by hand; L&D and team leads (for their team) set up challenges.
"""

from leerritme.orgs.models import Person, Role, Team, TeamMembership, TeamRole
from leerritme.orgs.rules import rule


def is_ld(person) -> bool:
    return person.role in (Role.LD_ADMIN, Role.OWNER)


def leads_any_team(person) -> bool:
    return TeamMembership.objects.filter(person=person, role=TeamRole.LEAD).exists()


@rule("recognition.manage")
def _manage(person, obj=None):
    """L&D admins and owners define badges, revoke awards and set up the chat channel and badge issuer."""
    return is_ld(person)


@rule("recognition.award")
def _award(person, recipient=None):
    """L&D awards any badge by hand; a team lead awards to members of a team they lead (never to themselves)."""
    if isinstance(recipient, Person):
        if recipient.pk == person.pk or recipient.organisation_id != person.organisation_id:
            return False
        if is_ld(person):
            return True
        led = TeamMembership.objects.filter(person=person, role=TeamRole.LEAD).values("team_id")
        return TeamMembership.objects.filter(person=recipient, team_id__in=led).exists()
    return is_ld(person) or leads_any_team(person)


@rule("recognition.challenge.create")
def _challenge_create(person, team=None):
    """L&D sets up challenges for anyone; a team lead for a team they lead."""
    if is_ld(person):
        return True
    if isinstance(team, Team):
        return TeamMembership.objects.filter(person=person, team=team, role=TeamRole.LEAD).exists()
    return leads_any_team(person)


@rule("recognition.challenge.edit")
def _challenge_edit(person, challenge=None):
    """Whoever set a challenge up, and L&D, change it."""
    if challenge is None:
        return False
    return is_ld(person) or challenge.created_by_id == person.pk
