"""The one "who can teach X" query and the wishes built on it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from conftest import make_person
from leerritme.people.models import PersonSkill, Skill
from leerritme.people.selectors import teachers_for_wishes, who_can_teach


def make_skill(org, name, category=""):
    with scopes_disabled():
        return Skill.objects.create(organisation=org, name=name, category=category)


def give(person, skill, level=None, *, can_teach=False, wants_to_learn=False, note=""):
    with scopes_disabled():
        return PersonSkill.objects.create(
            organisation_id=person.organisation_id, person=person, skill=skill, level=level,
            can_teach=can_teach, wants_to_learn=wants_to_learn, note=note,
        )


@pytest.fixture
def welding(org):
    return make_skill(org, "Lassen", "Techniek")


def names(entries):
    return [e.person.user.name for e in entries]


def test_it_lists_active_teachers_by_level_then_name(org, in_org, alice, bob, carol, dave, welding):
    give(alice, welding, 2, can_teach=True)
    give(bob, welding, 4, can_teach=True)
    give(carol, welding, 4, can_teach=True)
    give(dave, welding, None, can_teach=True)
    assert names(who_can_teach(welding)) == ["Bob Jansen", "Carol Bakker", "Alice de Vries", "Dave Visser"]


def test_it_leaves_out_people_who_only_have_or_want_the_skill(org, in_org, alice, bob, carol, welding):
    give(alice, welding, 4)
    give(carol, welding, wants_to_learn=True)
    give(bob, welding, 3, can_teach=True)
    assert names(who_can_teach(welding)) == ["Bob Jansen"]


def test_it_leaves_out_deactivated_people(org, in_org, alice, bob, welding):
    give(alice, welding, 4, can_teach=True)
    give(bob, welding, 3, can_teach=True)
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert names(who_can_teach(welding)) == ["Bob Jansen"]


def test_it_filters_by_minimum_level_and_drops_unrated_teachers(org, in_org, alice, bob, carol, welding):
    give(alice, welding, 2, can_teach=True)
    give(bob, welding, 4, can_teach=True)
    give(carol, welding, None, can_teach=True)
    assert names(who_can_teach(welding, min_level=3)) == ["Bob Jansen"]


def test_it_excludes_a_person_or_several(org, in_org, alice, bob, carol, welding):
    for p in (alice, bob, carol):
        give(p, welding, 3, can_teach=True)
    assert "Alice de Vries" not in names(who_can_teach(welding, exclude=alice))
    assert names(who_can_teach(welding, exclude=[alice, bob.pk])) == ["Carol Bakker"]


def test_it_only_answers_for_the_skill_asked(org, in_org, alice, bob, welding):
    planning = make_skill(org, "Planning")
    give(alice, planning, 4, can_teach=True)
    give(bob, welding, 1, can_teach=True)
    assert names(who_can_teach(welding)) == ["Bob Jansen"]
    assert names(who_can_teach(planning.pk)) == ["Alice de Vries"]


def test_it_never_crosses_organisations(org, other_org, in_org, alice, welding):
    elsewhere = make_skill(other_org, "Lassen")
    stranger = make_person(other_org, "sam@anders.test", "Sam Elders")
    give(stranger, elsewhere, 4, can_teach=True)
    give(alice, welding, 2, can_teach=True)
    assert names(who_can_teach(welding)) == ["Alice de Vries"]
    assert list(who_can_teach(elsewhere)) == []


def test_it_is_one_query_with_names_loaded(org, in_org, alice, bob, carol, welding,
                                           django_assert_num_queries):
    for p in (alice, bob, carol):
        give(p, welding, 3, can_teach=True)
    with django_assert_num_queries(1):
        rows = [(e.person.user.name, e.skill.name, e.level) for e in who_can_teach(welding)]
    assert len(rows) == 3


def test_it_finds_teachers_for_each_wish(org, in_org, alice, bob, carol, dave, welding):
    planning = make_skill(org, "Planning")
    safety = make_skill(org, "Veiligheid")
    give(alice, welding, wants_to_learn=True)
    give(alice, planning, 2, wants_to_learn=True)
    give(alice, safety, wants_to_learn=True)
    give(bob, welding, 4, can_teach=True)
    give(carol, welding, 3, can_teach=True)
    give(dave, planning, 2, can_teach=True)  # not above alice's own level
    give(carol, planning, 3, can_teach=True)
    give(alice, make_skill(org, "Excel"), 4, can_teach=True)  # not a wish

    wishes = teachers_for_wishes(alice)

    assert [w.skill.name for w in wishes] == ["Lassen", "Planning", "Veiligheid"]
    assert names(wishes[0].teachers) == ["Bob Jansen", "Carol Bakker"]
    assert names(wishes[1].teachers) == ["Carol Bakker"]
    assert wishes[2].teachers == [] and wishes[2].teacher_count == 0


def test_it_never_suggests_the_person_themselves(org, in_org, alice, bob, welding):
    give(alice, welding, 3, can_teach=True, wants_to_learn=True)
    give(bob, welding, 4, can_teach=True)
    assert names(teachers_for_wishes(alice)[0].teachers) == ["Bob Jansen"]


def test_it_shows_the_best_few_and_counts_the_rest(org, in_org, alice, welding):
    give(alice, welding, wants_to_learn=True)
    for i, level in enumerate([1, 4, 2, 3, 4]):
        give(make_person(org, f"t{i}@vonk.test", f"Teacher {i}"), welding, level, can_teach=True)
    wish = teachers_for_wishes(alice, per_skill=3)[0]
    assert names(wish.teachers) == ["Teacher 1", "Teacher 4", "Teacher 3"]
    assert wish.teacher_count == 5 and wish.more_count == 2


def test_it_has_nothing_for_someone_without_wishes(org, in_org, alice, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert teachers_for_wishes(alice) == []


@pytest.mark.parametrize("wish_count", [1, 10])
def test_it_uses_two_queries_however_many_wishes(org, in_org, alice, wish_count):
    teachers = [make_person(org, f"t{i}@vonk.test", f"Teacher {i}") for i in range(4)]
    for n in range(wish_count):
        skill = make_skill(org, f"Skill {n}")
        give(alice, skill, wants_to_learn=True)
        for level, teacher in enumerate(teachers, start=1):
            give(teacher, skill, level, can_teach=True)
    with CaptureQueriesContext(connection) as queries:
        wishes = teachers_for_wishes(alice)
        shown = [(w.skill.name, [e.person.user.name for e in w.teachers]) for w in wishes]
    assert len(queries) == 2
    assert len(shown) == wish_count and all(len(t) == 3 for _, t in shown)
