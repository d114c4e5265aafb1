"""Communities of practice: the list, a community's page with its articles, questions and sessions,
joining and leaving, and moderators who edit and invite."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.knowledge import selectors
from leerritme.knowledge.forms import CommunityForm, InviteForm
from leerritme.knowledge.models import Community, CommunityInvitation, CommunityMembership, CommunityRole, Question
from leerritme.knowledge.services import communities as services
from leerritme.knowledge.views.articles import _form_errors
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Person
from leerritme.orgs.rules import can, require


def community_list(request, org):
    return render(request, "knowledge/communities/list.html", {
        "communities": selectors.communities_with_counts(request.person),
        "invitations": list(CommunityInvitation.objects.filter(person=request.person, answered_at__isnull=True)
                            .select_related("community", "invited_by__user")),
    })


def community_create(request, org):
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(creator=request.person, name=form.cleaned_data["name"],
                                                  purpose=form.cleaned_data["purpose"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, gettext("The community is started; you are its moderator. Invite colleagues."))
            return redirect("knowledge:community", org=org, uuid=community.uuid)
    return render(request, "knowledge/communities/form.html", {"form": form, "community": None})


def community_edit(request, org, uuid):
    community = get_in_organisation(Community.objects, uuid=uuid)
    require(request.person, "knowledge.community.moderate", community)
    form = CommunityForm(request.POST or None, initial={"name": community.name, "purpose": community.purpose})
    if request.method == "POST" and form.is_valid():
        try:
            services.community_update(community=community, by=request.person, name=form.cleaned_data["name"],
                                      purpose=form.cleaned_data["purpose"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            return redirect("knowledge:community", org=org, uuid=community.uuid)
    return render(request, "knowledge/communities/form.html", {"form": form, "community": community})


def community_detail(request, org, uuid):
    community = get_in_organisation(Community.objects.select_related("created_by__user"), uuid=uuid)
    me = request.person
    memberships = list(community.memberships.select_related("person__user").order_by("-role", "person__user__name"))
    mine = next((m for m in memberships if m.person_id == me.pk), None)
    team_ids = selectors.my_team_ids(me)
    return render(request, "knowledge/communities/detail.html", {
        "community": community, "membership": mine,
        "moderators": [m for m in memberships if m.role == CommunityRole.MODERATOR],
        "members": memberships,
        "can_moderate": can(me, "knowledge.community.moderate", community),
        "articles": list(selectors.readable_articles(me, team_ids).filter(community=community)
                         .select_related("owner__user").order_by("-published_at")[:10]),
        "questions": list(Question.objects.filter(community=community).select_related("asker__user")
                          .order_by("-created_at")[:10]),
        "upcoming": selectors.upcoming_sessions(community=community, limit=5),
        "past": selectors.past_sessions(community=community, limit=5),
        "invitation": community.invitations.filter(person=me, answered_at__isnull=True).first(),
        "invite_form": InviteForm(),
    })


@require_POST
def community_membership(request, org, uuid):
    community = get_in_organisation(Community.objects, uuid=uuid)
    action = request.POST.get("action")
    try:
        if action == "leave":
            services.community_leave(community=community, person=request.person)
            messages.success(request, gettext("You left the community."))
        elif action == "decline":
            invitation = get_in_organisation(CommunityInvitation.objects, community=community, person=request.person,
                                             answered_at__isnull=True)
            services.community_invitation_answer(invitation=invitation, person=request.person, accept=False)
        else:
            services.community_join(community=community, person=request.person)
            messages.success(request, gettext("Welcome to the community."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("knowledge:community", org=org, uuid=community.uuid)


@require_POST
def community_invite(request, org, uuid):
    community = get_in_organisation(Community.objects, uuid=uuid)
    require(request.person, "knowledge.community.moderate", community)
    form = InviteForm(request.POST)
    if form.is_valid():
        made = services.community_invite(community=community, by=request.person, people=form.cleaned_data["emails"])
        messages.success(request, gettext("%(n)s colleagues invited.") % {"n": len(made)})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("knowledge:community", org=org, uuid=community.uuid)


@require_POST
def community_moderator(request, org, uuid, person):
    community = get_in_organisation(Community.objects, uuid=uuid)
    require(request.person, "knowledge.community.moderate", community)
    member = get_in_organisation(Person.objects, uuid=person)
    get_in_organisation(CommunityMembership.objects, community=community, person=member)
    try:
        services.community_set_moderator(community=community, person=member, by=request.person,
                                         moderator=request.POST.get("moderator") == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("knowledge:community", org=org, uuid=community.uuid)
