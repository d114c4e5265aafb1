"""Get-for-user helpers: the first line of every view that takes an object from the URL."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django_scopes import get_scope


def get_in_organisation(queryset_or_model, **lookup):
    """The object with these lookups in the current organisation, or 404.

    Tenant models have a scoped manager, so this only finds the current organisation's rows; outside
    a scope it refuses rather than searching everywhere.
    """
    if "organisation" not in get_scope():
        raise Http404
    return get_object_or_404(queryset_or_model, **lookup)
