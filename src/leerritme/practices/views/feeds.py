"""Being written."""
from django.http import Http404


def _todo(request, **kwargs):
    raise Http404
my_feeds = feed = _todo
