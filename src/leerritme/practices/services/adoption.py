"""Writes about who practises what: adopting, proposing, answering a proposal, stopping; and the vision.

A team lead adopts a practice for their team (owner and purpose); an L&D admin proposes practices to
teams, whose leads accept (then it is adopted) or decline with a reason. When the practice's part
runs it (see `practices.parts`), adopting starts the series there; otherwise the team sets a rhythm.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.notifications.services import notify
from leerritme.orgs.models import Organisation, Person, Team, TeamMembership
from leerritme.people.selectors import team_leads_for
from leerritme.practices.models import (
    Adoption,
    AdoptionStatus,
    Occurrence,
    OccurrenceStatus,
    Practice,
    WayOfLearning,
)
from leerritme.practices.parts import part_link
from leerritme.practices.selectors import OPEN, rhythm_of

PROPOSED_KIND = "practices.proposed"
ANSWERED_KIND = "practices.proposal_answered"
MAX_PURPOSE = 2000
MAX_NOTE = 2000
MAX_VISION = 10000


@dataclass(frozen=True)
class Adopted:
    """An adoption that became active, and where its part sent the lead next ("" when no part runs it)."""

    adoption: Adoption
    part_url: str = ""


@dataclass(frozen=True)
class Proposed:
    """The proposals made, and the teams that already practise or were already offered the practice."""

    adoptions: list[Adoption]
    skipped: list[Team]
    teams_without_lead: list[Team]


def _check_owner(team: Team, owner: Person | None) -> None:
    if owner is None:
        raise ValidationError({"owner": [_("Choose who owns this practice in the team.")]})
    if not TeamMembership.objects.filter(team=team, person=owner, person__is_active=True).exists():
        raise ValidationError({"owner": [_("The owner must be a member of the team.")]})


def _clean_text(value: str, *, limit: int, field: str, required: bool = False, message: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: [message]})
    if len(value) > limit:
        raise ValidationError({field: [_("Keep it under %(limit)s characters.") % {"limit": limit}]})
    return value


def _check_offered(practice: Practice, team: Team) -> None:
    if practice.organisation_id != team.organisation_id:
        raise ValidationError(_("This practice is not in the team's organisation."))
    if not practice.is_active:
        raise ValidationError(_("This practice is hidden from the catalogue; it cannot be adopted now."))


def _start_in_part(adoption: Adoption) -> str:
    link = part_link(adoption.practice.part)
    if link is None:
        return ""
    return link.start(adoption) or ""


@transaction.atomic
def adoption_create(*, team: Team, practice: Practice, owner: Person | None, purpose: str,
                    adopted_by: Person) -> Adopted:
    """The team takes up the practice. A proposal of it to the team is accepted rather than duplicated."""
    _check_offered(practice, team)
    purpose = _clean_text(purpose, limit=MAX_PURPOSE, field="purpose", required=True,
                          message=_("Say in a sentence why the team does this."))
    _check_owner(team, owner)
    existing = Adoption.objects.select_for_update().filter(team=team, practice=practice, status__in=OPEN).first()
    if existing is not None and existing.status == AdoptionStatus.ACTIVE:
        raise ValidationError(_("%(team)s already practises this.") % {"team": team.name})
    if existing is not None:
        return proposal_accept(adoption=existing, owner=owner, purpose=purpose, accepted_by=adopted_by)
    now = timezone.now()
    adoption = Adoption.objects.create(
        organisation_id=team.organisation_id, team=team, practice=practice, status=AdoptionStatus.ACTIVE,
        owner=owner, purpose=purpose, created_at=now, adopted_at=now,
    )
    return Adopted(adoption=adoption, part_url=_start_in_part(adoption))


@transaction.atomic
def adoption_update(*, adoption: Adoption, owner: Person | None, purpose: str) -> Adoption:
    """Change who owns an active practice in the team, and why the team does it."""
    if adoption.status != AdoptionStatus.ACTIVE:
        raise ValidationError(_("Only a practice the team does now can be changed."))
    adoption.purpose = _clean_text(purpose, limit=MAX_PURPOSE, field="purpose", required=True,
                                   message=_("Say in a sentence why the team does this."))
    _check_owner(adoption.team, owner)
    adoption.owner = owner
    adoption.save(update_fields=["owner", "purpose"])
    return adoption


@transaction.atomic
def adoption_stop(*, adoption: Adoption, stopped_by: Person) -> Adoption:
    """The team stops the practice. Its history stays (held occurrences, who owned it); planned
    occurrences from now on are cancelled, so calendars show them as cancelled; its part ends its series."""
    if adoption.status != AdoptionStatus.ACTIVE:
        raise ValidationError(_("This practice is not running in the team."))
    now = timezone.now()
    adoption.status = AdoptionStatus.STOPPED
    adoption.ended_at = now
    adoption.save(update_fields=["status", "ended_at"])
    rhythm = rhythm_of(adoption)
    if rhythm is not None:
        _cancel_future(rhythm, now)
    link = part_link(adoption.practice.part)
    if link is not None and link.stop is not None:
        link.stop(adoption)
    return adoption


def _cancel_future(rhythm, now) -> None:
    upcoming = list(Occurrence.objects.filter(rhythm=rhythm, start__gte=now, status=OccurrenceStatus.PLANNED))
    for occurrence in upcoming:
        occurrence.status = OccurrenceStatus.CANCELLED
        occurrence.sequence += 1
        occurrence.updated_at = now
    if upcoming:
        Occurrence.objects.bulk_update(upcoming, ["status", "sequence", "updated_at"])
    rhythm.sequence += 1
    rhythm.updated_at = now
    rhythm.save(update_fields=["sequence", "updated_at"])


@transaction.atomic
def practice_propose(*, practice: Practice, teams: list[Team], proposed_by: Person, note: str) -> Proposed:
    """Propose the practice to teams; their leads are notified. Teams that already practise it or
    already have the proposal are skipped (and reported), so proposing twice is harmless."""
    if not teams:
        raise ValidationError({"teams": [_("Choose at least one team.")]})
    if not practice.is_active:
        raise ValidationError(_("This practice is hidden from the catalogue; show it before proposing it."))
    note = _clean_text(note, limit=MAX_NOTE, field="note")
    taken = set(
        Adoption.objects.filter(practice=practice, team__in=teams, status__in=OPEN).values_list("team_id", flat=True)
    )
    fresh = [team for team in teams if team.pk not in taken]
    now = timezone.now()
    adoptions = Adoption.objects.bulk_create([
        Adoption(organisation_id=practice.organisation_id, team=team, practice=practice,
                 status=AdoptionStatus.PROPOSED, proposed_by=proposed_by, proposal_note=note, created_at=now)
        for team in fresh
    ])
    slug = practice.organisation.slug
    leads = team_leads_for(a.team_id for a in adoptions)
    for adoption in adoptions:
        for lead in leads.get(adoption.team_id, []):
            notify(lead, PROPOSED_KIND, {
                "practice": practice, "team_name": adoption.team.name,
                "proposer_name": proposed_by.display_name, "note": note,
            }, url=_proposal_url(adoption, slug))
    return Proposed(
        adoptions=adoptions,
        skipped=[team for team in teams if team.pk in taken],
        teams_without_lead=[a.team for a in adoptions if not leads.get(a.team_id)],
    )


def _proposal_url(adoption: Adoption, slug: str) -> str:
    return reverse("practices:proposal", kwargs={"org": slug, "uuid": adoption.uuid})


def _tell_proposer(adoption: Adoption, *, answered_by: Person, accepted: bool, reason: str = "") -> None:
    proposer = adoption.proposed_by
    if proposer is None or proposer.pk == answered_by.pk:
        return
    notify(proposer, ANSWERED_KIND, {
        "practice": adoption.practice, "team_name": adoption.team.name, "accepted": accepted,
        "reason": reason, "lead_name": answered_by.display_name,
    }, url=reverse("practices:detail", kwargs={"org": adoption.practice.organisation.slug,
                                                "uuid": adoption.practice.uuid}))


@transaction.atomic
def proposal_accept(*, adoption: Adoption, owner: Person | None, purpose: str, accepted_by: Person) -> Adopted:
    """The team lead accepts a proposal: the practice becomes active with an owner and a purpose."""
    if adoption.status != AdoptionStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been answered."))
    _check_offered(adoption.practice, adoption.team)
    adoption.purpose = _clean_text(purpose, limit=MAX_PURPOSE, field="purpose", required=True,
                                   message=_("Say in a sentence why the team does this."))
    _check_owner(adoption.team, owner)
    adoption.owner = owner
    adoption.status = AdoptionStatus.ACTIVE
    adoption.adopted_at = timezone.now()
    adoption.save(update_fields=["owner", "purpose", "status", "adopted_at"])
    _tell_proposer(adoption, answered_by=accepted_by, accepted=True)
    return Adopted(adoption=adoption, part_url=_start_in_part(adoption))


@transaction.atomic
def proposal_decline(*, adoption: Adoption, reason: str, declined_by: Person) -> Adoption:
    """The team lead declines a proposal with a reason, which the proposer reads."""
    if adoption.status != AdoptionStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been answered."))
    adoption.answer_note = _clean_text(reason, limit=MAX_PURPOSE, field="reason", required=True,
                                       message=_("Say in a sentence why the team does not take this up."))
    adoption.status = AdoptionStatus.DECLINED
    adoption.ended_at = timezone.now()
    adoption.save(update_fields=["answer_note", "status", "ended_at"])
    _tell_proposer(adoption, answered_by=declined_by, accepted=False, reason=adoption.answer_note)
    return adoption


@transaction.atomic
def proposal_withdraw(*, adoption: Adoption) -> None:
    """An L&D admin takes back a proposal nobody answered yet (it leaves no history: nothing happened)."""
    if adoption.status != AdoptionStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been answered."))
    adoption.delete()


@transaction.atomic
def way_of_learning_update(*, organisation: Organisation, vision: str, updated_by: Person) -> WayOfLearning:
    """Write the organisation's learning vision, the heading of its way-of-learning page."""
    vision = _clean_text(vision, limit=MAX_VISION, field="vision")
    # Normalise line ends and squeeze runs of blank lines: the page shows paragraphs, nothing else.
    paragraphs = [p.strip() for p in vision.replace("\r\n", "\n").split("\n\n") if p.strip()]
    way, _created = WayOfLearning.objects.select_for_update().get_or_create(
        organisation=organisation, defaults={"vision": ""})
    way.vision = "\n\n".join(paragraphs)
    way.updated_by = updated_by
    way.updated_at = timezone.now()
    way.save(update_fields=["vision", "updated_by", "updated_at"])
    return way
