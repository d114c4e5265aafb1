"""Work the reflection part leaves to the task worker: the summary after a session, action reminders.

`send_summaries` is enqueued by `session_close` (after its transaction committed) and by "e-mail me the
summary" on the summary page. After a close, every participant gets an in-app notification that the
summary is there (once: a dedupe key per session), and those who asked for it get it by e-mail, with the
Markdown as the text, the summary as HTML and the PDF attached, in their own language.
"""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled

from leerritme.notifications.email import render_email
from leerritme.notifications.models import Notification
from leerritme.notifications.services import notify
from leerritme.orgs.models import Person, TeamMembership
from leerritme.reflection import summary_files
from leerritme.reflection.models import Participant, Phase, ReflectionSession
from leerritme.reflection.selectors.summary import session_summary

SUMMARY_KIND = "reflection.summary"
OPEN_SUMMARY = gettext_lazy("Open the summary")


def summary_key(session: ReflectionSession) -> str:
    return f"reflection-summary:{session.uuid}"


def summary_url(session: ReflectionSession) -> str:
    return reverse("reflection:summary", kwargs={"org": session.organisation.slug, "uuid": session.uuid})


def _session(session_id: int) -> ReflectionSession | None:
    with scopes_disabled():
        return (ReflectionSession.objects.select_related("organisation", "team").filter(pk=session_id).first())


@task()
def send_summaries(session_id: int, person_ids: list[int] | None = None) -> int:
    """Tell the participants that the summary is ready and e-mail it to whoever asked; returns e-mails sent.

    Without `person_ids` (the run after closing): every participant is notified in the app and those
    who ticked "e-mail me the summary" get it by e-mail. With `person_ids` (someone asked on the summary
    page): only those people get the e-mail, if they still belong to the team.
    """
    session = _session(session_id)
    if session is None or session.phase != Phase.CLOSED:
        return 0
    with scope(organisation=session.organisation):
        if person_ids is None:
            participants = list(
                Participant.objects.filter(session=session, person__is_active=True)
                .select_related("person__user", "person__organisation")
            )
            told = set(Notification.objects.filter(kind=SUMMARY_KIND, dedupe_key=summary_key(session))
                       .values_list("person_id", flat=True))
            recipients = []
            for participant in participants:
                # Someone already told (a retried run) has had their e-mail too.
                if participant.person_id in told:
                    continue
                notify(participant.person, SUMMARY_KIND, {"session": session, "team": session.team},
                       url=summary_url(session), dedupe_key=summary_key(session))
                if participant.wants_summary_email:
                    recipients.append(participant.person)
        else:
            members = TeamMembership.objects.filter(team=session.team).values("person_id")
            recipients = list(Person.objects.filter(pk__in=person_ids, is_active=True).filter(pk__in=members)
                              .select_related("user", "organisation"))
        return _email_summary(session, recipients)


def _email_summary(session: ReflectionSession, recipients: list[Person]) -> int:
    by_language: dict[str, list[Person]] = defaultdict(list)
    for person in recipients:
        if person.user.email:
            by_language[person.user.language or settings.LANGUAGE_CODE].append(person)
    sent = 0
    url = settings.SITE_URL + summary_url(session)
    for language, people in by_language.items():
        with translation.override(language):
            summary = session_summary(session)
            markdown = summary_files.summary_markdown(summary)
            pdf = summary_files.summary_pdf(summary)
            pdf_name = summary_files.filename(summary, "pdf")
        for person in people:
            subject, text, html = render_email("reflection/email/summary", {
                "person": person, "organisation": session.organisation, "summary": summary,
                "markdown": markdown, "action_url": url,
                "action_label": _in(language, OPEN_SUMMARY),
            }, language)
            message = EmailMultiAlternatives(subject=subject, body=text, to=[person.user.email])
            message.attach_alternative(html, "text/html")
            message.attach(pdf_name, pdf, "application/pdf")
            message.send()
            sent += 1
    return sent


def _in(language: str, text) -> str:
    with translation.override(language):
        return str(text)


def enqueue_summary_email(session: ReflectionSession, person: Person) -> None:
    """Send one person the summary by e-mail, once the current transaction commits."""
    transaction.on_commit(lambda: send_summaries.enqueue(session_id=session.pk, person_ids=[person.pk]))
