"""People administration services: roles, the owner rules, deactivation and reactivation, team places."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from conftest import make_person
from leerritme.notifications.models import Notification
from leerritme.orgs.models import Person, Role, TeamMembership, TeamRole
from leerritme.people.services.admin import (
    person_deactivate,
    person_reactivate,
    person_update,
    team_membership_remove,
    team_membership_set,
)


def _reload(person):
    return Person.objects.select_related("user").get(pk=person.pk)


def test_it_changes_role_and_job_title(in_org, carol, alice):
    person_update(actor=carol, person=alice, role=Role.LD_ADMIN, job_title="  Planner  ")
    alice = _reload(alice)
    assert alice.role == Role.LD_ADMIN
    assert alice.job_title == "Planner"


def test_it_lets_only_owners_make_an_owner(in_org, carol, alice):
    with pytest.raises(ValidationError) as error:
        person_update(actor=carol, person=alice, role=Role.OWNER, job_title="")
    assert error.value.code == "owner_only"
    assert _reload(alice).role == Role.MEMBER


def test_it_lets_only_owners_unmake_an_owner(in_org, org, carol, dave):
    make_person(org, "erik@vonk.test", "Erik Smit", role="owner")
    with pytest.raises(ValidationError) as error:
        person_update(actor=carol, person=dave, role=Role.MEMBER, job_title="")
    assert error.value.code == "owner_only"


def test_an_owner_makes_another_owner(in_org, dave, alice):
    person_update(actor=dave, person=alice, role=Role.OWNER, job_title="")
    assert _reload(alice).role == Role.OWNER


def test_the_last_owner_cannot_be_demoted(in_org, dave):
    with pytest.raises(ValidationError) as error, translation.override("en"):
        person_update(actor=dave, person=dave, role=Role.LD_ADMIN, job_title="")
    assert error.value.code == "last_owner"
    assert "last owner" in error.value.messages[0]
    assert _reload(dave).role == Role.OWNER


def test_an_owner_steps_down_when_another_owner_remains(in_org, org, dave):
    make_person(org, "erik@vonk.test", "Erik Smit", role="owner")
    person_update(actor=dave, person=dave, role=Role.MEMBER, job_title="")
    assert _reload(dave).role == Role.MEMBER


def test_a_deactivated_owner_does_not_count_as_the_remaining_owner(in_org, org, dave):
    erik = make_person(org, "erik@vonk.test", "Erik Smit", role="owner")
    person_deactivate(actor=dave, person=erik)
    with pytest.raises(ValidationError):
        person_update(actor=dave, person=dave, role=Role.MEMBER, job_title="")


def test_it_deactivates_a_person_who_leaves_their_teams(in_org, carol, alice, team):
    person_deactivate(actor=carol, person=alice)
    alice = _reload(alice)
    assert alice.is_active is False
    assert alice.deactivated_at is not None
    with translation.override("en"):
        assert alice.display_name == "a former colleague"
    assert not TeamMembership.objects.filter(person=alice).exists()
    # Their row stays, so what they contributed keeps pointing at it.
    assert Person.objects.filter(pk=alice.pk).exists()


def test_the_last_owner_cannot_be_deactivated(in_org, dave, carol):
    for actor in (carol, dave):
        with pytest.raises(ValidationError) as error:
            person_deactivate(actor=actor, person=dave)
        assert error.value.code == "last_owner"
    assert _reload(dave).is_active


def test_only_an_owner_deactivates_an_owner(in_org, org, dave, carol):
    erik = make_person(org, "erik@vonk.test", "Erik Smit", role="owner")
    with pytest.raises(ValidationError) as error:
        person_deactivate(actor=carol, person=erik)
    assert error.value.code == "owner_only"
    person_deactivate(actor=dave, person=erik)
    assert not _reload(erik).is_active


def test_nobody_deactivates_themselves(in_org, carol):
    with pytest.raises(ValidationError) as error:
        person_deactivate(actor=carol, person=carol)
    assert error.value.code == "self"


def test_it_reactivates_a_deactivated_person_with_their_role(in_org, carol, alice):
    person_update(actor=carol, person=alice, role=Role.LD_ADMIN, job_title="")
    person_deactivate(actor=carol, person=alice)
    person_reactivate(actor=carol, person=_reload(alice))
    alice = _reload(alice)
    assert alice.is_active
    assert alice.deactivated_at is None
    assert alice.role == Role.LD_ADMIN
    assert alice.display_name == "Alice de Vries"


def test_only_an_owner_reactivates_an_owner(in_org, org, carol, dave):
    erik = make_person(org, "erik@vonk.test", "Erik Smit", role="owner")
    person_deactivate(actor=dave, person=erik)
    with pytest.raises(ValidationError):
        person_reactivate(actor=carol, person=erik)
    person_reactivate(actor=dave, person=erik)
    assert _reload(erik).is_active


def test_it_adds_a_person_to_a_team_and_tells_them(in_org, org, carol, dave):
    from leerritme.orgs.models import Team

    kitchen = Team.objects.create(organisation=org, name="Keuken")
    team_membership_set(actor=carol, team=kitchen, person=dave, role=TeamRole.MEMBER)
    assert TeamMembership.objects.get(team=kitchen, person=dave).role == TeamRole.MEMBER
    notification = Notification.objects.get(person=dave, kind="people.added_to_team")
    assert "Keuken" in notification.title
    assert "Carol Bakker" in notification.body
    assert notification.url.endswith(f"/teams/{kitchen.uuid}/")


def test_it_changes_a_team_role_and_tells_a_new_lead(in_org, carol, alice, team):
    team_membership_set(actor=carol, team=team, person=alice, role=TeamRole.LEAD)
    assert TeamMembership.objects.get(team=team, person=alice).role == TeamRole.LEAD
    assert Notification.objects.filter(person=alice, kind="people.added_to_team").count() == 1
    # Setting the same role again changes nothing and says nothing.
    team_membership_set(actor=carol, team=team, person=alice, role=TeamRole.LEAD)
    assert Notification.objects.filter(person=alice, kind="people.added_to_team").count() == 1


def test_it_does_not_notify_someone_who_adds_themselves(in_org, org, carol):
    from leerritme.orgs.models import Team

    kitchen = Team.objects.create(organisation=org, name="Keuken")
    team_membership_set(actor=carol, team=kitchen, person=carol, role=TeamRole.LEAD)
    assert not Notification.objects.filter(person=carol).exists()


def test_a_deactivated_person_cannot_join_a_team(in_org, carol, alice, team):
    person_deactivate(actor=carol, person=alice)
    with pytest.raises(ValidationError) as error:
        team_membership_set(actor=carol, team=team, person=_reload(alice), role=TeamRole.MEMBER)
    assert error.value.code == "inactive"


def test_it_removes_a_person_from_a_team(in_org, alice, team):
    assert team_membership_remove(team=team, person=alice) is True
    assert not TeamMembership.objects.filter(person=alice).exists()
    assert team_membership_remove(team=team, person=alice) is False
