"""分类: the configurable class lists (主题/体裁/服务对象/组配分类) used as catalog filters."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from gongkai.api.schemas import ClassificationSchemeOut
from gongkai.disclosure.models import Classification, ClassificationScheme

router = Router()


@router.get(
    "",
    response=list[ClassificationSchemeOut],
    operation_id="listClassifications",
    summary="分类表 / Class lists",
)
def list_classifications(request: HttpRequest) -> list[dict[str, Any]]:
    """各分类体系中启用的分类代码和名称，代码可用作目录和检索的筛选条件。
    The active classes of each scheme; their codes are the catalog and search filters."""
    by_scheme: dict[str, list[dict[str, str]]] = {s: [] for s in ClassificationScheme.values}
    for cls in Classification.objects.filter(is_active=True).order_by("scheme", "position", "code"):
        by_scheme.setdefault(cls.scheme, []).append({"code": cls.code, "name": cls.name})
    return [
        {"scheme": scheme, "name": str(ClassificationScheme(scheme).label), "classes": classes}
        for scheme, classes in by_scheme.items()
        if scheme in ClassificationScheme.values
    ]
