from __future__ import annotations

from django.urls import path

from trajectoires.workspace import action_views, dossier_views, doublons_views, employeurs_views, offres_views, views


app_name = "workspace"

# Every URL name here must have its row in tests/workspace/test_access_matrix.py.
urlpatterns = [
    path("jeunes/", views.search, name="search"),
    path("jeunes/nouveau/", dossier_views.jeune_create, name="jeune_nouveau"),
    path("jeunes/<int:pk>/", views.jeune_detail, name="jeune"),
    path("jeunes/<int:pk>/contact/", views.contact_create, name="contact"),
    path("jeunes/<int:pk>/profil/", dossier_views.profil_edit, name="profil"),
    path("jeunes/<int:pk>/dispositifs/entree/", action_views.dispositif_entree, name="dispositif_entree"),
    path("jeunes/<int:pk>/dispositifs/sortie/", action_views.dispositif_sortie, name="dispositif_sortie"),
    path("jeunes/<int:pk>/dispositifs/fin-prevue/", action_views.dispositif_fin_prevue, name="dispositif_fin_prevue"),
    path("jeunes/<int:pk>/situations/debut/", action_views.situation_debut, name="situation_debut"),
    path("jeunes/<int:pk>/situations/fin/", action_views.situation_fin, name="situation_fin"),
    path("jeunes/<int:pk>/aides/", action_views.aide, name="aide"),
    path("jeunes/<int:pk>/transfert/", action_views.transfert, name="transfert"),
    path("demandes-transfert/<int:pk>/", action_views.transfert_decision, name="transfert_decision"),
    path("employeurs/suggestions/", action_views.employeurs_suggestions, name="employeurs_suggestions"),
    # The employers' file (issue 13, docs/employeurs.md).
    path("employeurs/", employeurs_views.employeurs, name="employeurs"),
    path("employeurs/nouveau/", employeurs_views.employeur_nouveau, name="employeur_nouveau"),
    path("employeurs/<int:pk>/", employeurs_views.employeur, name="employeur"),
    path("employeurs/<int:pk>/modifier/", employeurs_views.employeur_modifier, name="employeur_modifier"),
    path("employeurs/<int:pk>/contact/", employeurs_views.employeur_contact, name="employeur_contact"),
    path("employeurs/<int:pk>/interlocuteurs/nouveau/", employeurs_views.interlocuteur_nouveau,
         name="interlocuteur_nouveau"),
    path("employeurs/interlocuteurs/<int:pk>/", employeurs_views.interlocuteur_modifier, name="interlocuteur"),
    path("portefeuille/", views.portefeuille, name="portefeuille"),
    path("communes/", dossier_views.communes_options, name="communes"),
    path("doublons/", doublons_views.doublons, name="doublons"),
    path("doublons/<int:pk>/<int:autre>/", doublons_views.fusion, name="fusion"),
    # Job offers and matching (docs/offres.md); /offres/ is the public job board's.
    path("offres-emploi/", offres_views.offres, name="offres"),
    path("offres-emploi/nouvelle/", offres_views.offre_nouvelle, name="offre_nouvelle"),
    path("offres-emploi/rome/", offres_views.rome_options, name="rome"),
    path("offres-emploi/<int:pk>/", offres_views.offre, name="offre"),
    path("offres-emploi/<int:pk>/modifier/", offres_views.offre_modifier, name="offre_modifier"),
    path("offres-emploi/<int:pk>/publier/", offres_views.offre_publier, name="offre_publier"),
    path("offres-emploi/<int:pk>/cloturer/", offres_views.offre_cloturer, name="offre_cloturer"),
    path("offres-emploi/<int:pk>/mises-en-relation/", offres_views.mise_en_relation, name="offre_mise_en_relation"),
    path("mises-en-relation/<int:pk>/", offres_views.mise_en_relation_detail, name="mise_en_relation"),
    path("jeunes/<int:pk>/metiers-recherches/", offres_views.metiers_recherches, name="metiers_recherches"),
]
