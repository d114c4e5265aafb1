"""Review reminders through the scheduler: once per article and due date, only for published articles."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from leerritme.knowledge.kinds import REVIEW_DUE
from leerritme.knowledge.reviews import review_reminders_due, send_review_reminders
from leerritme.knowledge.services.articles import article_mark_reviewed
from leerritme.knowledge.tests.helpers import article
from leerritme.notifications.models import Notification
from leerritme.scheduler.registry import registered_due_work

pytestmark = pytest.mark.django_db


def _make_due(found, days=1):
    found.review_due_at = timezone.now() - timedelta(days=days)
    found.save(update_fields=["review_due_at"])


def reminders():
    with scopes_disabled():
        return list(Notification.objects.filter(kind=REVIEW_DUE))


def test_it_is_registered_with_the_scheduler():
    assert "knowledge.review_reminders" in [work.name for work in registered_due_work()]


def test_the_owner_hears_once_when_a_review_is_due(org, alice, django_capture_on_commit_callbacks):
    due = article(alice)
    article(alice, title="Nog niet aan de beurt")
    _make_due(due)
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_due(timezone.now()) == 1
    assert [n.person_id for n in reminders()] == [alice.pk]
    send_review_reminders.call(org.pk, timezone.now().isoformat())
    assert len(reminders()) == 1


def test_drafts_and_reviewed_articles_are_not_reminded(org, alice, in_org):
    draft = article(alice, publish=False)
    draft.review_due_at = timezone.now() - timedelta(days=1)
    draft.save(update_fields=["review_due_at"])
    reviewed = article(alice, title="Net nagekeken")
    _make_due(reviewed)
    article_mark_reviewed(article=reviewed, by=alice)
    with transaction.atomic():
        assert review_reminders_due(timezone.now()) == 0
