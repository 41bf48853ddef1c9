"""Files in an S3-compatible object store (issue 13 §4), against a real SeaweedFS server started
for the session (``core/tests/seaweedfs.py``), never a mock: uploads through the real screens and
services land in the bucket, downloads go through the same checks as on disk (public while
published, 404 once withdrawn, staff-only files never public), the bucket refuses anyone without
a key, and with nothing configured files stay local files.
"""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.urls import reverse

from gongkai.backoffice.tests.helpers import docx_file, editor_post, login
from gongkai.core.files.stored import (
    ObjectStream,
    is_object_storage,
    open_stored,
    read_stored,
    stored_file_names,
    write_stored,
)
from gongkai.core.tests.documents import docx_bytes, polyglot_png_html
from gongkai.core.tests.seaweedfs import Bucket
from gongkai.disclosure.models import Attachment, Item, ItemState
from gongkai.disclosure.services import workflow
from gongkai.settings import object_storage
from gongkai.testing import advance_item

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("s3")]

DAY = dt.date(2026, 3, 16)


def _public_url(attachment: Attachment) -> str:
    return reverse("portal:attachment", args=[attachment.item_id, attachment.pk])


def _streamed(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_settings_turn_on_the_bucket_only_when_one_is_named() -> None:
    assert object_storage({}) is None and object_storage({"GONGKAI_S3_BUCKET": " "}) is None
    found = object_storage(
        {
            "GONGKAI_S3_BUCKET": "gongkai",
            "GONGKAI_S3_ENDPOINT_URL": "http://127.0.0.1:8333",
            "GONGKAI_S3_ACCESS_KEY": "key",
            "GONGKAI_S3_SECRET_KEY": "secret",
            "GONGKAI_S3_PREFIX": "/province/",
        }
    )
    assert found is not None and found["BACKEND"] == "storages.backends.s3.S3Storage"
    options = found["OPTIONS"]
    assert options["bucket_name"] == "gongkai" and options["endpoint_url"] == "http://127.0.0.1:8333"
    assert (options["access_key"], options["secret_key"], options["location"]) == (
        "key",
        "secret",
        "province",
    )
    # Private objects, never overwritten, addressed by path unless told otherwise.
    assert options["default_acl"] is None and options["file_overwrite"] is False
    assert options["addressing_style"] == "path" and options["region_name"] == "us-east-1"


def test_uploaded_attachment_is_in_the_bucket_and_public_only_while_published(
    client: Any, region: Any, clock: Any, s3_storage: Bucket
) -> None:
    clock.set(DAY)
    assert is_object_storage()
    upload = docx_file("拟录用人员：李四", name="名单.docx")
    data = upload.read()
    upload.seek(0)
    editor = login(client, region.editor)
    response = editor.post(
        reverse("backoffice:item_new") + f"?org={region.dept.pk}",
        {**editor_post(region.column, date_formed=DAY.isoformat()), "attachments": [upload]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Item.objects.get()
    attachment = item.attachments.get()
    # The object is in the bucket under the file's name, as boto3 lists it.
    assert s3_storage.listed() == [attachment.file.name]
    assert s3_storage.read(attachment.file.name) == data

    client.logout()
    draft = client.get(_public_url(attachment))
    assert draft.status_code == 404  # a draft's file is staff-only

    advance_item(region=region, item=item)
    published = client.get(_public_url(attachment))
    assert published.status_code == 200
    assert published["Content-Length"] == str(len(data))
    assert published["X-Content-Type-Options"] == "nosniff"
    assert _streamed(published) == data

    workflow.withdraw_item(actor=region.signer, item=item, reason="信息已过时")
    assert client.get(_public_url(attachment)).status_code == 404
    # Staff still read it, streamed from the bucket.
    staff = login(client, region.editor).get(
        reverse("backoffice:item_attachment", args=[item.pk, attachment.pk])
    )
    assert staff.status_code == 200 and _streamed(staff) == data


def test_the_bucket_refuses_anyone_without_a_key(
    region: Any, make_item: Any, clock: Any, s3_storage: Bucket
) -> None:
    """Never a public bucket: the object's own address answers 403 to a browser, and Gongkai
    never hands one out (downloads are streamed through the checked views)."""
    clock.set(DAY)
    item = make_item(files=[("通知.docx", docx_bytes("公开的通知"))])
    key = f"{s3_storage.prefix}/{item.attachments.get().file.name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_storage.server.endpoint}/{s3_storage.server.bucket}/{key}")  # noqa: S310
    assert refused.value.code == 403


def test_staff_only_files_are_never_served_publicly(
    client: Any, region: Any, make_item: Any, clock: Any, s3_storage: Bucket
) -> None:
    clock.set(DAY)
    public = make_item(title="公开的通知", files=[("公开.docx", docx_bytes("公开内容"))])
    for state in (ItemState.DRAFT, ItemState.REVIEW, ItemState.SIGNOFF, ItemState.WITHDRAWN):
        hidden = make_item(
            title=f"未公开的通知 {state}", state=state, files=[("内部.docx", docx_bytes(state))]
        )
        attachment = hidden.attachments.get()
        assert attachment.file.name in s3_storage.listed()
        assert client.get(_public_url(attachment)).status_code == 404, state
        # Not through a public item either: the attachment must belong to the item in the URL.
        other_item = reverse("portal:attachment", args=[public.pk, attachment.pk])
        assert client.get(other_item).status_code == 404, state
    assert client.get(_public_url(public.attachments.get())).status_code == 200


def test_missing_object_is_a_404_not_a_500(
    client: Any, region: Any, make_item: Any, clock: Any, s3_storage: Bucket
) -> None:
    clock.set(DAY)
    item = make_item(files=[("通知.docx", docx_bytes("公开的通知"))])
    attachment = item.attachments.get()
    s3_storage.client.delete_object(
        Bucket=s3_storage.server.bucket, Key=f"{s3_storage.prefix}/{attachment.file.name}"
    )
    assert client.get(_public_url(attachment)).status_code == 404
    with pytest.raises(FileNotFoundError):
        open_stored(attachment.file)


def test_same_bytes_twice_are_two_objects(
    region: Any, make_item: Any, clock: Any, s3_storage: Bucket
) -> None:
    """Names are never overwritten: removing one item's file leaves the other's in place."""
    clock.set(DAY)
    data = docx_bytes("两份相同的文件")
    first = make_item(state=ItemState.DRAFT, files=[("a.docx", data)]).attachments.get()
    second = make_item(state=ItemState.DRAFT, title="另一条", files=[("b.docx", data)]).attachments.get()
    assert first.file.name != second.file.name and len(s3_storage.listed()) == 2
    default_storage.delete(first.file.name)
    assert s3_storage.listed() == [second.file.name]


def test_attachments_are_read_again_from_the_bucket(
    region: Any, make_item: Any, clock: Any, s3_storage: Bucket
) -> None:
    """What reads a stored file whole (``gongkai attachments reread``) reads it from the bucket."""
    from gongkai.core.actors import SYSTEM
    from gongkai.disclosure.models import TextStatus
    from gongkai.disclosure.services.reread import reread_attachments

    clock.set(DAY)
    item = make_item(state=ItemState.DRAFT, files=[("名单.docx", docx_bytes("拟录用人员：王五"))])
    Attachment.objects.filter(item=item).update(text="", text_status=TextStatus.UNREADABLE)
    counts = reread_attachments(actor=SYSTEM)
    assert (counts.examined, counts.now_read, counts.missing) == (1, 1, 0)
    assert "王五" in item.attachments.get().text


def test_storage_helpers_for_backup_and_restore(
    region: Any, make_item: Any, clock: Any, s3_storage: Bucket
) -> None:
    clock.set(DAY)
    item = make_item(files=[("通知.docx", docx_bytes("公开的通知")), ("图.png", polyglot_png_html())])
    names = sorted(a.file.name for a in item.attachments.all())
    assert set(names) <= set(stored_file_names())
    saved = {name: read_stored(name) for name in names}
    for name in names:
        default_storage.delete(name)
    assert s3_storage.listed() == []
    for name, data in saved.items():
        write_stored(name, data)
    assert s3_storage.listed() == names and all(read_stored(n) == saved[n] for n in names)
    with pytest.raises(FileNotFoundError):
        read_stored("attachments/00/none.pdf")


def test_streamed_download_is_read_as_it_arrives(
    region: Any, make_item: Any, clock: Any, s3_storage: Bucket
) -> None:
    clock.set(DAY)
    data = docx_bytes("较长的文件 " * 2000)
    attachment = make_item(files=[("长.docx", data)]).attachments.get()
    handle = open_stored(attachment.file)
    assert isinstance(handle, ObjectStream) and handle.size == len(data)
    assert handle.read(10) + handle.read() == data
    handle.close()


def test_local_files_stay_the_default(
    client: Any, region: Any, make_item: Any, clock: Any, settings: Any
) -> None:
    """With nothing configured: files under MEDIA_ROOT, served through the same checks."""
    clock.set(DAY)
    assert not is_object_storage() and isinstance(default_storage, FileSystemStorage)
    data = docx_bytes("本地文件")
    item = make_item(files=[("通知.docx", data)])
    attachment = item.attachments.get()
    assert (settings.MEDIA_ROOT / attachment.file.name).read_bytes() == data
    response = client.get(_public_url(attachment))
    assert response.status_code == 200 and _streamed(response) == data
    assert response["Content-Length"] == str(len(data))
    workflow.withdraw_item(actor=region.signer, item=item, reason="信息已过时")
    assert client.get(_public_url(attachment)).status_code == 404
    assert stored_file_names() == [attachment.file.name]
