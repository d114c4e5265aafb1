"""The demo organisation's recognition: a year of kudos, badges defined and awarded by hand and by rule, and a
running challenge with participants; running the demo again adds nothing twice."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope

from leerritme.learning.models import LearningEvent, LearningKind
from leerritme.orgs.models import Organisation, Person
from leerritme.recognition.models import Badge, BadgeAward, Challenge, ChallengeParticipant, CheckIn, Kudos


@pytest.fixture
def demo(db):
    call_command("demo", "-v0", stdout=StringIO())
    organisation = Organisation.objects.get(slug="demo")
    with scope(organisation=organisation):
        yield organisation


def test_the_demo_has_kudos_badges_and_a_running_challenge(demo):
    kudos = Kudos.objects.count()
    assert kudos >= 40
    dates = Kudos.objects.values_list("created_at", flat=True)
    assert (timezone.now() - min(dates)).days > 200  # spread over the year
    assert LearningEvent.objects.filter(kind=LearningKind.KUDOS_RECEIVED).count() >= kudos - 5
    assert Badge.objects.filter(rule_kind="").exists() and Badge.objects.exclude(rule_kind="").exists()
    assert BadgeAward.objects.filter(awarded_by__isnull=False).exists()
    assert LearningEvent.objects.filter(kind=LearningKind.BADGE_EARNED).count() == BadgeAward.objects.count()
    today = timezone.localdate()
    running = Challenge.objects.filter(starts_on__lte=today, ends_on__gte=today)
    assert running.exists()
    assert ChallengeParticipant.objects.filter(challenge__in=running).count() >= 10 and CheckIn.objects.exists()
    member = Person.objects.get(user__email="medewerker@demo.leerritme.nl")
    assert member.kudos_received.exists() and member.badge_awards.exists()


def test_running_the_demo_again_adds_nothing(demo):
    before = (Kudos.objects.count(), BadgeAward.objects.count(), Challenge.objects.count())
    call_command("demo", "-v0", stdout=StringIO())
    assert (Kudos.objects.count(), BadgeAward.objects.count(), Challenge.objects.count()) == before
