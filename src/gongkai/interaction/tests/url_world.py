"""interaction's part of the URL walk (``tests/test_url_walk.py``): ``build`` creates, through the real
services, a record in every state the app's routes act on and returns their ids under keys of its
own; ``values_for`` gives a route's path arguments from them (None: not one of this app's routes).

Messages are sent to the region's office (测试市人民政府办公室), where the walk's office head and
request handler work: a new one (assign), one assigned (answer), one answered with consent
(publish), one answered without consent (close), one published (unpublish, the public page)."""

from __future__ import annotations

from typing import Any

#: The message each staff action acts on (the last path segment names the action).
_STAFF_KEYS = {
    "assign": "message",
    "answer": "message:assigned",
    "publish": "message:answered",
    "close": "message:private",
    "unpublish": "message:published",
}


def build(region: Any, people: dict[str, Any]) -> dict[str, str]:
    from gongkai.interaction.models import MessageKind
    from gongkai.interaction.services import handling, intake
    from gongkai.interaction.services.masking import propose_copy

    head, handler = people["office_head"], people["request_handler"]
    consult = MessageKind.objects.get(code="consult")

    def write(subject: str, *, consent: bool = True) -> Any:
        message, _code = intake.submit_message(
            organization=region.office,
            kind=consult,
            data={
                "subject": subject,
                "text": f"{subject}，请问具体怎么办理？联系电话13800001111。",
                "writer_name": "走查留言人",
                "consent_publish": consent,
            },
        )
        return message

    def answered(subject: str, *, consent: bool = True) -> Any:
        message = handling.assign(write(subject, consent=consent), actor=head, assignee=handler)
        return handling.answer(message, actor=handler, text="您好，请携带身份证到政务服务中心办理。")

    new = write("咨询居住证办理")
    assigned = handling.assign(write("咨询公积金提取"), actor=head, assignee=handler)
    to_publish = answered("咨询社保卡补办")
    private = answered("反映噪声扰民", consent=False)
    published = answered("咨询新生儿落户")
    published = handling.publish(published, actor=handler, copy=propose_copy(published))
    return {
        "message": str(new.pk),
        "message:assigned": str(assigned.pk),
        "message:answered": str(to_publish.pk),
        "message:private": str(private.pk),
        "message:published": str(published.pk),
        "message_kind": str(consult.pk),
    }


def values_for(route: Any, values: dict[str, str]) -> tuple[dict[str, str], list[str]] | None:
    r = route.route
    if r.startswith("staff/messages/kinds/<"):
        key = "message_kind"
    elif r.startswith("staff/messages/<"):
        action = r.rstrip("/").rsplit("/", 1)[-1]
        key = _STAFF_KEYS.get(action, "message")
    elif r.startswith("messages/<"):
        key = "message:published"  # the public page of a published message
    else:
        return None
    found: dict[str, str] = {}
    missing: list[str] = []
    for p in route.params:
        value = values.get(key, "")
        if value:
            found[p.name] = value
        else:
            missing.append(p.name)
            found[p.name] = "1"
    return found, missing
