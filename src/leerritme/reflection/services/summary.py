"""Writes about a session's summary: who wants it by e-mail, and sending it on request."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leerritme.orgs.models import Person
from leerritme.reflection.models import Participant, ReflectionSession
from leerritme.reflection.tasks import enqueue_summary_email


@transaction.atomic
def participant_summary_email_set(session: ReflectionSession, *, person: Person, wanted: bool) -> Participant:
    """A participant asks (or no longer asks) for the summary by e-mail when the session closes."""
    participant = Participant.objects.select_for_update().filter(session=session, person=person).first()
    if participant is None:
        raise ValidationError(_("Join the session first."))
    if participant.wants_summary_email != wanted:
        participant.wants_summary_email = wanted
        participant.save(update_fields=["wants_summary_email"])
    return participant


@transaction.atomic
def summary_email_request(session: ReflectionSession, *, person: Person) -> bool:
    """'E-mail me the summary': now when the session is closed (returns True), else when it closes."""
    if not person.user.email:
        raise ValidationError(_("Your account has no e-mail address."))
    if session.is_closed:
        enqueue_summary_email(session, person)
        return True
    participant_summary_email_set(session, person=person, wanted=True)
    return False
