"""Publishing public pages as files (静态发布), for a web server in front to serve directly.

The field's own platforms publish static pages because a government portal is read far more
than it changes. Gongkai does it lazily and without ever serving a stale page:

* the first anonymous request for a public page renders it through Django (the page cache) and
  also writes it to ``PUBLISH_DIR/<version>/<host>/<path>/index.html``;
* ``PUBLISH_DIR/current`` is a symlink to the directory of the current public version; nginx
  serves ``current/$host$uri/index.html`` when it exists and passes the request to Gongkai
  otherwise (see ``deploy/nginx.conf``);
* each file is listed under the tags of its page (``core.public_deps``) in
  ``PUBLISH_DIR/<version>.tags/``; when what the public may see changes, :func:`purge` deletes
  the files of the tags the change touches (an item's page, its listings, its body's pages …),
  before the change is announced, and every other file stays;
* a global change (``core.public_changes.bump_public_version``) makes ``switch_to`` point
  ``current`` at a new, empty directory in one atomic rename, so no file rendered before it is
  ever served again; the old directories are removed in the background.

A page rendered while a change was being committed must not outlive it: the writer records its
tags' versions before rendering (``core.tag_versions``), writes the file and lists it under its
tags, then reads the versions again and deletes the file if one moved. A purge moves the versions
first and then deletes the listed files, so either the writer sees the new version, or the purge
finds the file listed.

Pages are kept per host (the host name without port, lower case: nginx's ``$host``), like the page
cache: a page requested under one name is never served under another. nginx only answers the names
of its ``server_name``; any other host is refused before it reaches a file or Gongkai.

Only pages without a query string, in the default language, of type text/html are published.
Enabled by ``GONGKAI_PUBLISH_PAGES=1``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path

from django.http.request import split_domain_port

from gongkai.core import tag_versions
from gongkai.core.conf import conf

#: A host name as a directory: DNS labels, or a bracketed IPv6 literal (never "..", never a "/").
_HOST_DIR = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])$"
)


def enabled() -> bool:
    return bool(conf().get("PUBLISH_PAGES"))


def _root() -> Path:
    return Path(conf()["PUBLISH_DIR"])


def switch_to(version: int) -> None:
    """Make ``current`` point at the (new, empty) directory of ``version``."""
    root = _root()
    target = root / str(version)
    target.mkdir(parents=True, exist_ok=True)
    tmp = root / f".current-{os.getpid()}-{threading.get_ident()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(target.name)
    os.replace(tmp, root / "current")  # atomic: readers see the old or the new directory
    threading.Thread(target=_remove_old, args=(root, version), daemon=True).start()


def _remove_old(root: Path, version: int) -> None:
    """Remove the directories (and tag lists) of versions older than ``version`` (never a newer
    one: another process may have switched again meanwhile)."""
    for entry in root.iterdir():
        name = entry.name.removesuffix(".tags")
        if name.isdigit() and int(name) < version and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def _tag_list(directory: Path, tag: str) -> Path:
    digest = hashlib.sha1(tag.encode()).hexdigest()  # noqa: S324 - a file name, not a secret
    return directory.with_name(directory.name + ".tags") / digest[:2] / digest


def _current_directory(root: Path) -> Path | None:
    current = root / "current"
    linked = os.readlink(current) if current.is_symlink() else ""
    return root / linked if linked.isdigit() else None


def purge(tags: Iterable[str]) -> int:
    """Delete the published files of the current version listed under any of ``tags`` (their
    versions have already moved, ``core.tag_versions.purge``). Returns how many were deleted."""
    root = _root()
    directory = _current_directory(root)
    if directory is None:
        return 0
    deleted = 0
    for tag in set(tags):
        listing = _tag_list(directory, tag)
        taken = listing.with_name(f".{listing.name}-{os.getpid()}-{threading.get_ident()}")
        try:
            os.replace(listing, taken)
        except FileNotFoundError:
            continue
        for line in taken.read_text().splitlines():
            if not line or ".." in line.split("/"):
                continue
            try:
                (directory / line / "index.html").unlink()
                deleted += 1
            except FileNotFoundError:
                pass
        taken.unlink(missing_ok=True)
    return deleted


def host_directory(host: str) -> str | None:
    """The directory name of a request's host (``Host`` header, maybe with a port): the name
    nginx calls ``$host``; None for anything that is not a plain host name."""
    domain, _port = split_domain_port(host)
    return domain if _HOST_DIR.match(domain) else None


def write(*, version: int, host: str, path: str, content: bytes, tags: dict[str, int] | None = None) -> None:
    """Store one rendered page, unless the public version, or the version of one of its ``tags``
    (read before it was rendered), has moved on meanwhile."""
    host_dir = host_directory(host)
    if host_dir is None:
        return
    root = _root()
    directory = root / str(version)
    current = root / "current"
    linked = os.readlink(current) if current.is_symlink() else ""
    if not linked.isdigit() or int(linked) < version:
        # First page since start-up (or since the link was lost): the version is current by
        # definition, as this page was rendered from it.
        switch_to(version)
    elif int(linked) != version:
        return  # rendered for a version that is no longer current
    relative = path.strip("/")
    if ".." in relative.split("/"):
        return
    target = directory / host_dir / relative / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".index-{os.getpid()}-{threading.get_ident()}.tmp")
    tmp.write_bytes(content)
    os.replace(tmp, target)
    if tags is None:
        return
    line = f"{host_dir}/{relative}".rstrip("/") + "\n"
    for tag in tags:
        listing = _tag_list(directory, tag)
        listing.parent.mkdir(parents=True, exist_ok=True)
        with listing.open("a") as handle:  # one short append: whole lines even from several writers
            handle.write(line)
    if not tag_versions.unchanged(tags):
        target.unlink(missing_ok=True)  # a change was committed while this page was rendered
