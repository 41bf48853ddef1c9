from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    verbose_name = "检索"

    def ready(self) -> None:
        from gongkai.core.public_changes import PublicIndex, register_public_index
        from gongkai.search import demo, vocabulary
        from gongkai.search.outbox import enqueue, process_after_commit

        # Every change of what the public may see reaches the index through the outbox.
        register_public_index(PublicIndex(enqueue=enqueue, process=process_after_commit))
        demo.register()
        # The platform's vocabulary follows the bodies, columns and class lists (search may import
        # orgs and disclosure, not the reverse: receivers instead of calls from their services).
        vocabulary.connect()
