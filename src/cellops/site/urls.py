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
    path("password_change/", views.PasswordChange.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(extra_context={"page_title": "Password changed"}),
        name="password_change_done",
    ),
    path("password_reset/", views.PasswordReset.as_view(), name="password_reset"),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context={"page_title": "Check your email"}),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context={"page_title": "Password set"}),
        name="password_reset_complete",
    ),
]
