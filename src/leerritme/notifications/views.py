from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerritme.notifications.forms import NotificationSettingsForm, PreferencesForm
from leerritme.notifications.models import OutboxMessage
from leerritme.notifications.selectors import notification_settings_for, notifications_for, unread_count
from leerritme.notifications.services import (
    notification_preference_set,
    notification_settings_update,
    notifications_mark_read,
)
from leerritme.orgs.access import get_in_organisation

PAGE_SIZE = 25


@require_GET
def notification_list(request, org):
    """The person's notifications, newest first; unread ones stand out."""
    page = Paginator(notifications_for(request.person), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "unread": unread_count(request.person)}
    if request.htmx:
        return render(request, "notifications/list.html#items", context)
    return render(request, "notifications/list.html", context)


@require_GET
def badge(request, org):
    """The unread count for the navigation bar (an htmx fragment); empty when everything is read."""
    # Rendered without the request's context processors: this fragment is fetched on every page view.
    html = render_to_string("notifications/list.html#badge", {"unread": unread_count(request.person)})
    return HttpResponse(html)


@require_GET
def notification_open(request, org, uuid):
    """Mark one notification read and take the person to what it is about."""
    notification = get_in_organisation(notifications_for(request.person), uuid=uuid)
    if notification.read_at is None:
        notifications_mark_read(person=request.person, uuids=[notification.uuid])
    target = notification.url
    # Notification URLs are written by Leerritme itself, but never let one become an open redirect.
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications:list", org=org)


@require_POST
def mark_all_read(request, org):
    marked = notifications_mark_read(person=request.person)
    if marked:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list", org=org)


@require_http_methods(["GET", "POST"])
def preferences(request, org):
    """The person's own notification settings: quiet hours, reminder lead time, digest, e-mail per kind."""
    data = request.POST if request.method == "POST" else None
    general = NotificationSettingsForm(data, instance=notification_settings_for(request.person))
    form = PreferencesForm(data, person=request.person)
    if request.method == "POST" and general.is_valid() and form.is_valid():
        with transaction.atomic():
            notification_settings_update(person=request.person, **general.cleaned_data)
            for kind, email in form.choices():
                notification_preference_set(person=request.person, kind=kind, email=email)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences", org=org)
    return render(request, "notifications/preferences.html", {"general": general, "form": form})


# The outbox exists only for the demo and local development (DEBUG on): there no mail server is
# configured and OutboxBackend keeps every mail in the database, so demo users can read their
# invitations and password-reset mails here without logging in (they cannot log in before they
# have read them). With DEBUG off these pages answer 404, whatever the mail backend.
def _require_debug():
    if not settings.DEBUG:
        raise Http404


@require_GET
def outbox(request):
    _require_debug()
    page = Paginator(OutboxMessage.objects.only("uuid", "to", "subject", "sent_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/outbox.html", {"page": page})


@require_GET
def outbox_message(request, uuid):
    _require_debug()
    message = get_object_or_404(OutboxMessage, uuid=uuid)
    return render(request, "notifications/outbox_message.html", {"message": message})
