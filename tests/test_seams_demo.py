"""The demo-data seam: parts register; `registered_demo_parts()` orders them by `after`."""

import pytest

from leerritme.lib import demo
from leerritme.lib.demo import SIZES, DemoDataPart, register_demo_part, registered_demo_parts


@pytest.fixture
def only_test_parts(monkeypatch):
    monkeypatch.setattr(demo, "_parts", {})


def names():
    return [part.name for part in registered_demo_parts()]


def noop(context):
    return None


def test_it_keeps_registration_order_without_dependencies(only_test_parts):
    for name in ("a", "b", "c"):
        register_demo_part(DemoDataPart(name, noop))

    assert names() == ["a", "b", "c"]


def test_a_part_runs_after_the_parts_it_names(only_test_parts):
    register_demo_part(DemoDataPart("reflection.meetings", noop, after=("people.people", "orgs.teams")))
    register_demo_part(DemoDataPart("people.people", noop, after=("orgs.teams",)))
    register_demo_part(DemoDataPart("orgs.teams", noop))

    assert names() == ["orgs.teams", "people.people", "reflection.meetings"]


def test_unknown_dependencies_are_ignored(only_test_parts):
    register_demo_part(DemoDataPart("late", noop, after=("not.installed",)))

    assert names() == ["late"]


def test_a_cycle_does_not_hang_and_places_each_part_once(only_test_parts):
    register_demo_part(DemoDataPart("x", noop, after=("y",)))
    register_demo_part(DemoDataPart("y", noop, after=("x",)))

    assert sorted(names()) == ["x", "y"]


def test_the_real_parts_respect_their_dependencies():
    order = names()
    for index, part in enumerate(registered_demo_parts()):
        for dependency in part.after:
            if dependency in order:
                assert order.index(dependency) < index, f"{part.name} runs before {dependency}"


def test_the_sizes_are_the_documented_ones():
    assert SIZES == {"small": 120, "medium": 2_000, "large": 20_000}


# The `leerritme demo` command, which runs the registered parts.


def run_demo(*args):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def demo_org(slug="demo"):
    from leerritme.orgs.models import Organisation

    return Organisation.objects.get(slug=slug)


@pytest.fixture
def small_demo(db):
    run_demo("-v0")
    return demo_org()


def test_it_builds_a_dutch_organisation_with_departments_teams_and_roles(small_demo):
    from django_scopes import scope

    from leerritme.orgs.models import DemoPart, Person, Role, Team, TeamMembership, TeamRole

    with scope(organisation=small_demo):
        assert Person.objects.count() == SIZES["small"]
        roles = list(Person.objects.values_list("role", flat=True))
        assert roles.count(Role.OWNER) == 1
        assert roles.count(Role.LD_ADMIN) == 2
        departments = Team.objects.filter(parent__isnull=True)
        teams = Team.objects.filter(parent__isnull=False)
        assert departments.count() == 3
        assert teams.count() == 8
        for team in [*departments, *teams]:  # a manager leads each department, a lead each team
            assert TeamMembership.objects.filter(team=team, role=TeamRole.LEAD).count() == 1, team.name
        for team in teams:
            assert TeamMembership.objects.filter(team=team, role=TeamRole.MEMBER).count() >= 5, team.name
        recorded = set(DemoPart.objects.values_list("name", flat=True))
        assert recorded == {part.name for part in registered_demo_parts()}


def test_its_people_have_dutch_names_unique_addresses_and_no_password(small_demo):
    from django_scopes import scope

    from leerritme.orgs.models import Person

    with scope(organisation=small_demo):
        people = list(Person.objects.select_related("user"))
    emails = [person.user.email for person in people]
    assert len(set(emails)) == len(emails)
    assert all(email.endswith("@demo.leerritme.nl") for email in emails)
    names = [person.user.name for person in people]
    assert any(" van " in f" {name} " or " de " in f" {name} " for name in names)  # tussenvoegsels
    assert all(person.job_title for person in people)
    logins = {"eigenaar", "leerregisseur", "teamleider", "medewerker"}
    for person in people:
        is_login = person.user.email.split("@")[0] in logins
        assert person.user.has_usable_password() == is_login, person.user.email
        if is_login:
            assert person.user.check_password("leerritme-demo")


def test_the_demo_logins_have_their_roles(small_demo):
    from django_scopes import scope

    from leerritme.orgs.models import Person, Role, TeamRole

    with scope(organisation=small_demo):
        def person(local):
            return Person.objects.select_related("user").get(user__email=f"{local}@demo.leerritme.nl")

        assert person("eigenaar").role == Role.OWNER
        assert person("leerregisseur").role == Role.LD_ADMIN
        lead = person("teamleider")
        assert lead.team_memberships.filter(role=TeamRole.LEAD).exists()
        member = person("medewerker")
        assert member.role == Role.MEMBER
        assert set(member.team_memberships.values_list("team_id", flat=True)) & set(
            lead.team_memberships.values_list("team_id", flat=True)
        )
        for local in ("eigenaar", "leerregisseur", "teamleider", "medewerker"):
            assert person(local).skills.count() >= 4
            assert person(local).notifications.exists()


