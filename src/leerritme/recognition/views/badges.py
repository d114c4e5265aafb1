"""Badges: the list everyone sees, L&D defines them, L&D and team leads award by hand, L&D revokes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.rules import can, require
from leerritme.recognition import openbadges
from leerritme.recognition.forms import AwardForm, BadgeForm, RevokeForm
from leerritme.recognition.models import Badge, BadgeAward
from leerritme.recognition.services import badges as services


def badge_list(request, org):
    badges = Badge.objects.annotate(
        holders=Count("awards", filter=Q(awards__revoked_at__isnull=True))).order_by("-active", "name")
    if not can(request.person, "recognition.manage"):
        badges = badges.filter(active=True)
    return render(request, "recognition/badges.html", {"badges": badges})


def badge_form(request, org, uuid=None):
    require(request.person, "recognition.manage")
    badge = get_in_organisation(Badge.objects, uuid=uuid) if uuid else Badge(organisation=request.organisation)
    form = BadgeForm(request.POST or None, request.FILES or None, instance=badge)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.badge_save(badge=form.instance, by=request.person,
                                        image=form.cleaned_data.get("upload"),
                                        remove_image=form.cleaned_data.get("remove_image", False))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    for item in errors:
                        form.add_error(field if field in form.fields else None, item)
            else:
                form.add_error("upload", error)
        else:
            messages.success(request, gettext("The badge is saved."))
            return redirect("recognition:badge", org=org, uuid=saved.uuid)
    return render(request, "recognition/badge_form.html", {"form": form, "badge": badge if uuid else None})


def badge_detail(request, org, uuid):
    badge = get_in_organisation(Badge.objects, uuid=uuid)
    holders = (BadgeAward.objects.filter(badge=badge, revoked_at__isnull=True)
               .filter(Q(hidden=False) | Q(person=request.person))
               .select_related("person__user").order_by("-issued_on"))
    revoked = []
    if can(request.person, "recognition.manage"):
        revoked = list(BadgeAward.objects.filter(badge=badge, revoked_at__isnull=False)
                       .select_related("person__user").order_by("-revoked_at")[:50])
    return render(request, "recognition/badge.html", {
        "badge": badge, "holders": holders[:200], "revoked": revoked, "award_form": AwardForm(),
        "badge_json": openbadges.badge_url(badge), "revoke_form": RevokeForm(),
    })


@require_POST
def badge_award(request, org, uuid):
    badge = get_in_organisation(Badge.objects, uuid=uuid)
    require(request.person, "recognition.award")
    form = AwardForm(request.POST)
    if form.is_valid():
        if not can(request.person, "recognition.award", form.person):
            form.add_error("email", gettext("You can award badges to the members of the teams you lead."))
        else:
            try:
                services.badge_award(badge=badge, person=form.person, by=request.person,
                                     narrative=form.cleaned_data["narrative"])
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(request, gettext("%(name)s has the badge now.") % {"name": form.person.display_name})
                return redirect("recognition:badge", org=org, uuid=badge.uuid)
    holders = (BadgeAward.objects.filter(badge=badge, revoked_at__isnull=True)
               .filter(Q(hidden=False) | Q(person=request.person)).select_related("person__user"))
    return render(request, "recognition/badge.html", {
        "badge": badge, "holders": holders[:200], "revoked": [], "award_form": form,
        "badge_json": openbadges.badge_url(badge), "revoke_form": RevokeForm(),
    }, status=400)


@require_POST
def badge_apply_rule(request, org, uuid):
    require(request.person, "recognition.manage")
    badge = get_in_organisation(Badge.objects, uuid=uuid)
    count = services.badge_rule_apply(badge)
    messages.success(request, gettext("Awarded to %(n)s colleagues who already meet the rule.") % {"n": count})
    return redirect("recognition:badge", org=org, uuid=badge.uuid)


@require_POST
def award_revoke(request, org, uuid):
    require(request.person, "recognition.manage")
    award = get_in_organisation(BadgeAward.objects.select_related("badge"), uuid=uuid)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Give the reason for revoking; it is published with the revocation."))
        return redirect("recognition:badge", org=org, uuid=award.badge.uuid)
    try:
        services.badge_award_revoke(award=award, by=request.person, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("The badge is revoked; its address now says so."))
    return redirect("recognition:badge", org=org, uuid=award.badge.uuid)


@require_POST
def award_visibility(request, org, uuid):
    award = get_in_organisation(BadgeAward.objects.select_related("badge"), uuid=uuid)
    if award.person_id != request.person.pk:
        raise Http404
    services.badge_award_hide(award=award, person=request.person, hidden=request.POST.get("hidden") == "1")
    messages.success(request, gettext("Saved who sees this badge."))
    return redirect("recognition:mine", org=org)
