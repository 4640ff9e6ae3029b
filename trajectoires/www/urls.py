from django.urls import path

from trajectoires.www import views


urlpatterns = [
    path("", views.home, name="home"),
]
