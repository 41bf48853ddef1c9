"""Changing a kind of message (its name, answer period, whether the public form offers it): the
configuration of the installation (docs/SPEC.md §3: "configurable, e.g. 5 working days for a simple
question"). A new period applies to messages received from then on; messages already received keep
the due date they were given (the writer was told it)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.log import record
from gongkai.core.public_changes import bump_public_version
from gongkai.interaction import policy
from gongkai.interaction.models import MessageKind

MAX_WORKDAYS = 60


@transaction.atomic
def update_kind(
    kind: MessageKind, *, actor: Any, name: str, answer_workdays: int, is_active: bool
) -> MessageKind:
    if not policy.can_edit_kinds(actor):
        raise PermissionDenied(_("只有系统管理员或本级人民政府的机构管理员可以修改留言类别"))
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name or len(name) > 30:
        errors["name"] = _("请填写类别名称（最多30个字）")
    if not 1 <= int(answer_workdays) <= MAX_WORKDAYS:
        errors["answer_workdays"] = _("答复期限应为1至%(max)d个工作日") % {"max": MAX_WORKDAYS}
    if not is_active and not MessageKind.objects.filter(is_active=True).exclude(pk=kind.pk).exists():
        errors["is_active"] = _("至少保留一个启用的留言类别")
    if errors:
        raise ValidationError(errors)
    before = {"name": kind.name, "answer_workdays": kind.answer_workdays, "is_active": kind.is_active}
    kind.name, kind.answer_workdays, kind.is_active = name, int(answer_workdays), is_active
    kind.save()
    if before["name"] != name:
        # The kind's name is on every message page and list of every body: a rare change of the
        # installation's configuration, so the global public version (as a portal host does).
        transaction.on_commit(bump_public_version)
    record(
        actor=actor,
        action="message_kind.changed",
        target=kind,
        data={
            "before": before,
            "after": {"name": name, "answer_workdays": int(answer_workdays), "is_active": is_active},
        },
    )
    return kind
