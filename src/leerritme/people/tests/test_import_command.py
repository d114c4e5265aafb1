"""`leerritme import-people FILE --org SLUG [--dry-run] [--invite]` and `import-skills`."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from leerritme.orgs.models import Person
from leerritme.people.models import ImportJob, Skill


def command(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, "--language", "en", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def people_file(tmp_path):
    path = tmp_path / "mensen.csv"
    path.write_text(
        "e-mailadres;naam;team\nanna@example.org;Anna Jansen;Onderhoud\nbert@example.org;Bert;\n",
        encoding="utf-8-sig",
    )
    return path


def people_in(org):
    with scopes_disabled():
        return sorted(Person.objects.filter(organisation=org).values_list("user__email", flat=True))


def test_it_imports_a_file_and_reports_the_result(org, team, people_file):
    out, _err = command("import-people", str(people_file), "--org", org.slug)
    assert "2 rows checked: 2 new, 0 updated, 0 unchanged." in out
    assert "Imported: 2 new" in out
    assert people_in(org) == ["anna@example.org", "bert@example.org"]
    with scopes_disabled():
        assert ImportJob.objects.get(organisation=org).uploaded_by is None  # shown as "command line"


def test_a_second_run_changes_nothing(org, team, people_file):
    command("import-people", str(people_file), "--org", org.slug)
    out, _err = command("import-people", str(people_file), "--org", org.slug)
    assert "Imported: 0 new, 0 updated, 2 unchanged." in out


def test_dry_run_imports_nothing_and_keeps_no_copy(org, team, people_file):
    out, _err = command("import-people", str(people_file), "--org", org.slug, "--dry-run")
    assert "2 new" in out and "Dry run" in out
    assert people_in(org) == []
    with scopes_disabled():
        assert not ImportJob.objects.exists()


def test_a_file_with_errors_exits_with_1_and_lists_them(org, team, tmp_path):
    path = tmp_path / "fout.csv"
    path.write_text("email,team\nanna@example.org,Onderhoud\nbert@,Onderhoud\ncees@example.org,Nergens\n")
    err = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import-people", str(path), "--org", org.slug, "--language", "en", stderr=err)
    assert info.value.returncode == 1
    assert "row 3 (e-mail address): “bert@” is not a valid e-mail address." in err.getvalue()
    assert "row 4 (team): Unknown team “Nergens”" in err.getvalue()
    assert people_in(org) == []


def test_unknown_organisation_or_file_is_an_error(org, people_file, tmp_path):
    with pytest.raises(CommandError, match="No organisation"):
        call_command("import-people", str(people_file), "--org", "nope")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import-people", str(tmp_path / "missing.csv"), "--org", org.slug)


def test_it_refuses_files_over_the_limit(org, people_file, settings):
    settings.IMPORT_MAX_BYTES = 10
    with pytest.raises(CommandError, match="larger than"):
        call_command("import-people", str(people_file), "--org", org.slug)


def test_teams_can_be_created_and_skills_imported(org, tmp_path):
    people = tmp_path / "p.csv"
    people.write_text("email,team\nanna@example.org,Lasserij\n")
    out, _err = command("import-people", str(people), "--org", org.slug, "--create-teams")
    assert "New teams: Lasserij" in out
    skills = tmp_path / "s.csv"
    skills.write_text("naam,categorie\nLassen,Techniek\n")
    out, _err = command("import-skills", str(skills), "--org", org.slug)
    assert "Imported: 1 new" in out
    with scopes_disabled():
        assert Skill.objects.filter(organisation=org, name="Lassen").exists()


def test_invite_sends_invitations_to_new_people(
    org, team, people_file, mailoutbox, django_capture_on_commit_callbacks
):
    from leerritme.people.models import Invitation

    with django_capture_on_commit_callbacks(execute=True):
        out, _err = command("import-people", str(people_file), "--org", org.slug, "--invite")
    assert "Invitations sent: 2" in out
    assert sorted(m.to[0] for m in mailoutbox) == ["anna@example.org", "bert@example.org"]
    with scopes_disabled():
        invitation = Invitation.objects.get(organisation=org, email="anna@example.org")
    assert (invitation.name, invitation.team) == ("Anna Jansen", team)
