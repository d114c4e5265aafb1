"""The import pages: upload, dry-run preview with every bad row, import, result; who may use them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from leerritme.orgs.models import Person
from leerritme.people.models import ImportJob, ImportStatus, Skill
from leerritme.people.services.importing import import_job_create

PEOPLE = "e-mailadres;naam;team;functie\n"


def url(org, name="people:import", **kwargs):
    return reverse(name, kwargs={"org": org.slug, **kwargs})


def upload(client, org, text, *, kind="people", name="mensen.csv", capture=None, **extra):
    data = {
        "kind": kind,
        "file": SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text),
        **extra,
    }
    with capture(execute=True):
        return client.post(url(org), data)


@pytest.fixture
def english(carol):
    """Carol reads English, so the assertions do not depend on the Dutch translations being compiled."""
    carol.user.language = "en"
    carol.user.save(update_fields=["language"])
    return carol


def latest_job():
    with scopes_disabled():
        return ImportJob.objects.order_by("-created_at").first()


def test_carol_sees_the_import_page_with_examples_and_columns(org, carol, login):
    response = login(carol).get(url(org))
    assert response.status_code == 200
    page = response.content.decode()
    assert url(org, "people:import_example", kind="people", fmt="xlsx") in page
    assert "e-mailadres" in page
    assert 'name="kind"' in page


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_members_and_team_leads_may_not_import(who, org, request, login):
    client = login(request.getfixturevalue(who))
    assert client.get(url(org)).status_code == 403
    assert client.post(url(org), {"kind": "people"}).status_code == 403
    assert client.get(url(org, "people:import_example", kind="people", fmt="csv")).status_code == 403


def test_members_cannot_see_someone_elses_import(org, carol, alice, login):
    with scopes_disabled():
        job = import_job_create(
            organisation=org,
            uploaded_by=carol,
            kind="people",
            file_name="x.csv",
            content=b"email\na@example.org\n",
            enqueue=False,
        )
    client = login(alice)
    assert client.get(url(org, "people:import_job", uuid=job.uuid)).status_code == 403
    assert client.post(url(org, "people:import_run", uuid=job.uuid)).status_code == 403
    assert client.get(url(org, "people:import_errors", uuid=job.uuid)).status_code == 403


def test_charlie_gets_404(org, carol, charlie, login):
    with scopes_disabled():
        job = import_job_create(
            organisation=org,
            uploaded_by=carol,
            kind="people",
            file_name="x.csv",
            content=b"email\na@example.org\n",
            enqueue=False,
        )
    client = login(charlie)
    assert client.get(url(org)).status_code == 404
    assert client.get(url(org, "people:import_job", uuid=job.uuid)).status_code == 404
    assert client.post(url(org, "people:import_run", uuid=job.uuid)).status_code == 404
    assert client.get(url(org, "people:import_example", kind="people", fmt="csv")).status_code == 404


def test_the_owner_may_import(org, dave, login):
    assert login(dave).get(url(org)).status_code == 200


def test_a_file_with_a_bad_row_shows_the_row_and_reason_and_imports_nothing(
    org, team, english, carol, login, django_capture_on_commit_callbacks
):
    client = login(carol)
    response = upload(
        client,
        org,
        PEOPLE + "anna@example.org;Anna;Onderhoud;Monteur\nbert@;Bert;;\n",
        capture=django_capture_on_commit_callbacks,
    )
    job = latest_job()
    assert response.status_code == 302
    assert response["Location"] == url(org, "people:import_job", uuid=job.uuid)
    page = client.get(response["Location"]).content.decode()
    assert "Row 3" in page
    assert "bert@" in page
    assert "“bert@” is not a valid e-mail address." in page
    assert 'name="file"' in page  # upload the corrected file right there
    assert url(org, "people:import_run", uuid=job.uuid) not in page
    # Even a forged POST imports nothing.
    client.post(url(org, "people:import_run", uuid=job.uuid))
    with scopes_disabled():
        assert not Person.objects.filter(user__email="anna@example.org").exists()


def test_a_clean_file_is_previewed_then_imported(
    org, team, english, carol, login, django_capture_on_commit_callbacks
):
    client = login(carol)
    upload(
        client,
        org,
        PEOPLE + "anna@example.org;Anna Jansen;Onderhoud;Monteur\n",
        capture=django_capture_on_commit_callbacks,
    )
    job = latest_job()
    page = client.get(url(org, "people:import_job", uuid=job.uuid)).content.decode()
    assert job.status == ImportStatus.CHECKED
    assert "anna@example.org" in page
    assert url(org, "people:import_run", uuid=job.uuid) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(org, "people:import_run", uuid=job.uuid))
    assert response.status_code == 302
    page = client.get(url(org, "people:import_job", uuid=job.uuid)).content.decode()
    assert "Anna Jansen" in page
    with scopes_disabled():
        person = Person.objects.get(organisation=org, user__email="anna@example.org")
    assert url(org, "people:profile", uuid=person.uuid) in page
    # A second click does not run it again.
    response = client.post(url(org, "people:import_run", uuid=job.uuid), follow=True)
    assert response.status_code == 200


def test_an_xlsx_file_is_accepted(org, carol, login, django_capture_on_commit_callbacks):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Naam", "Categorie"])
    workbook.active.append(["Lassen", "Techniek"])
    out = io.BytesIO()
    workbook.save(out)
    upload(
        login(carol),
        org,
        out.getvalue(),
        kind="skills",
        name="vaardigheden.xlsx",
        capture=django_capture_on_commit_callbacks,
    )
    job = latest_job()
    assert (job.kind, job.errors, job.preview["counts"]["new"]) == ("skills", [], 1)


def test_files_over_5_mb_are_refused_before_reading(
    org, english, carol, login, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_MAX_BYTES = 5 * 1024 * 1024
    big = PEOPLE + "x" * (5 * 1024 * 1024)
    response = upload(login(carol), org, big, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "5 MB" in response.content.decode()
    assert latest_job() is None


@pytest.mark.parametrize(("name", "fragment"), [("mensen.xls", ".xlsx"), ("mensen.pdf", ".csv")])
def test_wrong_file_types_are_refused_with_a_clear_message(
    name, fragment, org, carol, login, django_capture_on_commit_callbacks
):
    response = upload(login(carol), org, "whatever", name=name, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert fragment in response.content.decode()
    assert latest_job() is None


def test_a_file_without_required_columns_says_which(
    org, english, carol, login, django_capture_on_commit_callbacks
):
    client = login(carol)
    upload(client, org, "naam;team\nAnna;Onderhoud\n", capture=django_capture_on_commit_callbacks)
    page = client.get(url(org, "people:import_job", uuid=latest_job().uuid)).content.decode()
    assert "e-mail address" in page


def test_lead_cannot_import_skills_but_carol_can(org, carol, bob, login, django_capture_on_commit_callbacks):
    assert login(bob).get(url(org, "people:import_example", kind="skills", fmt="csv")).status_code == 403
    upload(
        login(carol),
        org,
        "naam\nLassen\n",
        kind="skills",
        name="s.csv",
        capture=django_capture_on_commit_callbacks,
    )
    job = latest_job()
    with django_capture_on_commit_callbacks(execute=True):
        login(carol).post(url(org, "people:import_run", uuid=job.uuid))
    with scopes_disabled():
        assert Skill.objects.filter(organisation=org, name="Lassen").exists()


def test_while_running_the_page_polls_with_a_progress_bar(org, carol, login):
    with scopes_disabled():
        job = import_job_create(
            organisation=org,
            uploaded_by=carol,
            kind="people",
            file_name="x.csv",
            content=b"email\na@example.org\n",
            enqueue=False,
        )
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.CHECKING, total_rows=400, processed_rows=100
        )
    response = login(carol).get(url(org, "people:import_job", uuid=job.uuid), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page  # the partial only
    assert 'hx-trigger="every 1s"' in page
    assert 'role="progressbar"' in page
    assert 'aria-valuenow="25"' in page


def test_the_finished_page_stops_polling(org, carol, login, django_capture_on_commit_callbacks):
    upload(
        login(carol), org, PEOPLE + "anna@example.org;Anna;;\n", capture=django_capture_on_commit_callbacks
    )
    job = latest_job()
    page = login(carol).get(url(org, "people:import_job", uuid=job.uuid), headers={"HX-Request": "true"})
    assert "hx-trigger" not in page.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["people", "teams", "skills"])
def test_example_files_have_the_expected_columns(kind, fmt, org, carol, login):
    response = login(carol).get(url(org, "people:import_example", kind=kind, fmt=fmt))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
        header = list(next(sheet.iter_rows(values_only=True)))
    else:
        header = response.content.decode().splitlines()[0].split(";")
    assert header[0] in ("e-mailadres", "naam")


def test_unknown_example_gives_404(org, carol, login):
    assert login(carol).get(url(org, "people:import_example", kind="cats", fmt="csv")).status_code == 404
    assert login(carol).get(url(org, "people:import_example", kind="people", fmt="pdf")).status_code == 404


def test_every_error_can_be_downloaded(org, english, carol, login, django_capture_on_commit_callbacks):
    rows = "".join(f"bad{i};X;;\n" for i in range(1200))
    client = login(carol)
    upload(client, org, PEOPLE + rows, capture=django_capture_on_commit_callbacks)
    job = latest_job()
    page = client.get(url(org, "people:import_job", uuid=job.uuid)).content.decode()
    assert "Row 1001" in page and "Row 1002" not in page  # the page shows the first thousand
    response = client.get(url(org, "people:import_errors", uuid=job.uuid))
    assert response.status_code == 200
    assert len(response.content.decode("utf-8-sig").splitlines()) == 1201


def test_recent_imports_are_listed_in_a_fixed_number_of_queries(
    org, carol, login, django_assert_max_num_queries
):
    with scopes_disabled():
        for i in range(8):
            import_job_create(
                organisation=org,
                uploaded_by=carol,
                kind="people",
                file_name=f"f{i}.csv",
                content=b"email\n",
                enqueue=False,
            )
    client = login(carol)
    with django_assert_max_num_queries(12):
        response = client.get(url(org))
    assert response.content.decode().count("f7.csv") == 1


def test_the_job_page_uses_a_fixed_number_of_queries(
    org, carol, login, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    rows = "".join(f"p{i}@example.org;P {i};;\n" for i in range(150))
    client = login(carol)
    upload(client, org, PEOPLE + rows, capture=django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(10):
        client.get(url(org, "people:import_job", uuid=latest_job().uuid))


def test_new_people_can_be_invited_from_the_import(
    org, team, carol, login, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(carol)
    assert 'name="invite"' in client.get(url(org)).content.decode()
    upload(
        client,
        org,
        PEOPLE + "anna@example.org;Anna;Onderhoud;\n",
        capture=django_capture_on_commit_callbacks,
        invite="on",
    )
    job = latest_job()
    assert job.options == {"create_teams": False, "invite": True}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(org, "people:import_run", uuid=job.uuid))
    assert [m.to for m in mailoutbox] == [["anna@example.org"]]
    job.refresh_from_db()
    assert job.summary["invited"] == 1
