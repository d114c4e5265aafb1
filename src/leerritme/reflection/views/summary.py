"""A closed session's summary: the page, the Markdown and PDF downloads, and "e-mail me the summary".

Only the team (members and leads) reads a summary: it holds the team's cards. L&D admins and owners see
check-out trends across teams, never a board or its summary.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.rules import require
from leerritme.reflection import links, summary_files
from leerritme.reflection.models import Participant, ReflectionSession
from leerritme.reflection.selectors.summary import session_summary
from leerritme.reflection.services.summary import summary_email_request


def _session(request, uuid) -> ReflectionSession:
    session = get_in_organisation(ReflectionSession.objects.select_related("team"), uuid=uuid)
    require(request.person, "reflection.join", session)
    return session


def summary(request, org, uuid):
    """What the session left behind; while it runs, a pointer to the board."""
    session = _session(request, uuid)
    participant = Participant.objects.filter(session=session, person=request.person).first()
    return render(request, "reflection/summary/page.html", {
        "session": session,
        "team": session.team,
        "summary": session_summary(session) if session.is_closed else None,
        "participant": participant,
        "board_url": "" if session.is_closed else links.board_url(session),
    })


def _download(summary, content, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{summary_files.filename(summary, extension)}"'
    return response


def summary_markdown(request, org, uuid):
    session = _session(request, uuid)
    if not session.is_closed:
        return redirect("reflection:summary", org=org, uuid=uuid)
    found = session_summary(session)
    return _download(found, summary_files.summary_markdown(found), "md", "text/markdown; charset=utf-8")


def summary_pdf(request, org, uuid):
    session = _session(request, uuid)
    if not session.is_closed:
        return redirect("reflection:summary", org=org, uuid=uuid)
    found = session_summary(session)
    return _download(found, summary_files.summary_pdf(found), "pdf", "application/pdf")


@require_POST
def summary_email(request, org, uuid):
    session = _session(request, uuid)
    try:
        sent_now = summary_email_request(session, person=request.person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if sent_now:
            messages.success(request, gettext("The summary is on its way to %(email)s.")
                             % {"email": request.person.user.email})
        else:
            messages.success(request, gettext("You will get the summary by e-mail when the session closes."))
    return redirect("reflection:summary", org=org, uuid=uuid)
