"""This part's home panel: kudos I received lately, my teams' celebrations and the challenges I joined.

A fixed number of queries (kudos, cards, my challenges, their progress per challenge joined, at most three);
not shown when there is nothing of these.
"""

from datetime import timedelta

from django.utils import timezone

from leerritme.lib.panels import HomePanel, register_panel
from leerritme.recognition import selectors
from leerritme.recognition.models import ChallengeMode, ChallengeParticipant
from leerritme.recognition.services.challenges import progress_by_person, progress_by_team

DAYS = 30
SHOWN = 3


def recognition(request) -> dict | None:
    person = request.person
    if person is None:
        return None
    since = timezone.now() - timedelta(days=DAYS)
    kudos = list(selectors.kudos_received(person, person).filter(created_at__gte=since)[:SHOWN])
    cards = list(selectors.celebrations_visible_to(person).filter(occurred_at__gte=since)
                 .order_by("-occurred_at")[:SHOWN])
    today = timezone.localdate()
    mine = list(ChallengeParticipant.objects.filter(person=person, challenge__starts_on__lte=today,
                                                    challenge__ends_on__gte=today)
                .select_related("challenge")[:SHOWN])
    challenges = []
    for participant in mine:
        challenge = participant.challenge
        if challenge.mode == ChallengeMode.TEAM:
            done = progress_by_team(challenge).get(participant.team_id, 0)
        else:
            done = progress_by_person(challenge, {person.pk}).get(person.pk, 0)
        challenges.append({"challenge": challenge, "done": done, "completed": participant.completed_at is not None,
                           "percent": min(100, round(100 * done / challenge.goal_target))})
    if not (kudos or cards or challenges):
        return None
    return {"kudos": kudos, "cards": cards, "challenges": challenges}


register_panel(HomePanel("recognition.recognition", "recognition/panel.html", recognition, order=45))
