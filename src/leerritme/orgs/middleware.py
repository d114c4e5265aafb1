"""The one place where a request enters an organisation's scope.

Every tenant URL starts with /o/<org>/. This middleware resolves the organisation, checks that the
user is an active member (404 otherwise: "not yours" and "does not exist" look the same), and runs
the view inside django-scopes' scope, so a query on tenant data outside it raises instead of leaking.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import Resolver404, resolve
from django_scopes import scope, scopes_disabled

from leerritme.orgs.models import Organisation, Person


class OrganisationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organisation = None
        request.person = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)

        if match.namespaces and match.namespaces[0] == "admin" and request.user.is_superuser:
            # The operator's Django admin works across organisations.
            with scopes_disabled():
                return self.get_response(request)

        slug = match.kwargs.get("org")
        if slug is None:
            return self.get_response(request)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())

        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise Http404
        with scope(organisation=organisation):
            person = Person.objects.filter(user=request.user, is_active=True).select_related("user").first()
            if person is None:
                raise Http404
            person.organisation = organisation
            request.organisation = organisation
            request.person = person
            if request.user.last_organisation_slug != organisation.slug:
                request.user.last_organisation_slug = organisation.slug
                request.user.save(update_fields=["last_organisation_slug"])
            return self.get_response(request)
