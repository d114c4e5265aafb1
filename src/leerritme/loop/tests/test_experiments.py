"""Experiments: the hypothesis, the period, moving through the states, the evaluation and its learning event."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.loop.models import Decision, Experiment, ExperimentStatus, IdeaStatus
from leerritme.loop.services import experiments as services
from leerritme.loop.services.ideas import idea_submit

from .conftest import experiment_values


def test_it_starts_running_today_and_planned_later(in_org, team, alice):
    today = timezone.localdate()
    running = services.experiment_create(team=team, by=alice, values=experiment_values())
    planned = services.experiment_create(team=team, by=alice, values=experiment_values(
        starts_on=today + timedelta(days=3), ends_on=today + timedelta(days=10)))
    assert running.status == ExperimentStatus.RUNNING and running.owner == alice
    assert planned.status == ExperimentStatus.PLANNED


def test_it_refuses_a_missing_hypothesis_and_a_wrong_period_and_stores_nothing(in_org, team, alice):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.experiment_create(team=team, by=alice, values=experiment_values(
            if_we="  ", then="", ends_on=today - timedelta(days=1)))
    assert set(error.value.message_dict) == {"if_we", "then", "ends_on"}
    with pytest.raises(ValidationError) as error:
        services.experiment_create(team=team, by=alice, values=experiment_values(
            ends_on=today + timedelta(days=400)))
    assert "ends_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.experiment_create(team=team, by=alice, values=experiment_values(starts_on=None, title="x" * 151))
    assert {"starts_on", "title"} <= set(error.value.message_dict)
    assert not Experiment.objects.exists()


def test_the_owner_must_be_in_the_team(in_org, team, alice, erin):
    with pytest.raises(ValidationError) as error:
        services.experiment_create(team=team, by=alice, values=experiment_values(owner=erin))
    assert "owner" in error.value.message_dict


def test_only_the_team_and_ld_start_one(in_org, team, alice, carol, erin):
    with pytest.raises(PermissionDenied):
        services.experiment_create(team=team, by=erin, values=experiment_values())
    assert services.experiment_create(team=team, by=carol, values=experiment_values()).owner == carol


def test_it_starts_from_a_reflection_action_of_the_same_team_only(in_org, team, other_team, alice):
    from leerritme.reflection.models import Action

    action = Action.objects.create(organisation=in_org, team=team, text="Werkbon direct invullen")
    experiment = services.experiment_create(team=team, by=alice, values=experiment_values(), from_action=action)
    assert experiment.from_action == action
    elsewhere = Action.objects.create(organisation=in_org, team=other_team, text="Iets anders")
    with pytest.raises(ValidationError):
        services.experiment_create(team=team, by=alice, values=experiment_values(), from_action=elsewhere)


def test_an_idea_tried_as_an_experiment_moves_to_trying(in_org, team, alice, bob):
    idea = idea_submit(team=team, by=alice, title="Vaste plek voor het meetgereedschap")
    experiment = services.experiment_create(team=team, by=bob, values=experiment_values(), from_idea=idea)
    idea.refresh_from_db()
    assert experiment.from_idea == idea and idea.status == IdeaStatus.TRYING and idea.status_reason


def test_evaluating_concludes_and_records_a_team_event_for_the_owner(in_org, team, alice, bob, experiment):
    services.experiment_evaluate(experiment, by=bob, values=services.Evaluation(
        what_happened="Het werkte", what_we_learned="Kleine afspraken houden we vol", decision=Decision.KEEP))
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.CONCLUDED and experiment.evaluated_by == bob
    event = LearningEvent.objects.get(kind=LearningKind.EXPERIMENT_CONCLUDED)
    assert event.person == alice and event.visibility == Visibility.TEAM and event.team == team
    assert event.object_id == str(experiment.pk) and event.data == {"decision": "keep"}
    with pytest.raises(ValidationError):
        services.experiment_evaluate(experiment, by=bob, values=services.Evaluation("a", "b", Decision.STOP))


def test_an_evaluation_needs_all_three_answers(in_org, experiment, alice):
    with pytest.raises(ValidationError) as error:
        services.experiment_evaluate(experiment, by=alice, values=services.Evaluation("", "", "maybe"))
    assert set(error.value.message_dict) == {"what_happened", "what_we_learned", "decision"}
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.RUNNING
    assert not LearningEvent.objects.exists()


def test_who_may_change_and_evaluate(in_org, team, experiment, alice, bob, carol, dave, erin):
    from conftest import make_person
    from leerritme.orgs.models import TeamMembership

    colleague = make_person(in_org, "frank@vonk.test", "Frank")
    TeamMembership.objects.create(organisation=in_org, team=team, person=colleague)
    for person in (alice, bob, carol, dave):
        services.experiment_update(experiment, by=person, values=experiment_values(title=f"by {person.pk}"))
    for person in (colleague, erin):
        with pytest.raises(PermissionDenied):
            services.experiment_update(experiment, by=person, values=experiment_values())
        with pytest.raises(PermissionDenied):
            services.experiment_evaluate(experiment, by=person, values=services.Evaluation("a", "b", "keep"))


def test_moves_follow_the_states(in_org, experiment, alice):
    services.experiment_move(experiment, by=alice, status=ExperimentStatus.STOPPED, reason="Te druk")
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.STOPPED and experiment.what_happened == "Te druk"
    with pytest.raises(ValidationError):
        services.experiment_move(experiment, by=alice, status=ExperimentStatus.CONCLUDED)
    with pytest.raises(ValidationError):
        services.experiment_move(experiment, by=alice, status="nonsense")
    services.experiment_move(experiment, by=alice, status=ExperimentStatus.RUNNING)
    services.experiment_move(experiment, by=alice, status=ExperimentStatus.EVALUATING)
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.EVALUATING
    assert not LearningEvent.objects.exists()


def test_a_finished_experiment_cannot_be_rewritten(in_org, experiment, alice):
    services.experiment_evaluate(experiment, by=alice, values=services.Evaluation("a", "b", Decision.ADAPT))
    with pytest.raises(ValidationError):
        services.experiment_update(experiment, by=alice, values=experiment_values(title="Nieuw"))
