from django.http import Http404


def _todo(request, org, **kwargs):
    raise Http404


import_people = _todo