def test_profiles_have_skills_levels_and_a_year_of_history(small_demo):
    from collections import Counter
    from datetime import timedelta

    from django.utils import timezone
    from django_scopes import scope

    from leerritme.learning.models import LearningEvent, LearningKind
    from leerritme.orgs.models import Person
    from leerritme.people.models import PersonSkill, Skill

    with scope(organisation=small_demo):
        assert 25 <= Skill.objects.count() <= 35
        assert 5 <= Skill.objects.values("category").distinct().count() <= 6
        per_person = Counter(PersonSkill.objects.values_list("person_id", flat=True))
        assert set(per_person) == set(Person.objects.values_list("pk", flat=True))
        assert min(per_person.values()) >= 2 and max(per_person.values()) <= 6
        entries = PersonSkill.objects.all()
        assert entries.filter(can_teach=True).exists()
        assert entries.filter(wants_to_learn=True).exists()
        assert entries.exclude(note="").exists()
        assert set(entries.exclude(level=None).values_list("level", flat=True)) == {1, 2, 3, 4}
        events = LearningEvent.objects.all()
        kinds = set(events.values_list("kind", flat=True))
        assert {LearningKind.SKILL_GROWN, LearningKind.SKILL_TAUGHT} <= kinds
        year_ago = timezone.now() - timedelta(days=366)
        assert not events.filter(occurred_at__lt=year_ago).exists()
        months = {event.occurred_at.strftime("%Y-%m") for event in events}
        assert len(months) >= 10  # spread over the year, not all today
        joined_years = {person.joined_at.year for person in Person.objects.all()}
        assert len(joined_years) >= 8


def test_a_second_run_adds_nothing(small_demo):
    from django_scopes import scope

    from leerritme.learning.models import LearningEvent
    from leerritme.orgs.models import Person

    with scope(organisation=small_demo):
        before = (Person.objects.count(), LearningEvent.objects.count())

    assert "nothing to add" in run_demo()
    assert run_demo("--if-missing") == ""

    with scope(organisation=small_demo):
        assert (Person.objects.count(), LearningEvent.objects.count()) == before


def test_a_part_registered_later_runs_once_on_the_next_run(small_demo, monkeypatch):
    from django_scopes import scope

    calls = []
    parts = dict(demo._parts)
    monkeypatch.setattr(demo, "_parts", parts)
    register_demo_part(DemoDataPart("later.part", calls.append, after=("people.people",)))

    run_demo("--if-missing", "-v0")
    run_demo("--if-missing", "-v0")

    assert len(calls) == 1
    context = calls[0]
    assert context.organisation == small_demo
    assert (context.size, context.people) == ("small", 120)  # the existing demo's size
    from leerritme.orgs.models import DemoPart

    with scope(organisation=small_demo):
        assert DemoPart.objects.filter(name="later.part").exists()


def test_a_failing_part_leaves_nothing_half_done(small_demo, monkeypatch):
    from django_scopes import scope

    from leerritme.orgs.models import DemoPart, Team

    def broken(context):
        Team.objects.create(organisation=context.organisation, name="Half done")
        raise RuntimeError("boom")

    monkeypatch.setattr(demo, "_parts", {**demo._parts, "broken": DemoDataPart("broken", broken)})

    with pytest.raises(RuntimeError):
        run_demo("-v0")

    with scope(organisation=small_demo):
        assert not Team.objects.filter(name="Half done").exists()
        assert not DemoPart.objects.filter(name="broken").exists()


def test_the_same_seed_gives_the_same_people(db):
    from django_scopes import scope

    from leerritme.orgs.models import Person

    run_demo("--org", "demo-a", "-v0")
    run_demo("--org", "demo-b", "-v0")

    def people(slug):
        with scope(organisation=demo_org(slug)):
            return list(Person.objects.order_by("pk").values_list("user__name", "job_title", "role"))

    assert people("demo-a") == people("demo-b")
    assert demo_org("demo-a").name != ""


def test_it_prints_the_logins_per_role(small_demo):
    out = run_demo("--logins")

    for role, email in [("Owner", "eigenaar"), ("L&D admin", "leerregisseur"), ("Team lead", "teamleider"),
                        ("Member", "medewerker")]:
        line = next(line for line in out.splitlines() if f"{email}@demo.leerritme.nl" in line)
        assert line.strip().startswith(role)
    assert "leerritme-demo" in out
    assert "/o/demo/" in out


def test_printing_logins_without_a_demo_is_a_clear_error(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="leerritme demo"):
        run_demo("--logins")


def test_larger_sizes_add_regional_teams():
    from leerritme.orgs.demo import regional_teams

    assert regional_teams(SIZES["small"]) == []
    large = regional_teams(SIZES["large"])
    assert len(large) == SIZES["large"] // 25 - 8
    assert len({name for _, name, _ in large}) == len(large)
