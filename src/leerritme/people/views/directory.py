from django.http import Http404


def _todo(request, org, **kwargs):
    raise Http404


person_list = profile = team_list = team_detail = _todo
