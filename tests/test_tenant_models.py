"""Every model that belongs to an organisation is a TenantModel whose manager refuses unscoped queries."""

import pytest
from django.apps import apps
from django_scopes import ScopeError

from leerritme.orgs.models import Organisation, TenantModel

# Models with an organisation that are deliberately not scoped, each with its reason.
UNSCOPED = {}


def leerritme_models():
    return [m for m in apps.get_models() if m.__module__.startswith("leerritme.")]


def test_every_model_with_an_organisation_is_a_tenant_model():
    offenders = [
        m.__name__
        for m in leerritme_models()
        if m is not Organisation
        and any(f.is_relation and f.related_model is Organisation for f in m._meta.get_fields())
        and not issubclass(m, TenantModel)
        and m.__name__ not in UNSCOPED
    ]
    assert offenders == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", [m for m in leerritme_models() if issubclass(m, TenantModel)],
                         ids=lambda m: m.__name__)
def test_tenant_queries_outside_a_scope_raise(model):
    with pytest.raises(ScopeError):
        list(model.objects.all())
    with pytest.raises(ScopeError):
        model.objects.filter(pk=1).exists()
