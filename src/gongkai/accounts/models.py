"""Staff accounts. Roles are not held by the account itself but within organizations (orgs.Role)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of staff. Citizens do not need an account to use the portal."""

    full_name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class ApiToken(models.Model):
    """个人接口令牌: a machine credential with which a staff integration (another government system
    pulling 政务信息报送 data, docs/SPEC.md §8, issue 10) reads the staff API as its user — the same
    roles and scope, nothing more. Only the SHA-256 digest of the secret is kept; the secret itself is
    shown once, on creation (``accounts.tokens``)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("用户")
    )
    name = models.CharField(_("名称"), max_length=60)
    prefix = models.CharField(_("前缀"), max_length=8, db_index=True)
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    expires_at = models.DateTimeField(_("到期时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"
