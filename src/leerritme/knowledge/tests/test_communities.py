"""Communities of practice: purpose, moderators and members, join and leave, invitations, the page."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from conftest import make_person
from leerritme.knowledge.kinds import COMMUNITY_INVITED
from leerritme.knowledge.models import Community, CommunityMembership, CommunityRole
from leerritme.knowledge.services import communities as services
from leerritme.knowledge.tests import helpers
from leerritme.knowledge.tests.helpers import article, url
from leerritme.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_founder_moderates_and_names_are_unique(org, alice, bob, in_org):
    found = helpers.community(alice)
    assert found.memberships.get().role == CommunityRole.MODERATOR
    with pytest.raises(ValidationError):
        services.community_create(creator=bob, name="warmtepompen", purpose="Dubbel")


def test_a_community_needs_a_purpose(org, alice, in_org):
    with pytest.raises(ValidationError) as error:
        services.community_create(creator=alice, name="Zonder doel", purpose=" ")
    assert "purpose" in error.value.error_dict


def test_join_leave_and_the_last_moderator_hands_over_first(org, alice, bob, in_org):
    found = helpers.community(alice)
    services.community_join(community=found, person=bob)
    services.community_join(community=found, person=bob)
    assert found.memberships.count() == 2
    with pytest.raises(ValidationError):
        services.community_leave(community=found, person=alice)
    services.community_set_moderator(community=found, person=bob, moderator=True, by=alice)
    services.community_leave(community=found, person=alice)
    assert list(found.memberships.values_list("person_id", flat=True)) == [bob.pk]


def test_moderators_invite_and_the_invited_hear_of_it(org, alice, bob, carol, in_org):
    found = helpers.community(alice)
    services.community_join(community=found, person=carol)
    made = services.community_invite(community=found, by=alice, people=[bob, carol, bob])
    assert [i.person for i in made] == [bob]  # a member is not invited, nor anyone twice
    assert list(Notification.objects.filter(kind=COMMUNITY_INVITED).values_list("person_id", flat=True)) == [bob.pk]
    assert services.community_invite(community=found, by=alice, people=[bob]) == []
    services.community_invitation_answer(invitation=made[0], person=bob, accept=True)
    assert found.memberships.filter(person=bob).exists()


def test_the_page_gathers_articles_questions_and_sessions(org, alice, bob, login):
    found = helpers.community(alice)
    written = article(alice, title="Storing E4 oplossen")
    with scope(organisation=org):
        written.community = found
        written.save(update_fields=["community"])
        question = helpers.question(bob, title="Welke koudemiddelen mogen nog?")
        question.community = found
        question.save(update_fields=["community"])
    planned = helpers.session(alice, title="Demo: de nieuwe buitenunit")
    with scope(organisation=org):
        planned.community = found
        planned.save(update_fields=["community"])
    page = login(bob).get(url("community", found)).content.decode()
    for title in ("Storing E4 oplossen", "Welke koudemiddelen mogen nog?", "Demo: de nieuwe buitenunit"):
        assert title in page


def test_a_team_article_in_a_community_is_shown_only_to_the_team(org, alice, carol, team, login):
    from leerritme.knowledge.models import ArticleVisibility

    found = helpers.community(alice)
    written = article(alice, title="Alleen voor het team", visibility=ArticleVisibility.TEAM, team=team)
    with scope(organisation=org):
        written.community = found
        written.save(update_fields=["community"])
    assert b"Alleen voor het team" not in login(carol).get(url("community", found)).content


def test_pages_join_invite_and_roles(org, alice, bob, carol, dave, login):
    response = login(alice).post(url("community_create", org=org), {"name": "Veiligheid", "purpose": "Veilig werken."})
    with scope(organisation=org):
        found = Community.objects.get()
    assert response.status_code == 302
    assert login(bob).post(url("community_membership", found), {"action": "join"}).status_code == 302
    assert login(bob).post(url("community_invite", found), {"emails": carol.user.email}).status_code == 403
    assert login(bob).get(url("community_edit", found)).status_code == 403
    assert login(alice).post(url("community_invite", found), {"emails": carol.user.email}).status_code == 302
    assert login(dave).get(url("community_edit", found)).status_code == 200  # the owner can step in
    response = login(alice).post(url("community_moderator", found, person=bob.uuid), {"moderator": "1"})
    assert response.status_code == 302
    with scopes_disabled():
        assert CommunityMembership.objects.get(person=bob).role == CommunityRole.MODERATOR
    assert login(carol).post(url("community_membership", found), {"action": "decline"}).status_code == 302


def test_charlie_gets_404(org, alice, bob, charlie, login):
    found = helpers.community(alice)
    client = login(charlie)
    assert client.get(url("communities", org=org)).status_code == 404
    assert client.get(url("community", found)).status_code == 404
    assert client.get(url("community_edit", found)).status_code == 404
    assert client.post(url("community_membership", found)).status_code == 404
    assert client.post(url("community_invite", found)).status_code == 404
    assert client.post(url("community_moderator", found, person=bob.uuid)).status_code == 404


def test_list_and_page_have_constant_queries(org, alice, login, django_assert_max_num_queries):
    found = helpers.community(alice)
    client = login(alice)
    with django_assert_max_num_queries(16) as few_list:
        client.get(url("communities", org=org))
    with django_assert_max_num_queries(24) as few_page:
        client.get(url("community", found))
    for number in range(8):
        person = make_person(org, f"c{number}@vonk.test", f"C {number}")
        helpers.community(person, name=f"Community {number}", purpose="Doel")
        with scope(organisation=org):
            services.community_join(community=found, person=person)
        written = article(person, title=f"Artikel {number}")
        with scope(organisation=org):
            written.community = found
            written.save(update_fields=["community"])
    with django_assert_max_num_queries(len(few_list.captured_queries)):
        client.get(url("communities", org=org))
    with django_assert_max_num_queries(len(few_page.captured_queries)):
        client.get(url("community", found))
