"""A team's own templates and the organisation-wide ones: the columns editor, editing, archiving."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leerritme.reflection.models import ReflectionTemplate
from leerritme.reflection.services import session_start, template_archive, template_create, template_update


def u(name, **kwargs):
    return reverse(f"reflection:{name}", kwargs={"org": "vonk", **kwargs})


def columns_post(*rows, name="Our retro", format="retrospective"):
    data = {"name": name, "format": format}
    for index, (title, prompt) in enumerate(rows):
        data[f"column-{index}-title"] = title
        data[f"column-{index}-prompt"] = prompt
    return data


def test_a_lead_makes_a_template_with_its_columns(in_org, team, bob, login):
    client = login(bob)
    assert client.get(u("team_template_create", uuid=team.uuid)).status_code == 200
    response = client.post(u("team_template_create", uuid=team.uuid), columns_post(
        ("Tops", "What went great?"), ("", ""), ("Tips", "What would you change?")))
    assert response.status_code == 302
    template = ReflectionTemplate.objects.get()
    assert template.team == team and template.created_by == bob
    assert template.columns == [{"key": "tops", "title": "Tops", "prompt": "What went great?"},
                                {"key": "tips", "title": "Tips", "prompt": "What would you change?"}]
    # And a session can start with it.
    session = session_start(team=team, by=bob, format="retrospective", template=template)
    assert [c["title"] for c in session.columns] == ["Tops", "Tips"]


def test_the_editor_refuses_no_columns_a_prompt_without_title_and_a_missing_name(in_org, team, bob, login):
    client = login(bob)
    for data in (columns_post(("", "")), columns_post(("", "Only a prompt")), columns_post(("A", ""), name=" ")):
        response = client.post(u("team_template_create", uuid=team.uuid), data)
        assert response.status_code == 200
        assert "alert-danger" in response.content.decode() or "name-error" in response.content.decode()
    assert not ReflectionTemplate.objects.exists()


def test_at_most_eight_columns_and_names_are_unique_per_team(in_org, org, team, bob):
    with pytest.raises(ValidationError):
        template_create(organisation=org, by=bob, team=team, name="Big", format="retrospective",
                        columns=[{"title": f"C{i}"} for i in range(9)])
    template_create(organisation=org, by=bob, team=team, name="Mine", format="round", columns=[{"title": "A"}])
    with pytest.raises(ValidationError):
        template_create(organisation=org, by=bob, team=team, name="mine", format="round", columns=[{"title": "B"}])


def test_renaming_a_column_keeps_its_key_and_sessions_keep_their_columns(in_org, org, team, bob):
    template = template_create(organisation=org, by=bob, team=team, name="Mine", format="retrospective",
                               columns=[{"title": "Glad"}, {"title": "Sad"}])
    session = session_start(team=team, by=bob, format="retrospective", template=template)
    template_update(template, by=bob, name="Mine", format="retrospective",
                    columns=[{"key": "glad", "title": "Happy"}, {"key": "sad", "title": "Sad"}, {"title": "Mad"}])
    template.refresh_from_db()
    assert [c["key"] for c in template.columns] == ["glad", "sad", "mad"]
    session.refresh_from_db()
    assert [c["title"] for c in session.columns] == ["Glad", "Sad"]


def test_archiving_hides_a_template_from_starting_and_restoring_brings_it_back(in_org, org, team, bob, login):
    template = template_create(organisation=org, by=bob, team=team, name="Mine", format="round",
                               columns=[{"title": "A"}])
    response = login(bob).post(u("template_archive", uuid=template.uuid), {"archived": "1"})
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.archived
    with pytest.raises(ValidationError):
        session_start(team=team, by=bob, format="round", template=template)
    template_archive(template, by=bob, archived=False)
    template.refresh_from_db()
    assert not template.archived


def test_members_see_the_teams_templates_but_only_the_lead_changes_them(in_org, org, team, bob, alice, login):
    template = template_create(organisation=org, by=bob, team=team, name="Mine", format="round",
                               columns=[{"title": "A"}])
    client = login(alice)
    page = client.get(u("team_templates", uuid=team.uuid))
    assert page.status_code == 200 and "Mine" in page.content.decode()
    assert 'id="new-template"' not in page.content.decode()
    assert client.get(u("team_template_create", uuid=team.uuid)).status_code == 403
    assert client.get(u("template_edit", uuid=template.uuid)).status_code == 403
    assert client.post(u("template_archive", uuid=template.uuid)).status_code == 403


def test_ld_admins_make_templates_for_every_team(in_org, org, team, carol, bob, login):
    client = login(carol)
    assert client.get(u("templates")).status_code == 200
    client.post(u("template_create"), columns_post(("Wind", "What drives us?"), name="Company sail"))
    template = ReflectionTemplate.objects.get()
    assert template.team is None
    assert "Company sail" in login(bob).get(u("team_templates", uuid=team.uuid)).content.decode()
    assert login(bob).get(u("templates")).status_code == 403
    assert login(bob).get(u("template_edit", uuid=template.uuid)).status_code == 403


def test_editing_through_the_page(in_org, org, team, bob, login):
    template = template_create(organisation=org, by=bob, team=team, name="Mine", format="round",
                               columns=[{"title": "A", "prompt": "a?"}])
    client = login(bob)
    page = client.get(u("template_edit", uuid=template.uuid))
    assert page.status_code == 200 and 'value="A"' in page.content.decode()
    data = columns_post(("A", "a?"), ("B", "b?"), name="Mine, better")
    data["column-0-key"] = "a"
    assert client.post(u("template_edit", uuid=template.uuid), data).status_code == 302
    template.refresh_from_db()
    assert template.name == "Mine, better" and [c["key"] for c in template.columns] == ["a", "b"]


def test_charlie_gets_404(in_org, org, team, bob, login, charlie):
    template = template_create(organisation=org, by=bob, team=team, name="Mine", format="round",
                               columns=[{"title": "A"}])
    client = login(charlie)
    assert client.get(u("team_templates", uuid=team.uuid)).status_code == 404
    assert client.get(u("template_edit", uuid=template.uuid)).status_code == 404
    assert client.post(u("template_archive", uuid=template.uuid)).status_code == 404
