"""This part's registrations with the shared due seam: rounds every N weeks, reflections, buddies."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from leerritme.matching.models import Programme, Round
from leerritme.orgs.models import Person
from leerritme.scheduler.registry import DueWork, register_due_work


def rounds_due(now) -> None:
    today = timezone.localdate(now)
    with scopes_disabled():
        due = list(Programme.objects.filter(is_active=True, next_round_on__lte=today)
                   .values_list("organisation_id", "pk"))
    from leerritme.matching.tasks import start_due_round

    for organisation_id, programme_id in due:
        transaction.on_commit(lambda o=organisation_id, p=programme_id: start_due_round.enqueue(o, p))


def reflections_due(now) -> None:
    """Two days before a round ends its members are asked what they learned (once, by dedupe key)."""
    day = timezone.localdate(now) + timedelta(days=2)
    with scopes_disabled():
        ending = list(Round.objects.filter(ends_on=day, programme__is_active=True)
                      .values_list("organisation_id", "pk"))
    from leerritme.matching.tasks import ask_reflections

    for organisation_id, round_id in ending:
        transaction.on_commit(lambda o=organisation_id, r=round_id: ask_reflections.enqueue(o, r))


def buddies_due(now) -> None:
    with scopes_disabled():
        organisations = set(Person.objects.filter(is_active=True, joined_at__gte=now - timedelta(days=30))
                            .values_list("organisation_id", flat=True))
    from leerritme.matching.tasks import propose_buddies_for

    for organisation_id in organisations:
        transaction.on_commit(lambda o=organisation_id: propose_buddies_for.enqueue(o))


register_due_work(DueWork("matching.rounds", timedelta(hours=1), rounds_due))
register_due_work(DueWork("matching.reflections", timedelta(days=1), reflections_due))
register_due_work(DueWork("matching.buddies", timedelta(hours=1), buddies_due))
