"""Importing people: the dry run, all or nothing, idempotent by e-mail, updates, roles and teams."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from conftest import make_person
from leerritme.accounts.models import User
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.people.models import ImportJob, ImportStatus
from leerritme.people.services.importing import import_job_check, import_job_create, import_job_run

pytestmark = pytest.mark.usefixtures("in_org")


def check(org, text, *, by=None, options=None, name="people.csv", kind="people"):
    content = text.encode() if isinstance(text, str) else text
    job = import_job_create(
        organisation=org,
        uploaded_by=by,
        kind=kind,
        file_name=name,
        content=content,
        options=options,
        enqueue=False,
    )
    return import_job_check(job=job)


def run(org, text, **kwargs):
    job = check(org, text, **kwargs)
    assert job.errors == [], job.errors
    return import_job_run(job=job)


def codes(job):
    return [(e["row"], e["code"]) for e in job.errors]


def emails_in(org):
    return sorted(Person.objects.values_list("user__email", flat=True))


HEADER = "email,name,team,team role,role,job title\n"


def test_the_check_imports_nothing_and_previews_what_would_happen(org, team, carol):
    job = check(
        org,
        HEADER + "anna@example.org,Anna Jansen,Onderhoud,lead,,Monteur\ncarol@vonk.test,Carol Bakker,,,,\n",
        by=carol,
    )
    assert job.status == ImportStatus.CHECKED
    assert job.errors == []
    assert job.preview["counts"] == {"new": 1, "updated": 0, "unchanged": 1}
    assert job.preview["new_sample"][0]["email"] == "anna@example.org"
    assert job.is_ready
    assert "anna@example.org" not in emails_in(org)


def test_it_creates_people_with_accounts_and_teams(org, team, carol):
    job = run(org, HEADER + "Anna@Example.org,Anna Jansen,Onderhoud,lead,ld_admin,Monteur\n", by=carol)
    assert job.status == ImportStatus.DONE
    assert job.summary["created"] == 1
    assert job.content == b""  # the personal data is not kept twice
    user = User.objects.get(email="anna@example.org")
    assert user.name == "Anna Jansen"
    assert not user.has_usable_password()
    assert user.language == org.default_language
    person = Person.objects.get(user=user)
    assert (person.role, person.job_title) == ("ld_admin", "Monteur")
    membership = TeamMembership.objects.get(person=person)
    assert (membership.team, membership.role) == (team, "lead")


def test_a_file_with_one_bad_row_imports_nothing(org, team, carol):
    text = HEADER + "a@example.org,A,Onderhoud,,,\nb@example.org,B,Onbekend,,,\nc@example.org,C,,,,\n"
    job = check(org, text, by=carol)
    assert codes(job) == [(3, "unknown_team")]
    assert not job.is_ready
    job = import_job_run(job=job)  # even if someone tries
    assert job.status == ImportStatus.CHECKED
    assert emails_in(org) == ["carol@vonk.test"]


def test_importing_the_same_file_twice_changes_nothing_the_second_time(org, team, carol):
    text = HEADER + "a@example.org,A de Boer,Onderhoud,lead,,Monteur\nb@example.org,B,Onderhoud,,,\n"
    run(org, text, by=carol)
    users_before = User.objects.count()
    second = check(org, text, by=carol)
    assert second.preview["counts"] == {"new": 0, "updated": 0, "unchanged": 2}
    second = import_job_run(job=second)
    assert second.summary["created"] == 0 and second.summary["unchanged"] == 2
    assert User.objects.count() == users_before
    assert (
        TeamMembership.objects.filter(person__user__email__in=["a@example.org", "b@example.org"]).count() == 2
    )


def test_it_updates_changed_names_job_titles_roles_and_teams(org, team, carol):
    planning = Team.objects.create(organisation=org, name="Planning")
    run(org, HEADER + "a@example.org,A de Boer,Onderhoud,,,Monteur\n", by=carol)
    job = check(org, HEADER + "a@example.org,Anne de Boer,Planning,lead,ld_admin,Planner\n", by=carol)
    assert job.preview["counts"] == {"new": 0, "updated": 1, "unchanged": 0}
    fields = [c["field"] for c in job.preview["updated_sample"][0]["changes"]]
    assert fields == ["name", "job_title", "role", "teams"]
    import_job_run(job=job)
    person = Person.objects.select_related("user").get(user__email="a@example.org")
    assert (person.user.name, person.job_title, person.role) == ("Anne de Boer", "Planner", "ld_admin")
    assert list(TeamMembership.objects.filter(person=person).values_list("team", "role")) == [
        (planning.pk, "lead")
    ]


def test_empty_cells_leave_existing_values_alone(org, team, alice, carol):
    job = run(org, HEADER + "alice@vonk.test,,,,,\n", by=carol)
    assert job.summary["unchanged"] == 1
    assert TeamMembership.objects.filter(person=alice, team=team).exists()


def test_an_existing_account_from_another_organisation_joins_this_one(org, other_org, charlie, carol):
    job = run(org, HEADER + "charlie@anders.test,Someone Else,,,,Adviseur\n", by=carol)
    assert job.summary["created"] == 1
    assert User.objects.filter(email="charlie@anders.test").count() == 1
    person = Person.objects.get(user=charlie.user)
    assert person.job_title == "Adviseur"
    charlie.user.refresh_from_db()
    # The account's name is also used in the other organisation: this one's import does not rename it.
    assert charlie.user.name == "Charlie Smit"


def test_a_deactivated_person_in_the_file_is_reactivated(org, alice, carol):
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    job = check(org, HEADER + "alice@vonk.test,,,,,\n", by=carol)
    assert job.preview["counts"]["updated"] == 1
    import_job_run(job=job)
    alice.refresh_from_db()
    assert alice.is_active


def test_unknown_teams_can_be_created_on_request(org, carol):
    job = check(
        org,
        HEADER + "a@example.org,A,Lasserij|Montage,,,\nb@example.org,B,lasserij,,,\n",
        by=carol,
        options={"create_teams": True},
    )
    assert job.preview["new_teams"] == ["Lasserij", "Montage"]
    job = import_job_run(job=job)
    assert job.summary["teams_created"] == ["Lasserij", "Montage"]
    assert TeamMembership.objects.filter(team__name="Lasserij").count() == 2


def test_team_names_match_without_case(org, team, carol):
    job = run(org, HEADER + "a@example.org,A,onderhoud,,,\n", by=carol)
    assert job.summary["created"] == 1
    assert TeamMembership.objects.get(person__user__email="a@example.org").team == team


def test_only_owners_hand_out_or_take_away_ownership(org, carol, dave):
    job = check(org, HEADER + "new@example.org,N,,,owner,\ndave@vonk.test,,,,member,\n", by=carol)
    assert codes(job) == [(2, "owner_only"), (3, "owner_only")]
    assert codes(check(org, HEADER + "new@example.org,N,,,owner,\n", by=dave)) == []


def test_nobody_changes_their_own_role_by_import(org, carol):
    assert codes(check(org, HEADER + "carol@vonk.test,,,,member,\n", by=carol)) == [(2, "own_role")]


def test_it_reports_all_problems_of_a_row(org, carol):
    job = check(org, HEADER + "not-an-address,X,Onbekend,,,\n", by=carol)
    assert codes(job) == [(2, "invalid_email"), (2, "unknown_team")]


def test_a_concurrent_change_rolls_the_whole_import_back(org, team, carol, monkeypatch):
    job = check(org, HEADER + "a@example.org,A,Onderhoud,,,\nb@example.org,B,,,,\n", by=carol)
    # Between the check and the write, someone else creates b@example.org in this organisation.
    from leerritme.people.services import importing as service

    original = service.PeoplePlan.apply

    def apply_after_a_colleague(plan):
        make_person(org, "b@example.org", "B")
        return original(plan)

    monkeypatch.setattr(service.PeoplePlan, "apply", apply_after_a_colleague)
    job = import_job_run(job=job)
    assert job.status == ImportStatus.FAILED
    assert codes(job) == [(None, "changed")]
    assert not User.objects.filter(email="a@example.org").exists()


def test_progress_is_recorded_in_steps(org, carol, monkeypatch):
    from leerritme.people.services import importing as service

    monkeypatch.setattr(service, "CHUNK", 10)
    seen = []
    job = import_job_create(
        organisation=org,
        uploaded_by=carol,
        kind="people",
        file_name="p.csv",
        content=("email\n" + "".join(f"p{i}@example.org\n" for i in range(35))).encode(),
        enqueue=False,
    )
    import_job_check(job=job, progress=seen.append)
    assert seen == [0, 10, 20, 30, 35]
    assert ImportJob.objects.get(pk=job.pk).processed_rows == 35


def rows(count, start=0):
    return HEADER + "".join(
        f"p{i}@example.org,Person {i},Onderhoud{'|Planning' if i % 2 else ''},,,Job {i}\n"
        for i in range(start, start + count)
    )


def test_the_number_of_queries_does_not_grow_with_the_rows(org, team, carol):
    Team.objects.create(organisation=org, name="Planning")

    def queries_for(text):
        job = check(org, text, by=carol)
        with CaptureQueriesContext(connection) as captured:
            import_job_check(job=job, progress=lambda done: None)
            import_job_run(job=job, progress=lambda done: None)
        assert job.status == ImportStatus.DONE
        return len(captured)

    small = queries_for(rows(20))
    large = queries_for(rows(200, start=1000))
    assert large <= 40
    assert large == small
    # And an update of those 200 people costs no more.
    updated = rows(200, start=1000).replace("Job ", "Werk ")
    assert queries_for(updated) <= 40


def test_every_example_file_imports_cleanly(org, carol):
    from pathlib import Path

    data = Path(__file__).resolve().parent.parent / "data"
    for language in ("nl", "en"):
        for kind in ("teams", "skills", "people"):
            content = (data / f"{kind}.{language}.csv").read_bytes()
            job = check(org, content, by=carol, kind=kind, name=f"{kind}.csv")
            assert job.errors == [], (language, kind, job.errors)
            assert import_job_run(job=job).status == ImportStatus.DONE
    with scopes_disabled():
        assert Person.objects.filter(
            organisation=org, user__email="sanne.de.vries@example.org", role="ld_admin"
        ).exists()


def test_an_account_stored_with_capitals_is_found(org, carol):
    user = User.objects.create(email="Mixed.Case@Example.org", name="Mixed")
    job = run(org, HEADER + "mixed.case@example.org,,,,,\n", by=carol)
    assert job.summary["created"] == 1
    assert User.objects.filter(email__iexact="mixed.case@example.org").count() == 1
    assert Person.objects.filter(user=user).exists()
