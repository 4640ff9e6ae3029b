from django.urls import path

from trajectoires.parrainage import views


app_name = "parrainage"

urlpatterns = [
    # The coordinator (direction, counsellors: Cap.MENTORING_ADMIN).
    path("", views.parrains, name="parrains"),
    path("parrains/nouveau/", views.parrain_nouveau, name="parrain_nouveau"),
    path("parrains/<int:pk>/", views.parrain, name="parrain"),
    path("parrains/<int:pk>/modifier/", views.parrain_modifier, name="parrain_modifier"),
    path("parrains/<int:pk>/compte/", views.parrain_compte, name="parrain_compte"),
    path("parrainages/nouveau/", views.parrainage_nouveau, name="parrainage_nouveau"),
    path("parrainages/<int:pk>/", views.parrainage_modifier, name="parrainage_modifier"),
    path("inquietudes/<int:pk>/lue/", views.inquietude_lue, name="inquietude_lue"),
    # The mentor (Cap.MENTOR_SPACE): their current pairings only; their home is the home page.
    path("mes-filleuls/<int:pk>/rencontre/", views.rencontre, name="rencontre"),
    path("mes-filleuls/<int:pk>/inquietude/", views.inquietude, name="inquietude"),
]
