"""The portal role and its file channel (docs/ARCHITECTURE.md, "The portal host")."""

from django.apps import AppConfig


class PortalSyncConfig(AppConfig):
    name = "gongkai.portalsync"
    label = "portalsync"
    verbose_name = "门户同步"
