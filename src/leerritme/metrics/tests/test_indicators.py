"""Every indicator against figures worked out by hand, per scope, and the rule that an indicator whose source
is not in use yet is absent rather than zero."""

from datetime import date

from django.core.cache import cache
from django_scopes import scope

from leerritme.metrics.registry import registered_indicators
from leerritme.metrics.selectors import compute_numbers, scope_for
from leerritme.metrics.tests.conftest import (
    action,
    article,
    at,
    budget,
    coaching,
    compute,
    duo_round,
    event,
    feedback,
    knowledge_session,
    occurrences,
    org_scope,
    reflection_session,
    team_scope,
)


def test_nothing_recorded_means_every_indicator_is_absent(org, alice, quarter):
    assert compute_numbers(org, org_scope(org), quarter) == {}
    for indicator in registered_indicators():
        assert compute(indicator.slug, org, org_scope(org), quarter) is None, indicator.slug


def test_learning_hours_formal_and_informal(org, team, alice, bob, erik, sales, quarter):
    event(alice, "course_completed", at(2026, 1, 10, 9), minutes=120)
    event(alice, "learning_time", at(2026, 1, 20, 9), minutes=30)
    event(bob, "session_attended", at(2026, 2, 5, 12), minutes=48)
    event(erik, "path_completed", at(2026, 3, 3, 9), minutes=60)
    event(erik, "outside_learning", at(2026, 3, 4, 9), minutes=30)
    event(alice, "course_completed", at(2025, 12, 31, 23, 30), minutes=600)  # before the period (local time)
    event(alice, "learning_time", at(2026, 4, 1, 0, 0), minutes=600)  # the moment after it
    event(alice, "skill_grown", at(2026, 2, 1, 9))  # no minutes: counts for nothing

    found = compute("learning-hours", org, org_scope(org), quarter)
    assert found.values == {"formal": [2.0, 0.0, 1.5], "informal": [0.5, 0.8, 0.0]}
    assert found.totals == {"formal": 3.5, "informal": 1.3}

    onderhoud = compute("learning-hours", org, team_scope(team), quarter)
    assert onderhoud.values == {"formal": [2.0, 0.0, 0.0], "informal": [0.5, 0.8, 0.0]}
    verkoop = compute("learning-hours", org, team_scope(sales), quarter)
    assert verkoop.totals == {"formal": 1.5, "informal": 0.0}


def test_learning_hours_absent_while_no_event_has_minutes(org, alice, quarter):
    event(alice, "skill_grown", at(2026, 2, 1, 9))
    assert compute("learning-hours", org, org_scope(org), quarter) is None
    event(alice, "learning_time", at(2025, 6, 1, 9), minutes=30)  # any time: the source is in use
    cache.clear()  # what was ever recorded is looked up once an hour
    assert compute("learning-hours", org, org_scope(org), quarter).totals == {"formal": 0, "informal": 0}


def test_budget_use_counts_spending_only_and_is_absent_without_rules(org, team, alice, erik, quarter):
    assert compute("budget-use", org, org_scope(org), quarter) is None
    budget(alice, ("250.00", date(2026, 2, 14)), ("99.50", date(2026, 4, 1)))
    budget(erik, ("100.00", date(2026, 3, 1)))
    found = compute("budget-use", org, org_scope(org), quarter)
    assert found.values == {"spent": [0.0, 250.0, 100.0]}
    assert found.totals == {"spent": 350.0}
    assert compute("budget-use", org, team_scope(team), quarter).totals == {"spent": 250.0}


def test_rhythm_held_versus_planned(org, team, sales, alice, quarter):
    occurrences(team, (at(2026, 1, 5, 9), "held"), (at(2026, 1, 12, 9), "skipped"), (at(2026, 1, 19, 9), "cancelled"),
                (at(2026, 2, 2, 9), "held"), (at(2026, 4, 6, 9), "held"))
    occurrences(sales, (at(2026, 3, 2, 9), "planned"))
    found = compute("rhythm", org, org_scope(org), quarter)
    assert found.values == {"planned": [2, 1, 1], "held": [1, 1, 0]}
    assert found.totals == {"planned": 4, "held": 2}
    assert compute("rhythm", org, team_scope(sales), quarter).totals == {"planned": 1, "held": 0}


def test_articles_written_and_readers_feedback(org, team, alice, erik, quarter):
    first = article(alice, at(2026, 1, 15, 10))
    article(erik, at(2026, 3, 20, 10))
    article(alice, None, status="draft")
    feedback(first, erik, at(2026, 2, 1, 10))
    feedback(first, alice, at(2026, 2, 2, 10))
    found = compute("articles", org, org_scope(org), quarter)
    assert found.values == {"written": [1, 0, 1], "feedback": [0, 2, 0]}
    onderhoud = compute("articles", org, team_scope(team), quarter)
    assert onderhoud.values == {"written": [1, 0, 0], "feedback": [0, 1, 0]}


def test_knowledge_sessions_and_attendance(org, team, sales, alice, bob, erik, quarter):
    knowledge_session(alice, at(2026, 1, 14, 12), attendees=(bob, erik), no_shows=(alice,))
    knowledge_session(erik, at(2026, 2, 11, 12), attendees=(alice,))
    knowledge_session(erik, at(2026, 3, 11, 12), status="cancelled", attendees=(alice,))
    knowledge_session(None, at(2026, 3, 18, 12), series_team=team)
    found = compute("knowledge-sessions", org, org_scope(org), quarter)
    assert found.values == {"sessions": [1, 1, 1], "attendance": [2, 1, 0]}
    onderhoud = compute("knowledge-sessions", org, team_scope(team), quarter)
    assert onderhoud.values == {"sessions": [1, 0, 1], "attendance": [1, 1, 0]}


