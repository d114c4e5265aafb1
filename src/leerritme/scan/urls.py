from django.urls import path

from leerritme.scan import views

app_name = "scan"

urlpatterns = [
    path("", views.index, name="index"),
    path("instruments/", views.instruments, name="instruments"),
    path("instruments/new/", views.instrument_new, name="instrument_new"),
    path("instruments/<uuid:uuid>/", views.instrument_detail, name="instrument"),
    path("instruments/<uuid:uuid>/edit/", views.instrument_edit, name="instrument_edit"),
    path("instruments/<uuid:uuid>/copy/", views.instrument_copy, name="instrument_copy"),
    path("instruments/<uuid:uuid>/items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("instruments/<uuid:uuid>/items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("runs/new/", views.run_new, name="run_new"),
    path("runs/<uuid:uuid>/", views.results, name="results"),
    path("runs/<uuid:uuid>/results.<str:extension>", views.export, name="export"),
    path("runs/<uuid:uuid>/answer/", views.answer, name="answer"),
    path("runs/<uuid:uuid>/close/", views.run_close, name="run_close"),
    path("runs/<uuid:uuid>/adopt/", views.adopt, name="adopt"),
]
