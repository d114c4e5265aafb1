from django.contrib import admin

from leerritme.learning.models import LearningEvent


@admin.register(LearningEvent)
class LearningEventAdmin(admin.ModelAdmin):
    list_display = ["title", "person", "kind", "visibility", "occurred_at"]
    list_filter = ["organisation", "kind", "visibility"]
    list_select_related = ["person__user"]
    raw_id_fields = ["person", "team"]
