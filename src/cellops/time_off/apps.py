from django.apps import AppConfig


class TimeOffConfig(AppConfig):
    name = "cellops.time_off"
    label = "time_off"
    verbose_name = "Time off"
