from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "cellops.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment"
