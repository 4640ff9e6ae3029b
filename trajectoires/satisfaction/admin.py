from django.contrib import admin

from trajectoires.satisfaction.models import ReponseSatisfaction


@admin.register(ReponseSatisfaction)
class ReponseSatisfactionAdmin(admin.ModelAdmin):
    list_display = ["date", "public", "question", "reponse", "structure"]
    list_filter = ["structure"]
