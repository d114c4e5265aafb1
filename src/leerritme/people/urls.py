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
    path("manage/people/<uuid:uuid>/", admin.admin_person, name="admin_person"),
    path("manage/people/<uuid:uuid>/teams/", admin.admin_person_team_add, name="admin_person_team_add"),
    path("manage/people/<uuid:uuid>/deactivate/", admin.admin_person_deactivate, name="admin_person_deactivate"),
    path("manage/people/<uuid:uuid>/reactivate/", admin.admin_person_reactivate, name="admin_person_reactivate"),
    path("manage/people/<uuid:uuid>/erase/", admin.admin_person_erase, name="admin_person_erase"),
    path("manage/teams/", admin.admin_teams, name="admin_teams"),
    path("manage/teams/new/", admin.admin_team_create, name="admin_team_create"),
    path("manage/teams/<uuid:uuid>/", admin.admin_team, name="admin_team"),
    path("manage/teams/<uuid:uuid>/delete/", admin.admin_team_delete, name="admin_team_delete"),
    path("manage/teams/<uuid:uuid>/members/", admin.admin_team_member_add, name="admin_team_member_add"),
    path("manage/teams/<uuid:uuid>/members/<uuid:person>/", admin.admin_team_member, name="admin_team_member"),
    path("manage/teams/<uuid:uuid>/members/<uuid:person>/remove/", admin.admin_team_member_remove,
         name="admin_team_member_remove"),
    path("manage/invitations/", admin.invitation_list, name="invitation_list"),
    path("manage/invitations/<uuid:uuid>/resend/", admin.invitation_resend_view, name="invitation_resend"),
    path("manage/invitations/<uuid:uuid>/revoke/", admin.invitation_revoke_view, name="invitation_revoke"),
    path("manage/import/", importing.import_people, name="import"),
    path("manage/import/example/<slug:kind>/<slug:fmt>/", importing.import_example, name="import_example"),
    path("manage/import/<uuid:uuid>/", importing.import_job, name="import_job"),
    path("manage/import/<uuid:uuid>/run/", importing.import_job_run, name="import_run"),
    path("manage/import/<uuid:uuid>/check/", importing.import_job_check_again, name="import_check_again"),
    path("manage/import/<uuid:uuid>/errors.csv", importing.import_job_errors, name="import_errors"),
]
