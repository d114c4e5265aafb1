"""The operator's Django admin. Tenant models are readable across organisations here only because the
OrganisationMiddleware lifts the scope for superusers on the admin's URLs."""

from django.contrib import admin

from leerritme.orgs.models import Organisation, Person, Team, TeamMembership


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "default_language", "anonymity_threshold", "created_at"]
    search_fields = ["name", "slug"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active", "joined_at"]
    list_filter = ["organisation", "role", "is_active"]
    search_fields = ["user__email", "user__name"]
    list_select_related = ["user", "organisation"]
    raw_id_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "parent"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    list_select_related = ["organisation", "parent"]


@admin.register(TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "team", "role"]
    list_select_related = ["person__user", "team"]
    raw_id_fields = ["person", "team"]
