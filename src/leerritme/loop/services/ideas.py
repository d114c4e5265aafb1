"""The team's improvement box (kaizen): ideas, optionally anonymous, votes, and the lead's decision with a reason."""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import learning_event_record, learning_events_remove_for
from leerritme.loop.models import Idea, IdeaStatus, IdeaVote
from leerritme.loop.services.common import clean_text, clean_title, raise_if, require
from leerritme.notifications.services import notify
from leerritme.orgs.models import Person, Team

OPEN_IDEA = (IdeaStatus.SUBMITTED, IdeaStatus.TRYING)


def _start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


@transaction.atomic
def idea_submit(*, team: Team, by: Person, title: str, description: str = "", anonymous: bool = False) -> Idea:
    """Put an idea in the team's box. Anonymous: no author is stored, only the day."""
    require(by, "loop.contribute", team)
    errors: dict[str, str] = {}
    title = clean_title(title, errors=errors)
    description = clean_text(description, field="description", required=False, errors=errors)
    raise_if(errors)
    return Idea.objects.create(organisation_id=team.organisation_id, team=team, title=title,
                               description=description, anonymous=bool(anonymous),
                               author=None if anonymous else by,
                               created_at=_start_of_today() if anonymous else timezone.now())


@transaction.atomic
def idea_vote(idea: Idea, *, by: Person) -> bool:
    """Vote for an open idea, or take the vote back. True when the person now votes for it."""
    require(by, "loop.contribute", idea.team)
    if idea.status not in OPEN_IDEA:
        raise ValidationError(_("Voting is closed: this idea was %(status)s.") % {
            "status": idea.get_status_display().lower()})
    deleted, _rows = IdeaVote.objects.filter(idea=idea, person=by).delete()
    if deleted:
        return False
    IdeaVote.objects.create(organisation_id=idea.organisation_id, idea=idea, person=by)
    return True


@transaction.atomic
def idea_decide(idea: Idea, *, by: Person, status: str, reason: str) -> Idea:
    """The lead (or L&D) moves an idea to trying, adopted or dropped, always with the reason.

    Adopting counts as the author's learning, for the team to see; an anonymous idea has no author, so it counts
    only in the team's number of adopted improvements.
    """
    require(by, "loop.idea.decide", idea)
    idea = (Idea.objects.select_for_update(of=("self",))
            .select_related("team", "author__user", "author__organisation").get(pk=idea.pk))
    errors: dict[str, str] = {}
    if status not in IdeaStatus.values or status == IdeaStatus.SUBMITTED:
        errors["status"] = _("Choose trying, adopted or dropped.")
    reason = clean_text(reason, field="reason", errors=errors)
    raise_if(errors)
    was = idea.status
    idea.status, idea.status_reason, idea.decided_by, idea.decided_at = status, reason, by, timezone.now()
    idea.save(update_fields=["status", "status_reason", "decided_by", "decided_at"])
    if was == IdeaStatus.ADOPTED and status != IdeaStatus.ADOPTED:
        learning_events_remove_for(idea)
    if status == IdeaStatus.ADOPTED and was != IdeaStatus.ADOPTED and idea.author_id and idea.author.is_active:
        learning_event_record(person=idea.author, kind=LearningKind.IDEA_ADOPTED, title=idea.title, obj=idea,
                              visibility=Visibility.TEAM, team=idea.team, occurred_at=idea.decided_at)
    if idea.author_id and idea.author_id != by.pk and status != was:
        url = reverse("loop:idea", kwargs={"org": idea.author.organisation.slug, "uuid": idea.uuid})
        notify(idea.author, "loop.idea_decided", {"idea": idea}, url=url)
    return idea
