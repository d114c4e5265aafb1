"""Giving and hiding kudos, congratulating celebrations.

A kudos records KUDOS_RECEIVED for each recipient (visible to the team or the organisation, as the giver
chose), so it shows in the team and organisation timelines; a recipient who hides it withdraws their event,
so it is gone from every timeline, wall and panel.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import learning_event_record, learning_events_remove_for
from leerritme.notifications.services import notify
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.people.models import Skill
from leerritme.recognition.models import Celebration, Congratulation, Kudos, KudosRecipient, KudosVisibility

MAX_RECIPIENTS = 20


def _team_for(recipient: Person, giver: Person, team: Team | None) -> Team | None:
    """The team that sees a team-visible kudos for this recipient: the chosen team if they are in it, else a
    team they share with the giver, else their own first team."""
    teams = list(TeamMembership.objects.filter(person=recipient).select_related("team").order_by("team__name"))
    if team is not None and any(m.team_id == team.pk for m in teams):
        return team
    giver_teams = set(TeamMembership.objects.filter(person=giver).values_list("team_id", flat=True))
    for membership in teams:
        if membership.team_id in giver_teams:
            return membership.team
    return teams[0].team if teams else None


@transaction.atomic
def kudos_give(*, giver: Person, recipients: list[Person], message: str, skill: Skill | None = None,
               value: str = "", visibility: str = KudosVisibility.TEAM, team: Team | None = None,
               when=None) -> Kudos:
    """Give kudos for a learning effort; every recipient is notified and gets a KUDOS_RECEIVED event."""
    message = (message or "").strip()
    value = (value or "").strip()
    errors = {}
    people = {p.pk: p for p in recipients}
    people.pop(giver.pk, None)
    if not people:
        errors["recipients"] = _("Choose at least one colleague (not yourself).")
    elif len(people) > MAX_RECIPIENTS:
        errors["recipients"] = _("Kudos go to at most %(n)s colleagues at once.") % {"n": MAX_RECIPIENTS}
    elif any(p.organisation_id != giver.organisation_id or not p.is_active for p in people.values()):
        errors["recipients"] = _("Kudos can only go to active colleagues.")
    if not message:
        errors["message"] = _("Write what you appreciate about their learning.")
    elif len(message) > 1000:
        errors["message"] = _("Keep it under 1000 characters.")
    if visibility not in KudosVisibility.values:
        errors["visibility"] = _("Choose who may see it.")
    if skill is not None and skill.organisation_id != giver.organisation_id:
        errors["skill"] = _("Choose a skill of this organisation.")
    if team is not None and team.organisation_id != giver.organisation_id:
        errors["team"] = _("Choose a team of this organisation.")
    if errors:
        raise ValidationError(errors)
    teams = {}
    if visibility == KudosVisibility.TEAM:
        for person in people.values():
            teams[person.pk] = _team_for(person, giver, team)
        without = [p.display_name for p in people.values() if teams[p.pk] is None]
        if without:
            raise ValidationError({"visibility": _(
                "%(names)s is not in a team yet; share this kudos with everyone instead."
            ) % {"names": ", ".join(without)}})
    when = when or timezone.now()
    kudos = Kudos.objects.create(
        organisation_id=giver.organisation_id, giver=giver, message=message, skill=skill, value=value[:100],
        visibility=visibility, created_at=when,
        team=(team or next(iter(teams.values()), None)) if visibility == KudosVisibility.TEAM else None,
    )
    about = skill.name if skill else value
    url = reverse("recognition:kudos", kwargs={"org": giver.organisation.slug, "uuid": kudos.uuid})
    for person in sorted(people.values(), key=lambda p: p.pk):
        row = KudosRecipient.objects.create(organisation_id=giver.organisation_id, kudos=kudos, person=person)
        title = (_("Kudos from %(name)s for %(about)s") % {"name": giver.display_name, "about": about} if about
                 else _("Kudos from %(name)s") % {"name": giver.display_name})
        learning_event_record(
            person=person, kind=LearningKind.KUDOS_RECEIVED, title=title, obj=row, occurred_at=when,
            visibility=Visibility.TEAM if visibility == KudosVisibility.TEAM else Visibility.ORGANISATION,
            team=teams.get(person.pk), data={"kudos": str(kudos.uuid), "from": giver.pk},
        )
        notify(person, "recognition.kudos", {"kudos": kudos, "giver": giver}, url=url)
    if visibility == KudosVisibility.ORGANISATION:
        from leerritme.recognition.webhooks import enqueue_kudos_post

        enqueue_kudos_post(kudos)
    return kudos


@transaction.atomic
def kudos_hide(*, kudos: Kudos, person: Person) -> KudosRecipient:
    """The recipient hides a kudos: it disappears from every wall, timeline and panel."""
    row = KudosRecipient.objects.select_for_update().filter(kudos=kudos, person=person).first()
    if row is None:
        raise ValidationError(_("Only the person who received this kudos can hide it."))
    if row.hidden_at is None:
        row.hidden_at = timezone.now()
        row.save(update_fields=["hidden_at"])
        learning_events_remove_for(row)
    return row


@transaction.atomic
def celebration_hide(*, celebration: Celebration, person: Person) -> Celebration:
    """The person hides their own card: nobody sees it anywhere any more."""
    if celebration.person_id != person.pk:
        raise ValidationError(_("Only the person it celebrates can hide this card."))
    if celebration.hidden_at is None:
        celebration.hidden_at = timezone.now()
        celebration.save(update_fields=["hidden_at"])
        Congratulation.objects.filter(celebration=celebration).delete()
    return celebration


@transaction.atomic
def celebration_congratulate(*, celebration: Celebration, person: Person) -> bool:
    """Say "well done" (once); returns whether it was new. The person is told, at most once per card."""
    if celebration.hidden_at is not None:
        raise ValidationError(_("This card is no longer shown."))
    _row, created = Congratulation.objects.get_or_create(
        celebration=celebration, person=person, defaults={"organisation_id": celebration.organisation_id})
    if created and person.pk != celebration.person_id:
        notify(celebration.person, "recognition.congratulated", {"celebration": celebration, "by": person},
               url=reverse("recognition:mine", kwargs={"org": celebration.organisation.slug}),
               dedupe_key=f"congratulated:{celebration.uuid}")
    return created
