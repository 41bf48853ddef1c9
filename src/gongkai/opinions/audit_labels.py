"""How the history shows the audit actions of 意见征集 (registered from ``OpinionsConfig.ready()``)."""

from __future__ import annotations

from gongkai.core.registry import register_audit_labels

LABELS = {
    "consultation.created": "起草征求意见稿",
    "consultation.updated": "修改征求意见稿",
    "consultation.attachment_added": "上传征求意见稿附件",
    "consultation.attachment_removed": "删除征求意见稿附件",
    "consultation.submitted": "征求意见稿送保密审查",
    "consultation.finding_decided": "确认检查结果不涉密",
    "consultation.review_passed": "征求意见稿保密审查通过",
    "consultation.returned": "退回征求意见稿",
    "consultation.opened": "签发并公开征求意见",
    "consultation.closed": "征求意见截止",
    "consultation.comment_received": "收到公众意见",
    "consultation.comment_accepted": "意见审核通过",
    "consultation.comment_rejected": "意见审核不通过",
    "consultation.comment_answered": "答复意见",
    "consultation.theme_created": "归并意见主题",
    "consultation.theme_answered": "按主题答复意见",
    "consultation.theme_changed": "调整意见主题",
    "consultation.summary_saved": "保存意见采纳情况",
    "consultation.summary_published": "公布意见采纳情况",
    "consultation.final_linked": "关联正式文件",
    "consultation.final_unlinked": "取消关联正式文件",
}


def register() -> None:
    register_audit_labels(LABELS)
