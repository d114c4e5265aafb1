"""The skills taxonomy: everyone reads it with its counts, L&D admins and owners edit it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from conftest import make_person
from leerritme.people.models import PersonSkill, Skill
from leerritme.people.services.skills import skill_create, skill_update
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


def skill_names(org):
    with scopes_disabled():
        return sorted(Skill.objects.filter(organisation=org).values_list("name", flat=True))


@pytest.fixture
def welding(org):
    return make_skill(org, "Lassen", "Techniek")


# --- The list ------------------------------------------------------------------------------------

def test_everyone_sees_the_skills_by_category_with_counts(org, alice, bob, carol, dave, welding, login):
    make_skill(org, "Feedback geven", "Samenwerken")
    give(alice, welding, 2, wants_to_learn=True)
    give(bob, welding, 4, can_teach=True)
    give(carol, welding, None, wants_to_learn=True)
    give(dave, welding, 3)
    response = login(alice).get(url("skill_list", org))
    assert response.status_code == 200
    skills = {s.name: s for s in response.context["skills"]}
    assert [s.name for s in response.context["skills"]] == ["Feedback geven", "Lassen"]
    lassen = skills["Lassen"]
    assert (lassen.have_count, lassen.teach_count, lassen.learn_count) == (3, 1, 2)
    assert skills["Lassen"].mine.wants_to_learn
    body = response.content.decode()
    assert "Samenwerken" in body and "Techniek" in body
    assert url("skill_create", org) not in body


def test_skills_without_a_category_come_last(org, alice, welding, login):
    make_skill(org, "Excel")
    make_skill(org, "Feedback geven", "Samenwerken")
    response = login(alice).get(url("skill_list", org))
    assert [s.name for s in response.context["skills"]] == ["Feedback geven", "Lassen", "Excel"]
    assert "Other skills" in response.content.decode()


def test_i_have_this_skill_leads_to_my_profile_with_the_skill_filled_in(org, alice, welding, login):
    client = login(alice)
    body = client.get(url("skill_detail", org, uuid=welding.uuid)).content.decode()
    link = url("profile", org, uuid=alice.uuid) + "?add=Lassen#add-skill"
    assert link in body
    response = client.get(url("profile", org, uuid=alice.uuid), {"add": "Lassen"})
    assert response.context["add_form"]["skill"].value() == "Lassen"


def test_the_counts_leave_out_deactivated_people(org, alice, bob, welding, login):
    give(bob, welding, 4, can_teach=True)
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    skill = login(alice).get(url("skill_list", org)).context["skills"][0]
    assert (skill.have_count, skill.teach_count) == (0, 0)


def test_the_list_filters_by_name_or_category_with_htmx(org, alice, welding, login):
    make_skill(org, "Feedback geven", "Samenwerken")
    response = login(alice).get(url("skill_list", org), {"q": "samen"}, headers={"HX-Request": "true"})
    assert [s.name for s in response.context["skills"]] == ["Feedback geven"]
    assert "<html" not in response.content.decode()


def test_admins_see_the_edit_and_import_links(org, carol, welding, login):
    body = login(carol).get(url("skill_list", org)).content.decode()
    for link in (url("skill_create", org), url("skill_edit", org, uuid=welding.uuid), url("import", org)):
        assert link in body


def test_the_list_counts_in_one_query_however_many_skills(org, alice, login, django_assert_max_num_queries):
    people = [make_person(org, f"p{i}@vonk.test", f"P {i}") for i in range(10)]
    for i in range(30):
        skill = make_skill(org, f"Skill {i}", f"Cat {i % 4}")
        for p in people[: i % 10]:
            give(p, skill, 2, can_teach=bool(i % 2), wants_to_learn=not i % 2)
    client = login(alice)
    client.get(url("skill_list", org))
    with django_assert_max_num_queries(8):
        response = client.get(url("skill_list", org))
    assert len(response.context["skills"]) == 30


# --- A skill -------------------------------------------------------------------------------------

def test_a_skill_shows_who_can_teach_it_and_who_wants_to_learn_it(org, alice, bob, carol, dave, welding,
                                                                  login):
    with scopes_disabled():
        Skill.objects.filter(pk=welding.pk).update(description="MIG, TIG en elektrode.")
    give(bob, welding, 3, can_teach=True)
    give(carol, welding, 4, can_teach=True)
    give(alice, welding, wants_to_learn=True)
    give(dave, welding, 2)
    response = login(alice).get(url("skill_detail", org, uuid=welding.uuid))
    assert response.status_code == 200
    assert [e.person for e in response.context["teachers"]] == [carol, bob]
    assert [e.person for e in response.context["learners"]] == [alice]
    assert [e.person for e in response.context["holders"]] == [dave]
    assert response.context["mine"].wants_to_learn
    assert "MIG, TIG en elektrode." in response.content.decode()


def test_i_can_say_i_want_to_learn_a_skill_from_its_page(org, alice, bob, welding, login):
    give(bob, welding, 4, can_teach=True)
    client = login(alice)
    assert "I want to learn this" in client.get(url("skill_detail", org, uuid=welding.uuid)).content.decode()
    response = client.post(url("my_skill", org, uuid=welding.uuid), {"wants_to_learn": "on"}, follow=True)
    with scopes_disabled():
        assert PersonSkill.objects.get(person=alice, skill=welding).wants_to_learn
    assert "Bob Jansen" in response.content.decode()


def test_a_skill_page_has_a_fixed_number_of_queries(org, alice, welding, login, monkeypatch,
                                                    django_assert_max_num_queries):
    monkeypatch.setattr("leerritme.people.views.skills.DETAIL_LIMIT", 10)
    for i in range(30):
        give(make_person(org, f"p{i}@vonk.test", f"P {i}"), welding, (i % 4) + 1,
             can_teach=bool(i % 2), wants_to_learn=not i % 3)
    client = login(alice)
    client.get(url("skill_detail", org, uuid=welding.uuid))
    with django_assert_max_num_queries(13):
        response = client.get(url("skill_detail", org, uuid=welding.uuid))
    assert len(response.context["teachers"]) == 10 and response.context["teacher_count"] == 15


def test_a_skill_of_another_organisation_is_not_found(org, other_org, alice, carol, login):
    elsewhere = make_skill(other_org, "Geheim")
    assert login(alice).get(url("skill_detail", org, uuid=elsewhere.uuid)).status_code == 404
    client = login(carol)
    assert client.get(url("skill_edit", org, uuid=elsewhere.uuid)).status_code == 404
    assert client.post(url("skill_delete", org, uuid=elsewhere.uuid), {"confirm": "yes"}).status_code == 404
    assert skill_names(other_org) == ["Geheim"]


# --- Editing the taxonomy ------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["carol", "dave"])
def test_ld_admins_and_owners_add_a_skill(org, who, request, login):
    client = login(request.getfixturevalue(who))
    assert client.get(url("skill_create", org)).status_code == 200
    response = client.post(url("skill_create", org), {"name": " Lassen ", "category": "Techniek",
                                                      "description": "Metaal verbinden."})
    assert response.status_code == 302
    with scopes_disabled():
        skill = Skill.objects.get(organisation=org)
    assert (skill.name, skill.category, skill.description) == ("Lassen", "Techniek", "Metaal verbinden.")


def test_save_and_add_another_returns_to_an_empty_form(org, carol, login):
    response = login(carol).post(url("skill_create", org), {"name": "Lassen", "add_another": "1"})
    assert response["Location"] == url("skill_create", org)


@pytest.mark.parametrize("name", ["Lassen", "lassen", " LASSEN "])
def test_a_name_already_in_use_gets_a_clear_message(org, carol, welding, login, name):
    response = login(carol).post(url("skill_create", org), {"name": name})
    assert response.status_code == 200
    assert "There is already a skill named “Lassen”" in response.content.decode()
    assert skill_names(org) == ["Lassen"]


def test_the_same_name_may_exist_in_another_organisation(org, other_org, carol, login):
    make_skill(other_org, "Lassen")
    assert login(carol).post(url("skill_create", org), {"name": "Lassen"}).status_code == 302
    assert skill_names(org) == ["Lassen"]


def test_an_empty_name_is_refused(org, carol, login):
    response = login(carol).post(url("skill_create", org), {"name": "   "})
    assert response.status_code == 200 and response.context["form"].errors["name"]
    assert skill_names(org) == []


def test_an_admin_renames_a_skill_and_profiles_keep_it(org, carol, alice, welding, login):
    give(alice, welding, 3)
    client = login(carol)
    assert client.get(url("skill_edit", org, uuid=welding.uuid)).status_code == 200
    response = client.post(url("skill_edit", org, uuid=welding.uuid), {"name": "Lassen (MIG)"})
    assert response.status_code == 302
    with scopes_disabled():
        assert PersonSkill.objects.get(person=alice).skill.name == "Lassen (MIG)"


def test_renaming_onto_another_skill_is_refused(org, carol, welding, login):
    make_skill(org, "Solderen")
    response = login(carol).post(url("skill_edit", org, uuid=welding.uuid), {"name": "solderen"})
    assert "There is already a skill named “Solderen”" in response.content.decode()
    assert skill_names(org) == ["Lassen", "Solderen"]


def test_changing_only_the_case_of_a_name_is_fine(org, carol, welding, login):
    assert login(carol).post(url("skill_edit", org, uuid=welding.uuid), {"name": "LASSEN"}).status_code == 302
    assert skill_names(org) == ["LASSEN"]


def test_a_skill_nobody_uses_is_deleted_at_once(org, carol, welding, login):
    response = login(carol).post(url("skill_delete", org, uuid=welding.uuid))
    assert response.status_code == 302
    assert skill_names(org) == []


def test_deleting_a_skill_in_use_asks_first_and_says_how_many_profiles(org, carol, alice, bob, welding,
                                                                      login):
    give(alice, welding, 2)
    give(bob, welding, 4, can_teach=True)
    client = login(carol)
    response = client.post(url("skill_delete", org, uuid=welding.uuid))
    body = response.content.decode()
    assert response.status_code == 200
    assert "2 colleagues have this skill on their profile" in body
    assert skill_names(org) == ["Lassen"]
    response = client.post(url("skill_delete", org, uuid=welding.uuid), {"confirm": "yes"}, follow=True)
    assert skill_names(org) == []
    assert "taken off 2 profiles" in response.content.decode()
    with scopes_disabled():
        assert not PersonSkill.objects.filter(organisation=org).exists()


def test_the_edit_page_says_how_many_profiles_use_the_skill(org, carol, alice, welding, login):
    give(alice, welding, 2)
    body = login(carol).get(url("skill_edit", org, uuid=welding.uuid)).content.decode()
    assert "1 profile lists this skill" in body


def test_members_and_team_leads_may_not_edit_the_taxonomy(org, alice, bob, welding, login):
    for member in (alice, bob):
        client = login(member)
        assert client.get(url("skill_create", org)).status_code == 403
        assert client.post(url("skill_create", org), {"name": "Nieuw"}).status_code == 403
        assert client.get(url("skill_edit", org, uuid=welding.uuid)).status_code == 403
        assert client.post(url("skill_edit", org, uuid=welding.uuid), {"name": "Anders"}).status_code == 403
        assert client.post(url("skill_delete", org, uuid=welding.uuid), {"confirm": "yes"}).status_code == 403
    assert skill_names(org) == ["Lassen"]


def test_charlie_gets_404_on_every_skills_url(org, welding, charlie, login):
    client = login(charlie)
    paths = (url("skill_list", org), url("skill_detail", org, uuid=welding.uuid), url("skill_create", org),
             url("skill_edit", org, uuid=welding.uuid), url("skill_delete", org, uuid=welding.uuid))
    for path in paths:
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"name": "x", "confirm": "yes"}).status_code == 404, path
    assert skill_names(org) == ["Lassen"]


# --- Services ------------------------------------------------------------------------------------

def test_the_service_refuses_duplicate_names_ignoring_case(org, in_org, welding):
    with pytest.raises(ValidationError) as error:
        skill_create(organisation=org, name="LASSEN")
    assert error.value.code == "unique"


def test_the_service_tidies_names_and_categories(org, in_org, welding):
    skill = skill_create(organisation=org, name="  Feedback   geven ", category=" Samen  werken ")
    assert (skill.name, skill.category) == ("Feedback geven", "Samen werken")
    skill_update(skill=welding, name="Lassen", category="Techniek", description="  Metaal  ")
    welding.refresh_from_db()
    assert welding.description == "Metaal"
