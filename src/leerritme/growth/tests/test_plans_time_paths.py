"""Development plans (yearly cycle, goals, actions, reviews), learning time in the calendar feed, paths, the panel."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from leerritme.growth.models import (
    ActionKind,
    DevelopmentPlan,
    GoalStatus,
    LearningPath,
    PathStep,
    PlanGoal,
    TimeBlock,
)
from leerritme.growth.services import plans as services
from leerritme.lib.calendar import entries_for
from leerritme.people.models import Skill
from leerritme.practices.recurrence import local_to_aware, zone

AMSTERDAM = zone("Europe/Amsterdam")


def u(name, **kwargs):
    return reverse(f"growth:{name}", kwargs={"org": "vonk", **kwargs})


def test_a_new_year_keeps_last_years_plan_and_carries_its_open_goals(alice, in_org):
    skill = Skill.objects.create(organisation=in_org, name="Inregelen")
    old = services.plan_start(person=alice, year=2025)
    services.plan_update(plan=old, by=alice, ambition="Allround monteur worden")
    open_goal = services.goal_save(plan=old, by=alice, title="Inregelen", why="Vaak nodig", skills=[skill],
                                   progress=40, status=GoalStatus.OPEN)
    services.goal_save(plan=old, by=alice, title="VCA", why="", skills=[], progress=0, status=GoalStatus.ACHIEVED)
    new = services.plan_start(person=alice, year=2026)
    assert new.pk != old.pk and new.ambition == "Allround monteur worden"
    carried = PlanGoal.objects.get(plan=new)
    assert carried.title == "Inregelen" and list(carried.skills.all()) == [skill] and carried.progress == 40
    assert PlanGoal.objects.filter(plan=old).count() == 2 and PlanGoal.objects.get(pk=open_goal.pk).plan == old
    assert services.plan_start(person=alice, year=2026) == new


def test_achieving_a_goal_makes_it_complete_and_only_the_person_edits(alice, bob, in_org):
    plan = services.plan_start(person=alice, year=2026)
    goal = services.goal_save(plan=plan, by=alice, title="Doel", why="", skills=[], progress=30,
                              status=GoalStatus.ACHIEVED)
    assert goal.progress == 100
    with pytest.raises(PermissionDenied):
        services.goal_save(plan=plan, by=bob, title="Van Bob", why="", skills=[], progress=0, status="open")
    with pytest.raises(ValidationError):
        services.goal_save(plan=plan, by=alice, title="  ", why="", skills=[], progress=0, status="open")


def test_actions_of_every_kind_and_review_dates(alice, bob, in_org):
    plan = services.plan_start(person=alice, year=timezone.localdate().year)
    for kind in ActionKind.values:
        services.action_add(plan=plan, by=alice, title=f"Actie {kind}", kind=kind, goal=None, due_on=None)
    action = plan.actions.first()
    assert services.action_toggle(action=action, by=alice).done_at is not None
    review = services.review_add(plan=plan, by=bob, on=date(plan.year, 6, 1))
    assert review.plan == plan
    assert services.review_mark_held(review=review, by=bob).done is True
    with pytest.raises(ValidationError):
        services.review_add(plan=plan, by=alice, on=date(plan.year + 5, 1, 1))
    with pytest.raises(ValidationError):
        services.note_add(plan=plan, by=alice, held_on=timezone.localdate() + timedelta(days=3), text="later")


def test_the_plan_pages(login, alice, bob, in_org, django_assert_max_num_queries):
    client = login(alice)
    client.get(u("plan"))
    plan = DevelopmentPlan.objects.get(person=alice)
    response = client.post(u("goal_add", uuid=plan.uuid), {"title": "Leren plannen", "why": "Rust", "progress": 10,
                                                           "status": "open"})
    assert response.status_code == 302
    goal = PlanGoal.objects.get(plan=plan)
    client.post(u("action_add", uuid=plan.uuid), {"title": "Meelopen", "kind": "duo", "goal": goal.pk})
    assert client.get(u("goal_edit", uuid=plan.uuid, goal=goal.uuid)).status_code == 200
    assert client.post(u("goal_add", uuid=plan.uuid), {"title": "", "progress": 500}).status_code == 200
    for number in range(5):
        client.post(u("action_add", uuid=plan.uuid), {"title": f"Actie {number}", "kind": "reading"})
    with django_assert_max_num_queries(22):
        assert client.get(u("plan")).status_code == 200
    review = services.review_add(plan=plan, by=alice, on=date(plan.year, 12, 1))
    assert client.post(u("review_held", uuid=plan.uuid), {"review": review.pk}).status_code == 302
    assert client.post(u("review_held", uuid=plan.uuid), {"review": "nope"}).status_code == 404
    assert login(bob).post(u("goal_add", uuid=plan.uuid), {"title": "x", "progress": 0,
                                                           "status": "open"}).status_code == 403
    assert PlanGoal.objects.filter(plan=plan, title="x").count() == 0


def test_learning_time_blocks_appear_in_the_persons_calendar_feed(alice, bob, in_org):
    start = date(2026, 3, 2)  # a Monday; the clocks change on 29 March
    services.block_create(person=alice, title="Leertijd", weekday=4, every=1, at=time(14, 0), duration_minutes=120,
                          start_date=start, until=date(2026, 4, 30))
    window = (local_to_aware(datetime(2026, 3, 1), AMSTERDAM), local_to_aware(datetime(2026, 6, 1), AMSTERDAM))
    entries = [e for e in entries_for(alice, *window) if e.source == "growth.learning_time"]
    assert len(entries) == 8  # the Fridays 6 March to 24 April
    assert {e.start.astimezone(AMSTERDAM).time() for e in entries} == {time(14, 0)}
    assert all(e.end - e.start == timedelta(hours=2) for e in entries)
    assert not [e for e in entries_for(bob, *window) if e.source == "growth.learning_time"]
    services.block_stop(block=TimeBlock.objects.get(person=alice), by=alice)
    stopped = [e for e in entries_for(alice, *window) if e.source == "growth.learning_time"]
    assert len(stopped) == 8 and all(e.cancelled and e.sequence == 1 for e in stopped)


def test_a_block_ending_before_it_starts_is_refused(alice, in_org):
    with pytest.raises(ValidationError):
        services.block_create(person=alice, title="x", weekday=0, every=1, at=time(9), duration_minutes=60,
                              start_date=date(2026, 5, 1), until=date(2026, 4, 1))


def test_time_in_the_future_or_without_a_note_is_refused(alice, in_org):
    with pytest.raises(ValidationError):
        services.time_register(person=alice, on=timezone.localdate() + timedelta(days=1), minutes=30,
                               kind="informal", note="x")
    with pytest.raises(ValidationError):
        services.time_register(person=alice, on=timezone.localdate(), minutes=30, kind="informal", note=" ")


def test_a_path_is_published_only_with_steps_and_colleagues_compose_paths(login, alice, bob, in_org):
    with pytest.raises(ValidationError):
        services.path_save(by=alice, title="Leeg", description="", skills=[], published=True)
    client = login(alice)
    client.post(u("path_new"), {"title": "Mijn pad"})
    path = LearningPath.objects.get()
    assert path.author == alice and not path.published
    client.post(u("step_add", uuid=path.uuid), {"kind": "read", "title": "Lees dit", "minutes": 5})
    client.post(u("path_edit", uuid=path.uuid), {"title": "Mijn pad", "published": "on"})
    path.refresh_from_db()
    assert path.published and PathStep.objects.filter(path=path).count() == 1
    assert login(bob).post(u("step_add", uuid=path.uuid), {"kind": "read", "title": "B", "minutes": 5}).status_code \
        == 403


def test_a_draft_path_is_hidden_from_others(alice, bob, login, in_org):
    path = LearningPath.objects.create(organisation=in_org, title="Concept", author=alice)
    assert login(bob).get(u("path", uuid=path.uuid)).status_code == 404
    assert "Concept" not in login(bob).get(u("paths")).content.decode()


def test_progress_is_saved_step_by_step(alice, in_org):
    path = LearningPath.objects.create(organisation=in_org, title="Stappen", author=alice, published=True)
    steps = [PathStep.objects.create(organisation=in_org, path=path, position=i, title=f"S{i}") for i in range(3)]
    enrolment = services.path_follow(path=path, person=alice)
    assert services.step_done(enrolment=enrolment, step=steps[0]) is False
    assert services.step_done(enrolment=enrolment, step=steps[0]) is False
    assert services.step_done(enrolment=enrolment, step=steps[1]) is False
    assert services.step_done(enrolment=enrolment, step=steps[2]) is True
    assert services.step_done(enrolment=enrolment, step=steps[2]) is False


def test_the_home_panel_shows_budget_and_requests_to_decide(budgets, login, alice, bob, offer):
    from leerritme.growth.services.requests import offer_request_create

    offer_request_create(person=alice, offer=offer, cost=offer.price, hours=1, motivation="m")
    html = login(bob).get(reverse("home", kwargs={"org": "vonk"})).content.decode()
    assert 'id="panel-my-growth"' in html and offer.title in html


def test_no_panel_without_budget_or_anything_to_decide(login, alice, in_org):
    html = login(alice).get(reverse("home", kwargs={"org": "vonk"})).content.decode()
    assert 'id="panel-my-growth"' not in html


def test_team_and_organisation_learning_time(rule, login, alice, bob, carol, team, in_org):
    services.time_register(person=alice, on=timezone.localdate(), minutes=90, kind="formal", note="Cursus")
    html = login(bob).get(u("team_time", uuid=team.uuid)).content.decode()
    assert "1,5" in html or "1.5" in html
    assert login(carol).get(u("organisation_time")).status_code == 200
