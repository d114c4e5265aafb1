from django.http import Http404


def _todo(request, **kwargs):
    raise Http404


notification_list = badge = preferences = outbox = outbox_message = _todo
