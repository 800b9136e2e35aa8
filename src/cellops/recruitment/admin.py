"""Administrators edit the rejection e-mails (RC-5) and the interview script (RC-6) here."""

from django.contrib import admin

from cellops.recruitment.models import InterviewScript, RejectionTemplate


@admin.register(RejectionTemplate)
class RejectionTemplateAdmin(admin.ModelAdmin):
    list_display = ("key", "subject")
    readonly_fields = ("key",)
    help_texts = "{name} and {round} are filled in when the e-mail is sent."


@admin.register(InterviewScript)
class InterviewScriptAdmin(admin.ModelAdmin):
    list_display = ("key",)
