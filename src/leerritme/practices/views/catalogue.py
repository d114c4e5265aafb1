"""Being written."""
from django.http import Http404


def _todo(request, **kwargs):
    raise Http404
practice_list = practice_detail = _todo
