"""Being written."""
from django.http import Http404


def _todo(request, **kwargs):
    raise Http404
way_of_learning = _todo
