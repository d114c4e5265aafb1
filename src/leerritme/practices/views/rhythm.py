"""Being written."""
from django.http import Http404


def _todo(request, **kwargs):
    raise Http404
team_rhythm = occurrence_detail = _todo
