"""Fixtures of the 互动 tests: the test region (``gongkai.testing.build_region``) with the people who
handle 测试市教育局's messages, and a helper that receives a message through the real intake service
on the clock's day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class Desk:
    region: Any
    head: Any  # 测试市教育局's office head (局长丁)
    handler: Any  # a request handler of 测试市教育局
    write: Callable[..., Any]


def message_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "subject": "关于小学入学材料的咨询",
        "text": "孩子今年满6周岁，请问报名一年级需要哪些材料？我的电话13955701234。",
        "writer_name": "王建国",
        "writer_phone": "13955701234",
        "writer_email": "wjg@example.com",
        "consent_publish": True,
    }
    data.update(overrides)
    return data


@pytest.fixture
def desk(region: Any) -> Desk:
    from gongkai.interaction.models import MessageKind
    from gongkai.interaction.services import intake
    from gongkai.orgs.models import RoleName
    from gongkai.testing import UserFactory, grant

    handler = grant(
        UserFactory.create(username="msg_handler", full_name="承办人庚"),
        region.dept,
        RoleName.REQUEST_HANDLER,
    )

    def write(kind: str = "consult", body: Any = None, key: str = "", **overrides: Any) -> Any:
        message, code = intake.submit_message(
            organization=body or region.dept,
            kind=MessageKind.objects.get(code=kind),
            data=message_data(**overrides),
            idempotency_key=key,
        )
        message.code = code
        return message

    return Desk(region=region, head=region.head, handler=handler, write=write)
