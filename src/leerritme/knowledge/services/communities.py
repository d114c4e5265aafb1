"""Communities of practice: a purpose, moderators and members; people join and leave, moderators invite."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.knowledge.kinds import COMMUNITY_INVITED
from leerritme.knowledge.models import Community, CommunityInvitation, CommunityMembership, CommunityRole
from leerritme.knowledge.services.indexing import community_reindex
from leerritme.notifications.services import notify
from leerritme.orgs.models import Person

MAX_PURPOSE = 5000


def _clean(name: str, purpose: str) -> tuple[str, str]:
    name = " ".join((name or "").split())
    purpose = (purpose or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the community a name.")
    if not purpose:
        errors["purpose"] = _("Say why the community exists.")
    elif len(purpose) > MAX_PURPOSE:
        errors["purpose"] = _("Keep the purpose under %(n)s characters.") % {"n": MAX_PURPOSE}
    if errors:
        raise ValidationError(errors)
    return name[:150], purpose


@transaction.atomic
def community_create(*, creator: Person, name: str, purpose: str) -> Community:
    """A new community; whoever starts it is its first moderator."""
    name, purpose = _clean(name, purpose)
    if Community.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a community with this name.")})
    community = Community.objects.create(organisation_id=creator.organisation_id, name=name, purpose=purpose,
                                         created_by=creator)
    CommunityMembership.objects.create(organisation_id=creator.organisation_id, community=community, person=creator,
                                       role=CommunityRole.MODERATOR)
    community_reindex(community)
    return community


@transaction.atomic
def community_update(*, community: Community, by: Person, name: str, purpose: str) -> Community:
    name, purpose = _clean(name, purpose)
    if Community.objects.filter(name__iexact=name).exclude(pk=community.pk).exists():
        raise ValidationError({"name": _("There is already a community with this name.")})
    community.name, community.purpose = name, purpose
    community.save(update_fields=["name", "purpose"])
    community_reindex(community)
    return community


@transaction.atomic
def community_join(*, community: Community, person: Person) -> CommunityMembership:
    membership = CommunityMembership.objects.filter(community=community, person=person).first()
    if membership is None:
        try:
            with transaction.atomic():
                membership = CommunityMembership.objects.create(organisation_id=community.organisation_id,
                                                                community=community, person=person)
        except IntegrityError:  # joined a moment ago in another tab
            membership = CommunityMembership.objects.get(community=community, person=person)
    CommunityInvitation.objects.filter(community=community, person=person, answered_at__isnull=True).update(
        answered_at=timezone.now(), accepted=True)
    return membership


@transaction.atomic
def community_leave(*, community: Community, person: Person) -> None:
    """Leave; the last moderator of a community with other members first hands over."""
    membership = CommunityMembership.objects.select_for_update().filter(community=community, person=person).first()
    if membership is None:
        return
    if membership.role == CommunityRole.MODERATOR:
        others = community.memberships.exclude(person=person)
        if others.exists() and not others.filter(role=CommunityRole.MODERATOR).exists():
            raise ValidationError(_("You are the only moderator: make another member moderator before you leave."))
    membership.delete()


@transaction.atomic
def community_set_moderator(*, community: Community, person: Person, moderator: bool, by: Person) -> None:
    membership = CommunityMembership.objects.filter(community=community, person=person).first()
    if membership is None:
        raise ValidationError(_("Only members can be moderators."))
    if not moderator and not community.memberships.filter(role=CommunityRole.MODERATOR).exclude(
            person=person).exists():
        raise ValidationError(_("A community keeps at least one moderator."))
    membership.role = CommunityRole.MODERATOR if moderator else CommunityRole.MEMBER
    membership.save(update_fields=["role"])


@transaction.atomic
def community_invite(*, community: Community, by: Person, people: list[Person]) -> list[CommunityInvitation]:
    """Invite colleagues (members and people with an open invitation are skipped); each hears of it."""
    members = set(community.memberships.values_list("person_id", flat=True))
    open_ = set(community.invitations.filter(answered_at__isnull=True).values_list("person_id", flat=True))
    url = reverse("knowledge:community", kwargs={"org": community.organisation.slug, "uuid": community.uuid})
    made = []
    for person in dict.fromkeys(people):
        if person.pk in members or person.pk in open_ or not person.is_active:
            continue
        invitation = CommunityInvitation.objects.create(organisation_id=community.organisation_id,
                                                        community=community, person=person, invited_by=by)
        notify(person, COMMUNITY_INVITED, {"community": community, "inviter_name": by.display_name}, url=url,
               dedupe_key=f"community-invitation:{invitation.uuid}")
        made.append(invitation)
    return made


@transaction.atomic
def community_invitation_answer(*, invitation: CommunityInvitation, person: Person, accept: bool) -> None:
    if invitation.person_id != person.pk or invitation.answered_at is not None:
        raise ValidationError(_("This invitation is not open."))
    if accept:
        community_join(community=invitation.community, person=person)
    else:
        invitation.answered_at, invitation.accepted = timezone.now(), False
        invitation.save(update_fields=["answered_at", "accepted"])
