"""Public, non-page URLs of governance."""

from django.urls import path

from governance.views import lobby

urlpatterns = [
    path("lobby/", lobby.screen_list, name="lobby_list"),
    path("lobby/<slug:slug>/", lobby.screen, name="lobby_screen"),
]
