"""Time-based work (start on the day, one reminder when the end passes) and the demo data."""

import random
from collections import Counter
from datetime import timedelta

from django.utils import timezone

from leerritme.learning.models import LearningEvent, LearningKind
from leerritme.lib.demo import DemoContext
from leerritme.loop import due
from leerritme.loop.demo import add_loop
from leerritme.loop.models import Experiment, ExperimentStatus, Idea, IdeaStatus, IdeaVote, Lesson
from leerritme.loop.services.experiments import experiment_create
from leerritme.notifications.models import Notification

from .conftest import experiment_values


def test_an_ended_experiment_is_reminded_once_and_moves_to_evaluating(in_org, team, alice, bob):
    today = timezone.localdate()
    ended = experiment_create(team=team, by=alice, values=experiment_values(
        starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=1)))
    planned = experiment_create(team=team, by=alice, values=experiment_values(
        starts_on=today + timedelta(days=2), ends_on=today + timedelta(days=20)))
    assert due.experiments_keep(today) == 1
    assert due.experiments_keep(today) == 0
    ended.refresh_from_db()
    assert ended.status == ExperimentStatus.EVALUATING and ended.reminded_at is not None
    notification = Notification.objects.get(kind="loop.experiment_evaluate")
    assert notification.person == alice and str(ended.uuid) in notification.url
    assert due.experiments_keep(today + timedelta(days=2)) == 0
    planned.refresh_from_db()
    assert planned.status == ExperimentStatus.RUNNING


def test_without_an_owner_the_team_leads_are_reminded(in_org, team, alice, bob):
    today = timezone.localdate()
    ended = experiment_create(team=team, by=alice, values=experiment_values(
        starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=1)))
    Experiment.objects.filter(pk=ended.pk).update(owner=None)
    due.experiments_keep(today)
    assert list(Notification.objects.values_list("person_id", flat=True)) == [bob.pk]


def test_the_tick_enqueues_only_organisations_with_something_due(in_org, team, alice,
                                                                 django_capture_on_commit_callbacks):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert due.experiments_due(timezone.now()) == 0
    experiment_create(team=team, by=alice, values=experiment_values(
        starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=1)))
    with django_capture_on_commit_callbacks(execute=True):
        assert due.experiments_due(timezone.now()) == 1
    assert Notification.objects.filter(kind="loop.experiment_evaluate").count() == 1


def test_the_demo_fills_every_state_over_a_year(in_org, team, other_team, alice, bob, erin):
    from conftest import make_person
    from leerritme.orgs.models import TeamMembership

    for n in range(4):
        person = make_person(in_org, f"p{n}@vonk.test", f"Collega {n}")
        TeamMembership.objects.create(organisation=in_org, team=team if n % 2 else other_team, person=person)
    context = DemoContext(organisation=in_org, size="small", people=8, rng=random.Random(4), now=timezone.now(),
                          log=lambda message: None)
    add_loop(context)
    states = Counter(Experiment.objects.values_list("status", flat=True))
    assert {ExperimentStatus.CONCLUDED, ExperimentStatus.RUNNING} <= set(states)
    assert Lesson.objects.filter(from_mistake=True).exists() and Lesson.objects.filter(from_mistake=False).exists()
    assert Idea.objects.filter(anonymous=True, author__isnull=True).exists() or Idea.objects.filter(
        anonymous=False).exists()
    assert not Idea.objects.filter(anonymous=True, author__isnull=False).exists()
    assert IdeaVote.objects.exists()
    kinds = Counter(LearningEvent.objects.values_list("kind", flat=True))
    assert kinds[LearningKind.EXPERIMENT_CONCLUDED] == states[ExperimentStatus.CONCLUDED]
    assert kinds[LearningKind.LESSON_SHARED] == Lesson.objects.exclude(visibility="draft").count()
    assert kinds[LearningKind.IDEA_ADOPTED] == Idea.objects.filter(status=IdeaStatus.ADOPTED,
                                                                   author__isnull=False).count()
    oldest = LearningEvent.objects.order_by("occurred_at").first().occurred_at
    assert timezone.now() - oldest < timedelta(days=366)
