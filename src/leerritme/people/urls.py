from django.urls import path

from leerritme.people.views import admin, directory, importing, skills

app_name = "people"

urlpatterns = [
    # Directory and profiles (every member).
    path("colleagues/", directory.person_list, name="list"),
    path("colleagues/<uuid:uuid>/", directory.profile, name="profile"),
    path("teams/", directory.team_list, name="team_list"),
    path("teams/<uuid:uuid>/", directory.team_detail, name="team_detail"),
    # Skills: the taxonomy (everyone reads, L&D edits) and one's own skills.
    path("skills/", skills.skill_list, name="skill_list"),
    path("skills/<uuid:uuid>/", skills.skill_detail, name="skill_detail"),
    path("skills/new/", skills.skill_create_view, name="skill_create"),
    path("skills/<uuid:uuid>/edit/", skills.skill_edit, name="skill_edit"),
    path("skills/<uuid:uuid>/delete/", skills.skill_delete_view, name="skill_delete"),
    path("me/skills/", skills.my_skills, name="my_skills"),
    path("me/skills/<uuid:uuid>/", skills.my_skill, name="my_skill"),
    path("me/profile/", directory.my_profile, name="my_profile"),
    # Administration (L&D admins and owners).
    path("manage/people/", admin.admin_people, name="admin_people"),
    path("manage/invitations/", admin.invitation_list, name="invitation_list"),
    path("manage/import/", importing.import_people, name="import"),
    path("manage/import/example/<slug:kind>/<slug:fmt>/", importing.import_example, name="import_example"),
    path("manage/import/<uuid:uuid>/", importing.import_job, name="import_job"),
    path("manage/import/<uuid:uuid>/run/", importing.import_job_run, name="import_run"),
    path("manage/import/<uuid:uuid>/check/", importing.import_job_check_again, name="import_check_again"),
    path("manage/import/<uuid:uuid>/errors.csv", importing.import_job_errors, name="import_errors"),
]
