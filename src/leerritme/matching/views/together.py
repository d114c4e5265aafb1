"""A person's page (their duo, circle, coach or learner, buddy), buddies and the L&D overview."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from leerritme.matching import selectors
from leerritme.matching.models import Buddy
from leerritme.matching.services import buddy_answer
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Person
from leerritme.orgs.rules import can, require


def home(request, org):
    """My page: what I take part in now, and the programmes I can see."""
    me = request.person
    return render(request, "matching/person.html", {
        "subject": me, "together": selectors.together_for(me), "is_me": True,
        "programmes": selectors.programmes_for(me),
        "can_create": can(me, "matching.programme_create"), "can_manage": can(me, "matching.manage"),
    })


def person_page(request, org, uuid):
    """Someone's page, for themselves and L&D."""
    subject = get_in_organisation(Person.objects.select_related("user"), uuid=uuid)
    require(request.person, "matching.person_view", subject)
    return render(request, "matching/person.html", {
        "subject": subject, "together": selectors.together_for(subject), "is_me": subject.pk == request.person.pk,
        "programmes": [], "can_create": False, "can_manage": can(request.person, "matching.manage"),
    })


def buddy(request, org, uuid):
    found = get_in_organisation(Buddy.objects.select_related("newcomer__user", "buddy__user"), uuid=uuid)
    require(request.person, "matching.buddy_view", found)
    if request.method == "POST":
        try:
            buddy_answer(buddy=found, person=request.person, accept=request.POST.get("answer") == "accept")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Thank you for answering."))
        return redirect("matching:buddy", org=org, uuid=found.uuid)
    return render(request, "matching/buddy.html", {"buddy": found})


def overview(request, org):
    """Participation across the organisation, for L&D."""
    require(request.person, "matching.manage")
    return render(request, "matching/overview.html", {"overview": selectors.participation_overview()})
