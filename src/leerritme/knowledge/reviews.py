"""Review reminders: an article's owner hears when its "last reviewed" date is an interval old.

The scheduler runs `review_reminders_due(now)` every hour; it finds the organisations with articles
due and enqueues one task per organisation, which notifies each owner once per due date (the dedupe
key holds the article and its due date, so marking it reviewed and falling due again reminds again).
"""

from datetime import datetime

from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from leerritme.knowledge.kinds import REVIEW_DUE
from leerritme.knowledge.models import Article, ArticleStatus
from leerritme.notifications.services import notify
from leerritme.orgs.models import Organisation


def _due(now: datetime):
    return Article.objects.filter(status=ArticleStatus.PUBLISHED, review_due_at__lte=now, owner__is_active=True)


def review_key(article: Article) -> str:
    return f"review:{article.uuid}:{article.review_due_at.date().isoformat()}"


def review_reminders_due(now: datetime) -> int:
    with scopes_disabled():
        organisation_ids = sorted(set(_due(now).values_list("organisation_id", flat=True)))
    for organisation_id in organisation_ids:
        transaction.on_commit(
            lambda organisation_id=organisation_id: send_review_reminders.enqueue(organisation_id, now.isoformat()))
    return len(organisation_ids)


@task()
def send_review_reminders(organisation_id: int, now: str) -> int:
    """Tell the owner of every article due for a review in one organisation; returns how many were told."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    sent = 0
    with scope(organisation=organisation):
        for article in _due(datetime.fromisoformat(now)).select_related("owner__user", "owner__organisation"):
            url = reverse("knowledge:article", kwargs={"org": organisation.slug, "uuid": article.uuid})
            if notify(article.owner, REVIEW_DUE, {"article": article}, url=url, dedupe_key=review_key(article)):
                sent += 1
    return sent
