"""How the history shows the audit actions of 互动 (registered from ``InteractionConfig.ready()``)."""

from __future__ import annotations

from gongkai.core.registry import register_audit_labels

LABELS = {
    "message.received": "收到网上留言",
    "message.assigned": "分办留言",
    "message.answered": "答复留言",
    "message.published": "公开留言及答复",
    "message.published_edited": "修改公开内容",
    "message.unpublished": "撤回公开",
    "message.closed": "办结（不公开）",
    "message.flagged": "超过3个月未答复（互动回应差）",
    "message.writer_viewed": "查看留言人信息",
    "messages.recomputed": "日历变更后重算留言答复期限",
    "message_kind.changed": "修改留言类别",
}


def register() -> None:
    register_audit_labels(LABELS)
