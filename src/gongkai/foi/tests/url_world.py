"""foi's part of the URL walk (``tests/test_url_walk.py``) for the applicant's side of a request:
``build`` creates, through the real services, a request whose applicant sent the correction online
with a file (the staff route that serves it), and a public item a deflection suggestion leads to;
``values_for`` gives those routes' path arguments (None: not one of these routes). The other
request routes take the walk's generic values (``registration``, ``request``, ``letter`` …).
"""

from __future__ import annotations

from typing import Any

ROUTES = {
    "portal:request_suggestions",
    "portal:request_suggestion_follow",
    "backoffice:request_correction_file",
}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def build(region: Any, people: dict[str, Any]) -> dict[str, str]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.foi.services import corrections, handling, intake
    from gongkai.foi.services.clock import local_today
    from gongkai.testing import application, make_item

    handler = people["request_handler"]  # 依申请承办人 of the office, which receives requests
    today = local_today()
    request, _code = intake.register(
        region.office, actor=handler, data=application(), channel="in_person", submitted_on=today
    )
    handling.ask_correction(request, actor=handler, on=today, what="请写明所需文件的文号")
    correction, _ = corrections.submit_online(
        request,
        text="所需文件为测教〔2026〕12号",
        token="walk-correction-00000001",
        files=[SimpleUploadedFile("补充说明.png", PNG, content_type="image/png")],
    )
    item = make_item(region=region, title="关于公布2026年测试市义务教育阶段招生划片范围的通知")
    return {
        "foi_corrected": str(request.pk),
        "foi_correction_file": str(correction.files.get().pk),
        "foi_item": str(item.pk),
    }


def values_for(route: Any, values: dict[str, str]) -> tuple[dict[str, str], list[str]] | None:
    if route.name not in ROUTES:
        return None
    if route.name == "portal:request_suggestion_follow":
        return {"item_id": values["foi_item"]}, []
    if route.name == "backoffice:request_correction_file":
        return {"pk": values["foi_corrected"], "file_pk": values["foi_correction_file"]}, []
    return {}, []
