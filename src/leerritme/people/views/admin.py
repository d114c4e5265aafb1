from django.http import Http404


def _todo(request, org, **kwargs):
    raise Http404


admin_people = invitation_list = _todo
