from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path


admin.site.site_header = "Trajectoires – administration"
admin.site.site_title = "Trajectoires"
admin.site.index_title = "Paramètres et données de référence"

urlpatterns = [
    path("connexion/", auth_views.LoginView.as_view(template_name="www/login.html"), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("rapport/", include("trajectoires.edition.urls")),
    path("donnees-personnelles/", include("trajectoires.rgpd.urls")),
    path("agenda/", include("trajectoires.agenda.urls")),
    path("accueil/", include("trajectoires.accueil.urls")),
    path("", include("trajectoires.workspace.urls")),
    path("", include("trajectoires.www.urls")),
]