def test_coaching_pairs_that_met(org, team, sales, alice, bob, erik, quarter):
    coaching(alice, erik, date(2026, 1, 8), date(2026, 1, 22), date(2026, 2, 5))
    coaching(bob, alice, date(2026, 2, 19), date(2026, 5, 1))
    found = compute("coaching-pairs", org, org_scope(org), quarter)
    assert found.values == {"pairs": [1, 2, 0], "meetings": [2, 2, 0]}
    assert compute("coaching-pairs", org, team_scope(sales), quarter).values == {"pairs": [1, 1, 0],
                                                                                 "meetings": [2, 1, 0]}


def test_duos_active_per_bucket_and_once_in_the_total(org, team, alice, bob, erik, quarter):
    duo_round(at(2026, 1, 20, 9), date(2026, 2, 16), (alice, bob), (erik, alice))
    duo_round(at(2026, 3, 2, 9), date(2026, 3, 30), (alice, erik))
    found = compute("duos", org, org_scope(org), quarter)
    assert found.values == {"duos": [2, 2, 1]}
    assert found.totals == {"duos": 3}
    assert compute("duos", org, team_scope(team), quarter).totals == {"duos": 3}


def test_duos_absent_with_only_circles(org, alice, bob, quarter):
    duo_round(at(2026, 1, 20, 9), date(2026, 2, 16), (alice, bob), kind="circles")
    assert compute("duos", org, org_scope(org), quarter) is None


def test_reflection_actions_agreed_and_completed(org, team, sales, quarter):
    action(team, at(2025, 12, 1, 9), closed_at=at(2026, 1, 5, 9), status="done")
    action(team, at(2026, 1, 6, 9), closed_at=at(2026, 2, 5, 9), status="done")
    action(team, at(2026, 2, 6, 9), closed_at=at(2026, 2, 7, 9), status="dropped")
    action(sales, at(2026, 3, 6, 9))
    found = compute("reflection-actions", org, org_scope(org), quarter)
    assert found.values == {"done": [1, 1, 0], "agreed": [1, 1, 1]}
    assert compute("reflection-actions", org, team_scope(sales), quarter).totals == {"done": 0, "agreed": 1}


def test_event_outcomes_count_each_object_once(org, team, alice, bob, erik, quarter):
    for person in (alice, bob):  # one experiment, recorded for both who ran it
        event(person, "experiment_concluded", at(2026, 1, 5, 9), obj_id="7")
    event(erik, "experiment_concluded", at(2026, 2, 2, 9))
    event(erik, "experiment_concluded", at(2026, 2, 3, 9))
    event(alice, "idea_adopted", at(2026, 3, 3, 9), obj_id="1")
    found = compute("experiments", org, org_scope(org), quarter)
    assert found.values == {"count": [1, 2, 0]}
    assert compute("experiments", org, team_scope(team), quarter).totals == {"count": 1}
    assert compute("ideas", org, org_scope(org), quarter).totals == {"count": 1}
    assert compute("lessons", org, org_scope(org), quarter) is None
    assert compute("kudos", org, org_scope(org), quarter) is None


def test_checkout_only_from_meetings_with_enough_answers(org, team, sales, bob, quarter):
    org.anonymity_threshold = 3  # the check-out minimum is 3, or the organisation's minimum when higher
    org.save()
    reflection_session(team, bob, at(2026, 1, 12, 10), (4, 5), (3, 4), (5, 3))  # 3 answers: counts
    reflection_session(team, bob, at(2026, 1, 26, 10), (1, 1), (1, 1))  # 2 answers: never counts
    reflection_session(sales, bob, at(2026, 3, 2, 10), (2, 2), (2, 3), (2, 4), (3, 3))
    found = compute("checkout", org, org_scope(org), quarter)
    assert found.values == {"quality": [4.0, None, 2.25], "dynamics": [4.0, None, 3.0], "answers": [3, 0, 4]}
    assert found.totals == {"quality": round(21 / 7, 2), "dynamics": round(24 / 7, 2), "answers": 7}
    assert compute("checkout", org, team_scope(sales), quarter).values["quality"] == [None, None, 2.25]


def test_checkout_follows_a_higher_organisation_minimum(org, team, bob, quarter):
    org.anonymity_threshold = 4
    org.save()
    reflection_session(team, bob, at(2026, 1, 12, 10), (4, 5), (3, 4), (5, 3))
    assert compute("checkout", org, org_scope(org), quarter).values["answers"] == [0, 0, 0]


def test_department_scope_counts_its_teams(org, department, team, sales, alice, erik, carol, quarter):
    event(alice, "learning_time", at(2026, 1, 20, 9), minutes=60)
    event(erik, "learning_time", at(2026, 1, 20, 9), minutes=60)
    with scope(organisation=org):
        chosen = scope_for(carol, str(department.uuid))
    assert chosen.kind == "department"
    assert chosen.team_ids == frozenset({department.pk, team.pk})
    assert compute("learning-hours", org, chosen, quarter).totals == {"formal": 0, "informal": 1.0}
