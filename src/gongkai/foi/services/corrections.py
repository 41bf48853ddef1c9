"""The applicant sends the correction (补正, 2019 条例 第三十条) online from the look-up page.

Who may: the holder of the request's look-up grant (the portal checks the grant; the service
checks the request). When: while the request awaits the correction the 补正告知书 asked for, and
not after the date it gave (逾期未补正的，视为放弃申请).

The day of receipt follows what the platform does for online applications (``intake.submit_online``):
通过互联网渠道提交的，以双方确认之日为收到申请之日 (第三十一条第（三）项), and the platform confirms on
submission, so the correction is received on the day it arrives, Beijing time — a Saturday or 23:30
on a Friday included. The 20 working days then count afresh from the next day (第三十条; the day of
receipt is not counted, 第三十三条第一款): a correction arriving on a day off gives the same due date
as one arriving on the last working day before it.

One correction per request, recorded once: ``token`` is the form's one-time key, so the same form
sent twice finds the stored correction and records nothing more.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.core.actors import SYSTEM
from gongkai.core.files.uploads import read_upload
from gongkai.disclosure.services.content import check_upload
from gongkai.foi.clock import zh_date
from gongkai.foi.models import Correction, CorrectionFile, InfoRequest, RequestState
from gongkai.foi.services import notices
from gongkai.foi.services.handling import restart_after_correction

#: At most this many files with one correction, and this many characters of text.
MAX_FILES = 5
MAX_TEXT = 5000
MIN_TEXT = 4

NOT_AWAITING = "这件申请当前没有待补正的事项，无需提交补正。"
ALREADY_SENT = "这件申请的补正已经收到，无需重复提交。"


def can_correct(request: InfoRequest, *, today: Any = None) -> bool:
    """Whether the look-up page offers the correction form now."""
    today = today or timezone.localdate()
    return (
        request.state == RequestState.CORRECTION
        and request.correction_due is not None
        and today <= request.correction_due
    )


def refusal(request: InfoRequest, *, today: Any = None) -> str:
    """Why a correction cannot be sent now, in Chinese (empty when it can)."""
    today = today or timezone.localdate()
    if request.state != RequestState.CORRECTION:
        return NOT_AWAITING
    if request.correction_due is None or today > request.correction_due:
        return (
            f"补正期限（{zh_date(request.correction_due)}）已过，网上补正已关闭。"
            "根据《中华人民共和国政府信息公开条例》第三十条，申请人无正当理由逾期不补正的，视为放弃申请；"
            "如有正当理由，请与受理机关联系。"
        )
    return ""


def _check_files(files: Sequence[UploadedFile]) -> list[tuple[Any, bytes]]:
    if len(files) > MAX_FILES:
        raise ValidationError({"files": f"补正材料最多上传{MAX_FILES}个文件"})
    checked = []
    problems: list[str] = []
    for upload in files:
        name = (upload.name or "附件").rsplit("/", 1)[-1]
        try:
            data = read_upload(upload)  # never more than the limit in memory
            checked.append((check_upload(data, name), data))
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError({"files": "；".join(problems)})
    return checked


@transaction.atomic
def submit_online(
    request: InfoRequest, *, text: str, token: str, files: Sequence[UploadedFile] = ()
) -> tuple[Correction, bool]:
    """Record the correction sent online; returns (correction, created).

    The arrival is the clock's ``CORRECTION_RECEIVED`` on today's date (第三十条, 第三十一条第（三）项),
    recorded by the platform (``SYSTEM``: the applicant is not a user), the due date recomputed,
    the handlers told. The same ``token`` again returns the stored correction with ``created``
    False; any other attempt after it is refused with ``ALREADY_SENT``.
    """
    token = (token or "").strip()[:64]
    if len(token) < 16:
        raise ValidationError("表单已失效，请刷新页面后重新提交")
    # One at a time per request: a second submission waits here and then sees the first.
    locked = InfoRequest.objects.select_for_update().select_related("organization").get(pk=request.pk)
    earlier = Correction.objects.filter(request=locked).first()
    if earlier is not None:
        if earlier.token == token:
            return earlier, False
        raise ValidationError(ALREADY_SENT)
    problem = refusal(locked)
    if problem:
        raise ValidationError(problem)
    text = "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").strip().splitlines())
    if len(text) < MIN_TEXT:
        raise ValidationError(
            {"text": "请写明补正的内容（所需政府信息的名称、文号或便于查询的其他特征性描述）"}
        )
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": f"补正内容不能超过{MAX_TEXT}字，其余内容请作为附件上传"})
    checked = _check_files(files)

    now = timezone.now()
    received_on = timezone.localdate(now)
    try:
        with transaction.atomic():
            correction = Correction.objects.create(
                request=locked, text=text, submitted_at=now, received_on=received_on, token=token
            )
    except IntegrityError:
        raise ValidationError(ALREADY_SENT) from None
    for result, data in checked:
        attachment = CorrectionFile(
            correction=correction, name=result.name, content_type=result.content_type, size=result.size
        )
        # Stored under the content hash, never the uploader's name (docs/ARCHITECTURE.md).
        attachment.file.save(result.stored_name, ContentFile(data), save=False)
        attachment.save()
    restart_after_correction(
        locked,
        on=received_on,
        actor=SYSTEM,
        label="收到补正后的申请（网上提交）" + (f"，附件{len(checked)}个" if checked else ""),
    )
    record(
        actor=SYSTEM,
        action="request.correction_submitted_online",
        target=locked,
        data={"received_on": str(received_on), "files": len(checked)},
    )
    request.refresh_from_db()
    transaction.on_commit(
        lambda: notices.notify_handlers(
            locked,
            "request.correction_received",
            f"申请人已网上提交补正：{locked.registration_number}",
            f"收到补正日期 {received_on}，答复期限重新计算至 {locked.due_date}（第三十条）。",
        )
    )
    return correction, True
