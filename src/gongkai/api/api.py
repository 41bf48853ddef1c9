"""The public JSON API (docs/SPEC.md §9: "a JSON API with an OpenAPI description for the public catalog").

Read-only and anonymous. Every item it returns comes from ``Item.objects.public()``; every body
from the active organizations. Errors are JSON with a Chinese ``detail``.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from gongkai.api.http import OfflineSwagger
from gongkai.api.routers import classifications, govinfo, items, organizations, reports, search
from gongkai.api.selectors import BadParameter

DESCRIPTION = """\
政府信息公开平台的公开接口：只读、无需登录，只提供已主动公开、面向社会的政府信息及其目录。
依申请公开、不予公开、未发布、已撤回、限时公开已到期的信息以及工作人员信息一律不在接口中出现。
所有错误以 JSON 返回，`detail` 为中文说明。列表每页最多 100 条。

The public, read-only API of the government information disclosure platform (政府信息公开).
It serves only information that is published for active disclosure to the public (主动公开,
面向社会), the catalog columns and the class lists. Errors are JSON with a Chinese `detail`.
Lists return at most 100 entries per page.
"""


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 JSON with the Chinese characters as they are (not ``\\uXXXX`` escapes)."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Gongkai 政府信息公开 API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=OfflineSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=ChineseJSONRenderer(),
)

api.add_router("/organizations", organizations.router, tags=["机构 Organizations"])
api.add_router("/items", items.router, tags=["政府信息 Items"])
api.add_router("/search", search.router, tags=["检索 Search"])
api.add_router("/classifications", classifications.router, tags=["分类 Classifications"])
api.add_router("/bodies", reports.router, tags=["年度报告 Annual reports"])
api.add_router("/govinfo", govinfo.router, tags=["政务信息报送（工作人员）"])


# ----------------------------------------------------------------------------------- error bodies

_MESSAGES: dict[str, str] = {
    "missing": "缺少必填参数。",
    "int_parsing": "必须是整数。",
    "int_type": "必须是整数。",
    "bool_parsing": "必须是 true 或 false。",
    "date_parsing": "必须是日期，格式为 YYYY-MM-DD。",
    "date_from_datetime_parsing": "必须是日期，格式为 YYYY-MM-DD。",
    "date_type": "必须是日期，格式为 YYYY-MM-DD。",
}


def chinese_message(error: dict[str, Any]) -> str:
    """A pydantic error, said in Chinese."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))}。"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于 {ctx.get('le', ctx.get('lt'))}。"
    if kind == "string_too_short":
        return "不能为空。"
    if kind == "string_too_long":
        return f"不能超过 {ctx.get('max_length')} 个字符。"
    if kind in ("literal_error", "enum"):
        return f"可选值为：{ctx.get('expected', '')}。"
    return "格式不正确。"


def _field_name(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "params", "filters")]
    return ".".join(parts) or "?"


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"field": _field_name(e.get("loc", ())), "message": chinese_message(e)} for e in exc.errors]
    summary = "；".join(f"{e['field']}：{e['message']}" for e in errors)
    return api.create_response(
        request, {"detail": f"请求参数有误（{summary}）", "errors": errors}, status=422
    )


@api.exception_handler(BadParameter)
def on_bad_parameter(request: HttpRequest, exc: BadParameter) -> HttpResponse:
    body = {"detail": exc.message, "errors": [{"field": exc.field, "message": exc.message}]}
    return api.create_response(request, body, status=422)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "未找到", "errors": []}, status=404)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message, "errors": []}, status=exc.status_code)
