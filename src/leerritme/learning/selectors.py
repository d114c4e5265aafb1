"""Reading learning events, always through what the viewer may see."""

from django.db.models import Q, QuerySet

from leerritme.learning.models import LearningEvent, Visibility
from leerritme.orgs.models import Person


def learning_events_visible_to(viewer: Person) -> QuerySet[LearningEvent]:
    """Events the viewer may see: their own, their teams' team-visible ones, and organisation-wide ones."""
    from leerritme.orgs.models import TeamMembership

    my_teams = TeamMembership.objects.filter(person=viewer).values("team_id")
    # Filtering on the viewer's organisation as well as the scope: a caller outside a request (a task
    # with scopes disabled, a report across organisations) still never sees another organisation's events.
    return (
        LearningEvent.objects.filter(organisation_id=viewer.organisation_id)
        .filter(
            Q(person=viewer)
            | Q(visibility=Visibility.ORGANISATION)
            | Q(visibility=Visibility.TEAM, team_id__in=my_teams)
        )
        .select_related("person__user", "team")
    )


def learning_record(person: Person, viewer: Person) -> QuerySet[LearningEvent]:
    """A person's learning record as the viewer may see it."""
    return learning_events_visible_to(viewer).filter(person=person)


def team_timeline(team, viewer: Person) -> QuerySet[LearningEvent]:
    """What the team learned, as the viewer may see it."""
    from leerritme.orgs.models import TeamMembership

    members = TeamMembership.objects.filter(team=team).values("person_id")
    return learning_events_visible_to(viewer).filter(Q(team=team) | Q(person_id__in=members)).exclude(
        Q(visibility=Visibility.PRIVATE) & ~Q(person=viewer)
    )
