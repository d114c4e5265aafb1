"""Owners are reminded two days before an action is due, once; the home panel shows what runs and my actions."""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from leerritme.notifications.models import Notification
from leerritme.reflection.models import Action, ActionStatus
from leerritme.reflection.reminders import ACTION_DUE_KIND, action_reminders_due
from leerritme.reflection.services import action_update, session_start
from leerritme.reflection.tests.around_fixtures import *  # noqa: F403
from leerritme.reflection.tests.around_fixtures import run_session
from leerritme.scheduler.registry import registered_due_work


def at_nine(day_offset=0):
    local = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    return local + timedelta(days=day_offset)


def remind(now, capture):
    with capture(execute=True):
        return action_reminders_due(now)


def test_it_is_registered_as_hourly_due_work():
    (work,) = [w for w in registered_due_work() if w.name == "reflection.action_reminders"]
    assert work.every == timedelta(hours=1)


def test_the_owner_is_reminded_two_days_before_once(in_org, team, crew, django_capture_on_commit_callbacks):
    run_session(team, crew[1], crew)
    action = Action.objects.get()
    action.due_date = at_nine(3).date()
    action.save(update_fields=["due_date"])
    assert remind(at_nine(), django_capture_on_commit_callbacks) == 0  # three days ahead: not yet
    remind(at_nine(1), django_capture_on_commit_callbacks)
    remind(at_nine(1) + timedelta(hours=1), django_capture_on_commit_callbacks)
    notes = Notification.objects.filter(kind=ACTION_DUE_KIND)
    assert list(notes.values_list("person_id", flat=True)) == [crew[0].pk]
    assert notes.get().url == reverse("reflection:my_actions", kwargs={"org": "vonk"})
    assert "Order parts a week ahead" in notes.get().body


def test_a_later_due_date_reminds_again_and_closed_or_unowned_actions_never(
        in_org, team, crew, django_capture_on_commit_callbacks):
    run_session(team, crew[1], crew)
    action = Action.objects.get()
    action.due_date = at_nine(1).date()
    action.save(update_fields=["due_date"])
    remind(at_nine(), django_capture_on_commit_callbacks)
    action_update(action, by=crew[1], due_date=at_nine(8).date())
    remind(at_nine(7), django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind=ACTION_DUE_KIND).count() == 2
    Action.objects.create(organisation=team.organisation, team=team, text="Nobody's", due_date=at_nine(1).date())
    Action.objects.create(organisation=team.organisation, team=team, text="Done", owner=crew[2],
                          status=ActionStatus.DONE, due_date=at_nine(1).date())
    remind(at_nine(), django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind=ACTION_DUE_KIND).count() == 2


def test_nobody_is_reminded_at_night(in_org, team, crew, django_capture_on_commit_callbacks):
    run_session(team, crew[1], crew)
    Action.objects.update(due_date=at_nine(1).date())
    night = timezone.make_aware(datetime.combine(at_nine().date(), datetime.min.time())) + timedelta(hours=3)
    assert remind(night, django_capture_on_commit_callbacks) == 0


def test_the_home_panel_offers_to_join_and_lists_my_actions(in_org, org, team, crew, login, alice,
                                                           django_assert_max_num_queries):
    run_session(team, crew[1], crew)
    running = session_start(team=team, by=crew[1], format="round", title="Monday round")
    page = login(alice).get(reverse("home", kwargs={"org": "vonk"})).content.decode()
    assert 'id="panel-my-reflection"' in page
    assert reverse("reflection:board", kwargs={"org": "vonk", "uuid": running.uuid}) in page
    assert "Order parts a week ahead" in page


def test_no_panel_without_sessions_or_actions(in_org, org, team, crew, login, alice):
    page = login(alice).get(reverse("home", kwargs={"org": "vonk"})).content.decode()
    assert 'id="panel-my-reflection"' not in page
