from django.urls import path

from leerritme.people import views

app_name = "people"

urlpatterns = [
    path("colleagues/", views.person_list, name="list"),
    path("colleagues/<uuid:uuid>/", views.profile, name="profile"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/<uuid:uuid>/", views.team_detail, name="team_detail"),
    path("skills/", views.skill_list, name="skill_list"),
    path("manage/people/", views.admin_people, name="admin_people"),
    path("manage/invitations/", views.invitation_list, name="invitation_list"),
    path("manage/import/", views.import_people, name="import"),
]
