from django.http import Http404


def organisation_settings(request, org):
    raise Http404
