from django.conf import settings


def organisation(request):
    person = getattr(request, "person", None)
    user = getattr(request, "user", None)
    memberships = []
    if user is not None and user.is_authenticated:
        # Cheap: one query, used by the organisation switcher in the header.
        from django_scopes import scopes_disabled

        from leerritme.orgs.models import Person

        with scopes_disabled():
            memberships = list(
                Person.objects.filter(user=user, is_active=True)
                .select_related("organisation")
                .order_by("organisation__name")
            )
    return {
        "organisation": getattr(request, "organisation", None),
        "person": person,
        "my_memberships": memberships,
        "DEBUG": settings.DEBUG,
    }
