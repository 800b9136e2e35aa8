from django.urls import path

from cellops.workflows import views
from cellops.workflows.views import pull_requests as pr_views

app_name = "workflows"

urlpatterns = [
    path("", views.index, name="index"),
    path("blog/", views.blog, name="blog"),
    path("blog/<int:post_id>/", views.post, name="post"),
    path("blog/<int:post_id>/advance/", views.advance, name="advance"),
    path("blog/<int:post_id>/proofreading/", views.proofreading, name="proofreading"),
    path(
        "blog/<int:post_id>/proofreading/<int:request_id>/returned/",
        views.proofreading_returned,
        name="proofreading_returned",
    ),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/<int:decision_id>/", views.decision, name="decision"),
    path("decisions/<int:decision_id>/comments/", views.decision_comment, name="comment"),
    path("decisions/<int:decision_id>/edit/", views.decision_edit, name="edit"),
    path(
        "decisions/<int:decision_id>/comments/<int:comment_id>/resolve/",
        views.decision_resolve,
        name="resolve",
    ),
    path("decisions/<int:decision_id>/agree/", views.decision_agree, name="agree"),
    path("decisions/<int:decision_id>/decide/", views.decision_decide, name="decide"),
    path("pull-requests/", pr_views.pull_requests, name="pull_requests"),
    path("pull-requests/<int:pr_id>/", pr_views.pull_request, name="pull_request"),
    path(
        "pull-requests/<int:pr_id>/items/<int:item_id>/",
        pr_views.pull_request_item,
        name="pull_request_item",
    ),
    path("pull-requests/<int:pr_id>/merged/", pr_views.pull_request_merged, name="merged"),
    path("pull-requests/<int:pr_id>/deployed/", pr_views.pull_request_deployed, name="deployed"),
    path("instance-tests/", views.instance_tests, name="instance_tests"),
    path("instance-tests/<int:test_id>/", views.instance_test, name="instance_test"),
    path(
        "instance-tests/<int:test_id>/items/<int:item_id>/",
        views.instance_test_item,
        name="instance_test_item",
    ),
    path("instance-tests/<int:test_id>/report/", views.instance_test_report, name="report"),
]
