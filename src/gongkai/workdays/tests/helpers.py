"""Helpers of the calendar tests: the 2027 test notice, registering a request.

NOTICE_2027 is TEST DATA, invented for these tests (no 2027 notice existed when they were written;
docs/sources/calendar-notices.md stops at 2026). It is built the way the State Council builds one from
《全国年节及纪念日放假办法》: 春节 2027 (除夕 Fri 5 Feb – 初三 Mon 8 Feb) stretched to nine days, Fri
5 Feb to Sat 13 Feb, with Sun 31 Jan and Sat 20 Feb worked instead; 国庆 1–7 Oct with Sun 26 Sep
and Sat 9 Oct worked; and so on. Its lines use several of the accepted spellings on purpose.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.foi.models import InfoRequest
from gongkai.foi.services import intake

NOTICE_2027 = """\
元旦 2027-01-01 至 2027-01-03
春节 2027年2月5日至2027年2月13日放假调休，共9天。调休上班 2027年1月31日（星期日）、2027年2月20日（星期六）
清明 2027-04-03 至 2027-04-05
# 劳动节：5月1日、2日为法定节假日（周末），顺延并调休
劳动节 2027/5/1～2027/5/5 调休上班 2027-05-08
端午 2027-06-09
中秋 2027-09-15

国庆 2027-10-01 至 2027-10-07 调休上班 2027-09-26, 2027-10-09
"""

APPLICATION = {
    "applicant_type": "person",
    "applicant_name": "张三",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13800000000",
    "email": "zhangsan@example.cn",
    "description": "2026年本市义务教育学校招生计划",
    "format": "electronic",
    "delivery": "email",
}


def register(region: Any, handler: Any, received: dt.date) -> InfoRequest:
    """A request handed in at the city government office on ``received`` (第三十一条第（一）项)."""
    request, _code = intake.register(
        region.office,
        actor=handler,
        data=APPLICATION,
        channel="in_person",
        submitted_on=received,
    )
    request.refresh_from_db()
    return request
