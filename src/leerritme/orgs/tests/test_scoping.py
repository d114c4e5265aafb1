import pytest
from django_scopes import ScopeError, scope

from leerritme.orgs.models import Team


def test_it_refuses_tenant_queries_outside_a_scope(team):
    with pytest.raises(ScopeError):
        list(Team.objects.all())


def test_it_only_sees_the_scoped_organisations_rows(org, other_org, team):
    with scope(organisation=other_org):
        assert list(Team.objects.all()) == []
    with scope(organisation=org):
        assert list(Team.objects.all()) == [team]


def test_charlie_gets_404_on_another_organisations_home(charlie, org, login):
    client = login(charlie)
    assert client.get(f"/o/{org.slug}/").status_code == 404


def test_anonymous_visitors_are_sent_to_login(org, client):
    response = client.get(f"/o/{org.slug}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
