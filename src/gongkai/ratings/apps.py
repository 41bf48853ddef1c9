from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "gongkai.ratings"
    label = "ratings"
    verbose_name = "社会评议"

    def ready(self) -> None:
        pass
