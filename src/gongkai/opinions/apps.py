from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "gongkai.opinions"
    label = "opinions"
    verbose_name = "意见征集"

    def ready(self) -> None:
        pass
