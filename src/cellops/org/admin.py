"""Back-office views of the organisation. Fields governed by rules are read-only:
changes to them go through the pages or the API, which apply the rules and audit."""

from django.contrib import admin

from cellops.org import models


@admin.register(models.Cell)
class CellAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    readonly_fields = ("name", "kind")


@admin.register(models.Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("user", "cell", "status", "weekly_hours", "timezone", "start_date")
    list_filter = ("cell", "status")
    search_fields = ("user__username", "user__first_name", "user__last_name", "jira_account_id")
    readonly_fields = ("user", "cell", "status", "weekly_hours", "working_days", "start_date")


@admin.register(models.RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("member", "role", "cell", "mentee", "start", "end")
    list_filter = ("role", "cell")
    readonly_fields = ("member", "role", "cell", "mentee", "start", "end")


@admin.register(models.Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ("name", "hourly_rate")


@admin.register(models.Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("name", "client", "monthly_budget_hours")


@admin.register(models.Epic)
class EpicAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "account", "owner", "reviewer", "status", "budget_hours")
    list_filter = ("status",)
    readonly_fields = ("key", "account", "owner", "reviewer")
