"""Importing teams (with departments above them) and the skills taxonomy."""

import pytest

from leerritme.orgs.models import Team
from leerritme.people.models import ImportStatus, Skill
from leerritme.people.services.importing import import_job_check, import_job_create, import_job_run

pytestmark = pytest.mark.usefixtures("in_org")


def check(org, text, kind):
    job = import_job_create(
        organisation=org,
        uploaded_by=None,
        kind=kind,
        file_name=f"{kind}.csv",
        content=text.encode(),
        enqueue=False,
    )
    return import_job_check(job=job)


def codes(job):
    return [(e["row"], e["code"]) for e in job.errors]


def parents(org):
    return {
        team.name: team.parent.name if team.parent else None for team in Team.objects.select_related("parent")
    }


def test_it_imports_teams_with_their_departments_in_any_order(org, team):
    job = check(
        org,
        "naam;onderdeel van;omschrijving\nMontage;Productie;Eindmontage\nProductie;;\nOnderhoud;Productie;\n",
        "teams",
    )
    assert job.errors == []
    assert job.preview["counts"] == {"new": 2, "updated": 1, "unchanged": 0}
    job = import_job_run(job=job)
    assert job.status == ImportStatus.DONE
    assert parents(org) == {"Montage": "Productie", "Productie": None, "Onderhoud": "Productie"}
    assert Team.objects.get(name="Montage").description == "Eindmontage"


def test_importing_teams_twice_changes_nothing(org):
    text = "name,part of\nProductie,\nMontage,Productie\n"
    import_job_run(job=check(org, text, "teams"))
    second = check(org, text, "teams")
    assert second.preview["counts"] == {"new": 0, "updated": 0, "unchanged": 2}
    assert import_job_run(job=second).summary["created"] == 0
    assert Team.objects.count() == 2


def test_it_reports_unknown_parents_and_teams_that_would_be_part_of_each_other(org, team):
    job = check(org, "name,parent\nA,B\nB,C\nC,A\nD,Nergens\nE,e\nF,A\n", "teams")
    assert codes(job) == [(2, "cycle"), (3, "cycle"), (4, "cycle"), (5, "unknown_parent"), (6, "own_parent")]
    assert import_job_run(job=job).status == ImportStatus.CHECKED
    assert list(Team.objects.values_list("name", flat=True)) == ["Onderhoud"]


def test_a_cycle_through_an_existing_team_is_found(org, team):
    child = Team.objects.create(organisation=org, name="Lasserij", parent=team)
    job = check(org, f"name,parent\n{team.name},{child.name}\n", "teams")
    assert codes(job) == [(2, "cycle")]
    assert "Onderhoud → Lasserij → Onderhoud" in job.errors[0]["path"]


def test_it_imports_and_updates_skills(org):
    Skill.objects.create(organisation=org, name="Lassen", category="")
    job = check(
        org,
        "naam;categorie;omschrijving\nlassen;Techniek;\nHydrauliek;Techniek;Pompen en cilinders\n",
        "skills",
    )
    assert job.preview["counts"] == {"new": 1, "updated": 1, "unchanged": 0}
    job = import_job_run(job=job)
    assert job.summary["created"] == 1
    assert dict(Skill.objects.values_list("name", "category")) == {
        "Lassen": "Techniek",
        "Hydrauliek": "Techniek",
    }
    again = check(org, "naam;categorie\nLassen;Techniek\nHydrauliek;Techniek\n", "skills")
    assert again.preview["counts"] == {"new": 0, "updated": 0, "unchanged": 2}


def test_a_duplicate_skill_is_an_error(org):
    job = check(org, "name,category\nLassen,Techniek\nLASSEN,Techniek\n", "skills")
    assert codes(job) == [(3, "duplicate")]
    assert not Skill.objects.exists()
