"""The staff side of ``test_several_processes``: a process of its own on the shared installation
(the same ``GONGKAI_DATA_DIR``, database and Redis as the two app processes).

    python -m gongkai.core.tests.several_processes_child

reads one command a line on its standard input and answers one line (``ok <result>`` or
``error <what>``), so that Django starts once for the whole module:

    seed               the small region of ``gongkai.testing.build_region``
    publish<TAB>TITLE  an item published in 测试市教育局's first column → its id
    withdraw<TAB>ID    that item withdrawn by the body's signer

Every change goes through the real services (``gongkai.testing``), so it purges the page cache's
tags in the shared cache and queues the item in the search outbox, exactly as the back office does.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.testing import Region


def _region() -> Region:
    from gongkai.accounts.models import User
    from gongkai.disclosure.models import CatalogColumn
    from gongkai.orgs.models import Organization
    from gongkai.testing import Region

    org = {o.slug: o for o in Organization.objects.all()}
    user = {u.username: u for u in User.objects.all()}

    def column(slug: str) -> CatalogColumn:
        found = CatalogColumn.objects.filter(organization=org[slug], parent=None).order_by("code").first()
        assert found is not None
        return found

    return Region(
        city=org["city"],
        office=org["office"],
        dept=org["edu"],
        county=org["county"],
        county_office=org["county-office"],
        county_dept=org["county-finance"],
        editor=user["editor"],
        reviewer=user["reviewer"],
        signer=user["signer"],
        head=user["head"],
        supervisor=user["supervisor"],
        admin=user["orgadmin"],
        county_editor=user["ceditor"],
        county_reviewer=user["creviewer"],
        county_signer=user["csigner"],
        outsider=user["outsider"],
        column=column("edu"),
        county_column=column("county-finance"),
    )


def _run(command: str, args: list[str]) -> str:
    from gongkai.disclosure.models import Item
    from gongkai.disclosure.services import workflow
    from gongkai.testing import build_region, make_item

    if command == "seed":
        build_region()
        return ""
    region = _region()
    if command == "publish":
        return str(make_item(region=region, title=args[0]).pk)
    if command == "withdraw":
        item = Item.objects.get(pk=int(args[0]))
        workflow.withdraw_item(actor=region.signer, item=item, reason="测试撤回")
        return ""
    raise ValueError(f"unknown command {command}")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    for line in sys.stdin:
        command, *args = line.rstrip("\n").split("\t")
        try:
            answer = f"ok {_run(command, args)}"
        except Exception as exc:  # the test reads it and fails with it
            answer = f"error {type(exc).__name__}: {exc}".replace("\n", " ")
        print(answer, flush=True)


if __name__ == "__main__":
    main()
