from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from trajectoires.accounts import security, twofactor
from trajectoires.api import endpoints as api_endpoints


admin.site.site_header = "Trajectoires – administration"
admin.site.site_title = "Trajectoires"
admin.site.index_title = "Paramètres et données de référence"

urlpatterns = [
    # Browsers ask for /favicon.ico on pages without a <link rel="icon"> (the admin, files): ours.
    path("favicon.ico", login_not_required(RedirectView.as_view(url=static("img/favicon.svg"), permanent=True))),
    path("connexion/", security.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("connexion/verification/", twofactor.verifier, name="otp_verifier"),
    path("connexion/double-authentification/", twofactor.activer, name="otp_activer"),
    path("admin/", admin.site.urls),
    path("api/", include((api_endpoints.urlpatterns(), "api"), namespace="api")),
    path("rapport/", include("trajectoires.edition.urls")),
    path("agenda/", include("trajectoires.agenda.urls")),
    path("accueil/", include("trajectoires.accueil.urls")),
    path("immersions/", include("trajectoires.immersions.urls")),
    path("manifestations/", include("trajectoires.manifestations.urls")),
    path("donnees-personnelles/", include("trajectoires.rgpd.urls")),
    path("bourse/", include("trajectoires.bourse.urls")),  # the public job board (docs/bourse.md)
    path("equipe/bourse/", include("trajectoires.bourse.staff_urls")),
    path("parrainage/", include("trajectoires.parrainage.urls")),
    path("", include("trajectoires.workspace.urls")),
    path("", include("trajectoires.www.urls")),
]
