"""Profiles: what colleagues see, and editing one's own profile and skills."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from conftest import make_person
from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.orgs.models import Person
from leerritme.people.models import PersonSkill
from leerritme.people.tests.test_who_can_teach import give, make_skill


@pytest.fixture
def login(login):
    """Log in speaking English, so the assertions below read the English source strings."""

    def as_person(person):
        person.user.language = "en"
        person.user.save(update_fields=["language"])
        return login(person)

    return as_person


def url(name, org, **kwargs):
    return reverse(f"people:{name}", kwargs={"org": org.slug, **kwargs})


def entries_of(person):
    with scopes_disabled():
        return {e.skill.name: e for e in PersonSkill.objects.filter(person=person).select_related("skill")}


@pytest.fixture
def welding(org):
    return make_skill(org, "Lassen", "Techniek")


HTMX = {"HX-Request": "true"}


# --- Seeing a profile ----------------------------------------------------------------------------

def test_it_shows_a_colleagues_profile(org, team, alice, bob, welding, login):
    with scopes_disabled():
        Person.objects.filter(pk=bob.pk).update(job_title="Monteur", about="Ik ken elke machine.")
    give(bob, welding, 4, can_teach=True, note="Vooral TIG")
    give(bob, make_skill(org, "Excel"), 1, wants_to_learn=True)
    response = login(alice).get(url("profile", org, uuid=bob.uuid))
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("Bob Jansen", "Monteur", "Ik ken elke machine.", "Onderhoud", "team lead", "Techniek",
                 "Lassen", "Vooral TIG", "can teach", "wants to learn", "Expert", "●●●●"):
        assert text in body, text
    assert not response.context["is_me"]
    assert [e.skill.name for e in response.context["teaches"]] == ["Lassen"]
    assert "add_form" not in response.context
    assert url("my_skills", org) not in body


def test_it_groups_skills_by_category_with_the_uncategorised_last(org, alice, bob, login):
    give(bob, make_skill(org, "Excel"), 2)
    give(bob, make_skill(org, "Lassen", "Techniek"), 4)
    give(bob, make_skill(org, "Feedback", "Samenwerken"), 3)
    response = login(alice).get(url("profile", org, uuid=bob.uuid))
    assert [e.skill.name for e in response.context["entries"]] == ["Feedback", "Lassen", "Excel"]


def test_it_marks_what_a_colleague_can_teach_that_i_want_to_learn(org, alice, bob, welding, login):
    give(alice, welding, wants_to_learn=True)
    give(bob, welding, 4, can_teach=True)
    body = login(alice).get(url("profile", org, uuid=bob.uuid)).content.decode()
    assert "you want to learn this" in body


def test_it_does_not_show_deactivated_people(org, alice, bob, login):
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    assert login(alice).get(url("profile", org, uuid=bob.uuid)).status_code == 404


def test_it_shows_the_profile_in_a_fixed_number_of_queries(org, team, alice, bob, login,
                                                            django_assert_max_num_queries):
    skills = [make_skill(org, f"Skill {i}", f"Cat {i % 3}") for i in range(20)]
    teachers = [make_person(org, f"t{i}@vonk.test", f"Teacher {i}") for i in range(5)]
    for i, skill in enumerate(skills):
        give(bob, skill, (i % 4) + 1, can_teach=bool(i % 2))
        give(alice, skill, wants_to_learn=True)
        for teacher in teachers:
            give(teacher, skill, 4, can_teach=True)
    client = login(alice)
    client.get(url("profile", org, uuid=alice.uuid))
    with django_assert_max_num_queries(12):
        assert client.get(url("profile", org, uuid=bob.uuid)).status_code == 200
    with django_assert_max_num_queries(14):
        response = client.get(url("profile", org, uuid=alice.uuid))
    assert len(response.context["wishes"]) == 20


def test_charlie_gets_404_on_every_profile_url(org, alice, welding, charlie, login):
    client = login(charlie)
    assert client.get(url("profile", org, uuid=alice.uuid)).status_code == 404
    assert client.get(url("my_skills", org)).status_code == 404
    assert client.post(url("my_skills", org), {"skill": "Lassen", "level": 2}).status_code == 404
    assert client.post(url("my_skill", org, uuid=welding.uuid), {"level": 2}).status_code == 404
    assert client.post(url("my_profile", org), {"job_title": "x"}).status_code == 404
    assert client.get(url("my_profile", org)).status_code == 404


def test_a_person_of_another_organisation_is_not_found(org, alice, charlie, login):
    assert login(alice).get(url("profile", org, uuid=charlie.uuid)).status_code == 404


# --- Editing one's own profile -------------------------------------------------------------------

def test_my_own_profile_has_the_edit_forms_and_the_teachers_for_my_wishes(org, alice, bob, welding, login):
    give(alice, welding, 1, wants_to_learn=True)
    give(bob, welding, 4, can_teach=True)
    response = login(alice).get(url("profile", org, uuid=alice.uuid))
    body = response.content.decode()
    assert response.context["is_me"]
    assert url("my_skills", org) in body and url("my_skill", org, uuid=welding.uuid) in body
    assert "Colleagues who can teach what you want to learn" in body
    assert [e.person for e in response.context["wishes"][0].teachers] == [bob]


def test_it_offers_only_skills_not_yet_on_my_profile(org, alice, welding, login):
    make_skill(org, "Planning")
    give(alice, welding, 2)
    response = login(alice).get(url("profile", org, uuid=alice.uuid))
    assert response.context["skill_options"] == ["Planning"]


def test_i_edit_my_job_title_and_about(org, alice, login):
    response = login(alice).post(url("my_profile", org), {"job_title": "  Planner  ", "about": "Ik plan."})
    assert response.status_code == 302
    assert response["Location"].endswith("#about")
    alice.refresh_from_db()
    assert (alice.job_title, alice.about) == ("Planner", "Ik plan.")


def test_i_edit_my_profile_with_htmx_and_get_the_fragment(org, alice, login):
    response = login(alice).post(url("my_profile", org), {"job_title": "Planner", "about": ""}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="about"' in body and "Planner" in body and "<html" not in body


def test_a_too_long_job_title_is_refused_with_a_message(org, alice, login):
    response = login(alice).post(url("my_profile", org), {"job_title": "x" * 151, "about": ""})
    assert response.status_code == 200
    assert response.context["profile_form"].errors["job_title"]
    alice.refresh_from_db()
    assert alice.job_title == ""


def test_i_add_a_skill_by_its_name(org, alice, welding, login):
    response = login(alice).post(url("my_skills", org), {
        "skill": "  lassen ", "level": "2", "can_teach": "", "wants_to_learn": "on", "note": "MIG",
    })
    assert response.status_code == 302 and response["Location"].endswith("#skills")
    entry = entries_of(alice)["Lassen"]
    assert (entry.level, entry.can_teach, entry.wants_to_learn, entry.note) == (2, False, True, "MIG")


def test_adding_with_htmx_returns_the_skills_fragment_with_teachers(org, alice, bob, welding, login):
    give(bob, welding, 4, can_teach=True)
    response = login(alice).post(url("my_skills", org), {"skill": "Lassen", "wants_to_learn": "on"},
                                 headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="skills-area"' in body and "<html" not in body
    assert "Bob Jansen" in body and "is added to your profile" in body


def test_an_unknown_skill_name_gets_a_clear_message(org, alice, welding, login):
    response = login(alice).post(url("my_skills", org), {"skill": "Toveren", "level": "2"}, headers=HTMX)
    assert response.status_code == 200
    assert "is not in your organisation" in response.content.decode()
    assert entries_of(alice) == {}


def test_a_skill_of_another_organisation_cannot_be_added(org, other_org, alice, login):
    make_skill(other_org, "Geheim")
    response = login(alice).post(url("my_skills", org), {"skill": "Geheim", "level": "2"})
    assert response.status_code == 200
    assert response.context["add_form"].errors["skill"]
    assert entries_of(alice) == {}


def test_adding_a_skill_twice_is_refused(org, alice, welding, login):
    give(alice, welding, 2)
    response = login(alice).post(url("my_skills", org), {"skill": "Lassen", "level": "3"})
    assert "already on your profile" in response.content.decode()
    assert entries_of(alice)["Lassen"].level == 2


def test_an_empty_entry_is_refused(org, alice, welding, login):
    response = login(alice).post(url("my_skills", org), {"skill": "Lassen", "level": ""})
    assert response.status_code == 200
    assert response.context["add_form"].non_field_errors()
    assert entries_of(alice) == {}


def test_a_level_out_of_range_is_refused(org, alice, welding, login):
    response = login(alice).post(url("my_skills", org), {"skill": "Lassen", "level": "7"})
    assert response.context["add_form"].errors["level"]
    assert entries_of(alice) == {}


def test_i_change_a_skill_on_my_profile(org, alice, welding, login):
    give(alice, welding, 2)
    response = login(alice).post(url("my_skill", org, uuid=welding.uuid),
                                 {"level": "3", "can_teach": "on", "note": "Ook RVS"}, headers=HTMX)
    assert response.status_code == 200 and "is saved" in response.content.decode()
    entry = entries_of(alice)["Lassen"]
    assert (entry.level, entry.can_teach, entry.wants_to_learn, entry.note) == (3, True, False, "Ook RVS")


def test_an_invalid_change_shows_the_error_on_that_skill(org, alice, welding, login):
    give(alice, welding, 2)
    response = login(alice).post(url("my_skill", org, uuid=welding.uuid), {"level": ""}, headers=HTMX)
    body = response.content.decode()
    assert "Give your level" in body
    assert entries_of(alice)["Lassen"].level == 2


def test_i_remove_a_skill_from_my_profile(org, alice, welding, login):
    give(alice, welding, 2)
    response = login(alice).post(url("my_skill", org, uuid=welding.uuid), {"action": "remove"})
    assert response.status_code == 302
    assert entries_of(alice) == {}


def test_i_cannot_edit_someone_elses_skills(org, alice, bob, welding, login):
    give(bob, welding, 4, can_teach=True)
    client = login(alice)
    # Every write acts on the logged-in person; there is no way to name another profile.
    client.post(url("my_skill", org, uuid=welding.uuid), {"action": "remove"})
    client.post(url("my_skill", org, uuid=welding.uuid), {"level": "1"})
    client.post(url("my_skills", org), {"skill": "Lassen", "level": "1", "person": str(bob.uuid)})
    bob_entry = entries_of(bob)["Lassen"]
    assert (bob_entry.level, bob_entry.can_teach) == (4, True)
    body = client.get(url("profile", org, uuid=bob.uuid)).content.decode()
    assert url("my_skill", org, uuid=welding.uuid) not in body


def test_changing_a_skill_of_another_organisation_is_not_found(org, other_org, alice, login):
    elsewhere = make_skill(other_org, "Geheim")
    assert login(alice).post(url("my_skill", org, uuid=elsewhere.uuid), {"level": "2"}).status_code == 404


def test_my_skill_only_accepts_posts(org, alice, welding, login):
    assert login(alice).get(url("my_skill", org, uuid=welding.uuid)).status_code == 405


def test_get_on_my_skills_leads_to_my_profile(org, alice, login):
    response = login(alice).get(url("my_skills", org))
    assert response.status_code == 302
    assert response["Location"] == url("profile", org, uuid=alice.uuid) + "#skills"


# --- Growth becomes a learning event -------------------------------------------------------------

def events_of(person):
    with scopes_disabled():
        return list(LearningEvent.objects.filter(person=person))


def test_raising_my_level_records_that_i_grew(org, team, alice, welding, login):
    give(alice, welding, 2)
    login(alice).post(url("my_skill", org, uuid=welding.uuid), {"level": "3"})
    [event] = events_of(alice)
    assert event.kind == LearningKind.SKILL_GROWN
    assert event.visibility == Visibility.ORGANISATION
    assert event.team == team
    assert "Lassen" in event.title
    assert event.data == {"skill": str(welding.uuid), "from_level": 2, "to_level": 3}


def test_growth_without_a_team_is_still_recorded(org, carol, welding, login):
    give(carol, welding, 1)
    login(carol).post(url("my_skill", org, uuid=welding.uuid), {"level": "4"})
    [event] = events_of(carol)
    assert event.team is None and event.visibility == Visibility.ORGANISATION


@pytest.mark.parametrize(("before", "after"), [(3, 3), (3, 2), (None, 2)])
def test_no_growth_is_recorded_when_the_level_does_not_rise(org, alice, welding, login, before, after):
    give(alice, welding, before, wants_to_learn=True)
    login(alice).post(url("my_skill", org, uuid=welding.uuid), {"level": str(after), "wants_to_learn": "on"})
    assert events_of(alice) == []


def test_adding_a_new_skill_is_not_growth(org, alice, welding, login):
    login(alice).post(url("my_skills", org), {"skill": "Lassen", "level": "4"})
    assert events_of(alice) == []
