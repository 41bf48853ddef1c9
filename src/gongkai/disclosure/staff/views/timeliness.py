"""时效统计: working days from formation to publication per body (2019 条例 第二十六条;
docs/sources/suzhou-2008-report.txt
reports "平均3个工作日，最长5个工作日"), for the bodies I can read, with CSV/XLSX export."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.disclosure.selectors import (
    TIMELINESS_HEADERS,
    Timeliness,
    timeliness_by_body,
    timeliness_table,
)
from gongkai.disclosure.staff.forms import PeriodForm
from gongkai.orgs import policy as org_policy


def _export(data: list[Timeliness], fmt: str, start: dt.date, end: dt.date) -> HttpResponse:
    name = f"timeliness-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = _("时效统计")
        ws.append(
            [
                _("成文至发布工作日数统计（%(start)s 至 %(end)s）")
                % {"start": format(start, "%Y-%m-%d"), "end": format(end, "%Y-%m-%d")}
            ]
        )
        ws.append(TIMELINESS_HEADERS)
        for row in timeliness_table(data):
            ws.append(row)
        buffer = io.BytesIO()
        wb.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(TIMELINESS_HEADERS)
        writer.writerows(timeliness_table(data))
        # A BOM so that Excel on Windows opens the Chinese text correctly.
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def timeliness(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = PeriodForm(
        {
            "start": request.GET.get("start") or today.replace(month=1, day=1),
            "end": request.GET.get("end") or today,
        }
    )
    data: list[Timeliness] = []
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        data = timeliness_by_body(org_policy.readable_orgs(request.user), start=start, end=end)
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            return _export(data, fmt, start, end)
    total = sum(t.published for t in data)
    overall = {
        "published": total,
        "average": round(sum((t.average or 0) * t.published for t in data) / total, 1) if total else None,
        "maximum": max((t.maximum or 0 for t in data), default=None),
        "over_limit": sum(t.over_limit for t in data),
    }
    return render(
        request,
        "backoffice/timeliness.html",
        {
            "form": form,
            "data": data,
            "overall": overall,
            "limit": settings.GONGKAI["PUBLICATION_LIMIT_WORKDAYS"],
        },
    )
