from django.http import Http404
from django.views.i18n import set_language as django_set_language


def _todo(request, **kwargs):
    raise Http404


setup = account_settings = _todo


def set_language(request):
    return django_set_language(request)
