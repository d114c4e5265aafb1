"""The improvement box: anonymous ideas store no author, one vote per person, decisions with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.loop import selectors
from leerritme.loop.models import Idea, IdeaStatus, IdeaVote
from leerritme.loop.services import ideas as services
from leerritme.notifications.models import Notification


def test_an_anonymous_idea_stores_no_author_anywhere(in_org, team, alice):
    from django.utils import timezone

    from leerritme.orgs.models import Person

    idea = services.idea_submit(team=team, by=alice, title="Vaste plek voor meetgereedschap", anonymous=True)
    idea.refresh_from_db()
    assert idea.anonymous
    # No column of the idea points at a person...
    person_columns = [f.attname for f in Idea._meta.concrete_fields
                      if f.is_relation and f.related_model is Person]
    assert person_columns and all(getattr(idea, column) is None for column in person_columns)
    # ...and only the day is kept, not the moment: the time cannot be matched to who was online.
    assert timezone.localtime(idea.created_at).time().isoformat() == "00:00:00"
    assert not IdeaVote.objects.exists() and not LearningEvent.objects.exists()


def test_the_database_refuses_an_author_on_an_anonymous_idea(in_org, team, alice):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.create(organisation=in_org, team=team, title="x", anonymous=True, author=alice)


def test_adopting_records_a_team_event_for_the_author_but_none_for_an_anonymous_idea(in_org, team, alice, bob):
    named = services.idea_submit(team=team, by=alice, title="Standaardteksten in de werkbon-app")
    anonymous = services.idea_submit(team=team, by=alice, title="Maatje voor nieuwe collega's", anonymous=True)
    services.idea_decide(named, by=bob, status=IdeaStatus.ADOPTED, reason="Werkt goed")
    services.idea_decide(anonymous, by=bob, status=IdeaStatus.ADOPTED, reason="Fijn")
    event = LearningEvent.objects.get()
    assert (event.kind, event.person, event.visibility, event.team) == (
        LearningKind.IDEA_ADOPTED, alice, Visibility.TEAM, team)
    # The team's count recognises both.
    assert selectors.adopted_counts([team]) == {team.pk: 2}
    assert Notification.objects.filter(kind="loop.idea_decided", person=alice).count() == 1
    services.idea_decide(named, by=bob, status=IdeaStatus.DROPPED, reason="Toch te duur")
    assert not LearningEvent.objects.exists()


def test_a_decision_needs_a_reason_and_a_real_status(in_org, team, alice, bob):
    idea = services.idea_submit(team=team, by=alice, title="Idee")
    with pytest.raises(ValidationError) as error:
        services.idea_decide(idea, by=bob, status="submitted", reason="")
    assert set(error.value.message_dict) == {"status", "reason"}
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.SUBMITTED


def test_only_the_lead_or_ld_decide(in_org, team, alice, bob, carol, dave, erin):
    idea = services.idea_submit(team=team, by=alice, title="Idee")
    for person in (alice, erin):
        with pytest.raises(PermissionDenied):
            services.idea_decide(idea, by=person, status=IdeaStatus.TRYING, reason="r")
    for person in (bob, carol, dave):
        services.idea_decide(idea, by=person, status=IdeaStatus.TRYING, reason="r")


def test_one_vote_per_person_toggles_and_closes_when_decided(in_org, team, alice, bob, erin):
    idea = services.idea_submit(team=team, by=alice, title="Idee")
    assert services.idea_vote(idea, by=bob) is True
    assert services.idea_vote(idea, by=alice) is True
    assert services.idea_vote(idea, by=bob) is False
    assert IdeaVote.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.idea_vote(idea, by=erin)
    services.idea_decide(idea, by=bob, status=IdeaStatus.DROPPED, reason="Nee")
    idea.refresh_from_db()
    with pytest.raises(ValidationError):
        services.idea_vote(idea, by=bob)


def test_submitting_needs_a_title_and_the_team(in_org, team, alice, erin):
    with pytest.raises(ValidationError) as error:
        services.idea_submit(team=team, by=alice, title="  ")
    assert "title" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.idea_submit(team=team, by=erin, title="Idee")
    assert not Idea.objects.exists()


def test_the_box_counts_votes_in_a_constant_number_of_queries(in_org, team, alice, bob, django_assert_num_queries):
    for n in range(3):
        idea = services.idea_submit(team=team, by=alice, title=f"Idee {n}")
        services.idea_vote(idea, by=bob)
    with django_assert_num_queries(1):
        ideas = list(selectors.ideas_of_team(team, bob))
    assert [i.vote_count for i in ideas] == [1, 1, 1] and all(i.voted for i in ideas)
    for n in range(5):
        services.idea_submit(team=team, by=alice, title=f"Meer {n}", anonymous=True)
    with django_assert_num_queries(1):
        assert len(list(selectors.ideas_of_team(team, bob))) == 8
