"""The demo's people learning together: duo rounds, coaching with meetings, two circles, buddies."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_scopes import scope

from leerritme.learning.models import LearningEvent, LearningKind
from leerritme.matching.models import (
    Buddy,
    CoachingMeeting,
    GroupMember,
    Match,
    MatchStatus,
    Programme,
    ProgrammeKind,
)
from leerritme.orgs.models import Organisation, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo", "-v0", stdout=StringIO())
    return Organisation.objects.get(slug="demo")


def test_the_demo_has_running_duos_coaching_with_meetings_two_circles_and_buddies(demo):
    with scope(organisation=demo):
        kinds = list(Programme.objects.values_list("kind", flat=True))
        assert kinds.count(ProgrammeKind.DUOS) == 2
        assert kinds.count(ProgrammeKind.CIRCLES) == 2
        assert kinds.count(ProgrammeKind.COFFEE) == 1
        duos = Programme.objects.filter(kind=ProgrammeKind.DUOS).order_by("pk").first()
        assert duos.rounds.count() == 3
        assert GroupMember.objects.filter(group__round__programme=duos, reflected_at__isnull=False).exists()
        assert Match.objects.filter(status=MatchStatus.ACTIVE).exists()
        assert Match.objects.filter(status=MatchStatus.CLOSED).count() == 2
        assert CoachingMeeting.objects.exists()
        assert LearningEvent.objects.filter(kind=LearningKind.COACHING_MEETING).count() == \
            2 * CoachingMeeting.objects.count()
        assert Buddy.objects.count() >= 2
        # Matches never pair a learner with their own team lead.
        for match in Match.objects.all():
            assert match.learner_id != match.coach_id


def test_the_demo_team_lead_sees_their_duo(demo, client):
    with scope(organisation=demo):
        lead = Person.objects.get(user__email="teamleider@demo.leerritme.nl")
    client.force_login(lead.user)
    page = client.get(f"/o/{demo.slug}/together/")
    assert page.status_code == 200
    with scope(organisation=demo):
        mine = GroupMember.objects.filter(person=lead).order_by("-group__round__number").first()
        partner = mine.group.memberships.exclude(person=lead).first().person
    assert partner.display_name in page.text
