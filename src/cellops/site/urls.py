from django.contrib.auth import views as auth_views
from django.urls import path

from cellops.site import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/tokens/<int:token_id>/revoke", views.revoke_token, name="revoke_token"),
    path("audit/", views.audit, name="audit"),
]
