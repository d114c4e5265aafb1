from django.contrib import admin

from leerritme.people.models import ImportJob, Invitation, PersonSkill, Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "organisation"]
    list_filter = ["organisation", "category"]
    search_fields = ["name"]


@admin.register(PersonSkill)
class PersonSkillAdmin(admin.ModelAdmin):
    list_display = ["person", "skill", "level", "can_teach", "wants_to_learn"]
    list_select_related = ["person__user", "skill"]
    raw_id_fields = ["person", "skill"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["organisation"]
    exclude = ["token"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["file_name", "organisation", "kind", "status", "total_rows", "created_at"]
    exclude = ["content"]
