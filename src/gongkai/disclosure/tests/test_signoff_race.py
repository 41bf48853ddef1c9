"""Two people cannot sign the same step of the sign-off chain (issue 8 §5).

Before the fix, two signers who had both loaded the item signed step 1 twice: ``sign_item`` used
the signer's copy of the item and nothing in the database stopped a second row for the same step.
Now the item is read again under a row lock and compared with the signer's copy, and one signature
per (item, step, round) is a database constraint.
"""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from gongkai.disclosure.models import Item, ItemState, SignOff
from gongkai.disclosure.services import workflow
from gongkai.orgs.models import Role, RoleName, SignOffStep
from gongkai.testing import UserFactory


def _two_step_chain(region) -> None:
    SignOffStep.objects.create(organization=region.dept, position=1, title="科室负责人核稿")
    SignOffStep.objects.create(organization=region.dept, position=2, title="分管领导签发")


@pytest.mark.django_db
def test_second_signature_of_the_same_step_is_refused(region, make_item):
    """Both signers loaded the item at step 1; the second, signing after the first, is told so."""
    _two_step_chain(region)
    item = make_item(state=ItemState.SIGNOFF)
    seen_by_head = Item.objects.get(pk=item.pk)
    workflow.sign_item(actor=region.signer, item=Item.objects.get(pk=item.pk))
    with pytest.raises(ValidationError) as exc:
        workflow.sign_item(actor=region.head, item=seen_by_head)
    assert "已由他人签发" in exc.value.messages[0]
    assert list(SignOff.objects.filter(item=item).values_list("position", "signer")) == [
        (1, region.signer.pk)
    ]


@pytest.mark.django_db
def test_step_seen_in_the_form_is_checked(region, make_item):
    """A fresh copy is not enough: the sign form says which step the signer saw."""
    _two_step_chain(region)
    item = make_item(state=ItemState.SIGNOFF)
    workflow.sign_item(actor=region.signer, item=Item.objects.get(pk=item.pk), step=1)
    with pytest.raises(ValidationError):
        workflow.sign_item(actor=region.head, item=Item.objects.get(pk=item.pk), step=1)
    workflow.sign_item(actor=region.head, item=Item.objects.get(pk=item.pk), step=2)
    assert Item.objects.get(pk=item.pk).state == ItemState.PUBLISHED


@pytest.mark.django_db
def test_sign_form_refuses_a_step_signed_meanwhile(region, make_item, client):
    _two_step_chain(region)
    item = make_item(state=ItemState.SIGNOFF)
    workflow.sign_item(actor=region.signer, item=Item.objects.get(pk=item.pk), step=1)
    client.force_login(region.head)
    response = client.post(f"/staff/items/{item.pk}/sign/", {"opinion": "同意", "step": "1"})
    assert response.status_code == 200
    assert "已由他人签发" in response.content.decode()
    assert SignOff.objects.filter(item=item).count() == 1


@pytest.mark.django_db
def test_database_refuses_two_signatures_of_one_step_and_round(region, make_item):
    item = make_item(state=ItemState.SIGNOFF)
    SignOff.objects.create(item=item, step_title="签发", position=1, round=1, signer=region.signer)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignOff.objects.create(item=item, step_title="签发", position=1, round=1, signer=region.head)


@pytest.mark.django_db
def test_a_new_round_after_return_signs_step_one_again(region, make_item):
    item = make_item(state=ItemState.SIGNOFF)
    workflow.return_item(actor=region.signer, item=item, reason="请核对发文字号")
    workflow.submit_item(actor=region.editor, item=item)
    workflow.review_item(actor=region.reviewer, item=item, conclusion="pass")
    workflow.sign_item(actor=region.head, item=item)
    assert item.state == ItemState.PUBLISHED
    # The second passed review started round 2.
    assert list(SignOff.objects.filter(item=item).values_list("position", "round")) == [(1, 2)]


@pytest.mark.django_db
def test_rounds_count_returns_during_signoff(region, make_item):
    _two_step_chain(region)
    item = make_item(state=ItemState.SIGNOFF)
    workflow.sign_item(actor=region.signer, item=item)
    workflow.return_item(actor=region.head, item=item, reason="请补充附件")
    workflow.submit_item(actor=region.editor, item=item)
    workflow.review_item(actor=region.reviewer, item=item, conclusion="pass")
    workflow.sign_item(actor=region.signer, item=item)
    workflow.sign_item(actor=region.head, item=item)
    assert item.state == ItemState.PUBLISHED
    rows = list(SignOff.objects.filter(item=item).order_by("pk").values_list("position", "round"))
    assert rows == [(1, 1), (1, 2), (2, 2)]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_signers_on_postgresql_sign_step_one_once(region, make_item):
    """Two threads, each with its own connection, both load the item before either signs."""
    if connection.vendor != "postgresql":
        pytest.skip("parallel connections need PostgreSQL")
    _two_step_chain(region)
    second = UserFactory.create(username="signer2", full_name="签发人庚")
    Role.objects.create(user=second, organization=region.dept, role=RoleName.SIGNER)
    item = make_item(state=ItemState.SIGNOFF)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def sign(user) -> None:
        try:
            copy = Item.objects.get(pk=item.pk)
            barrier.wait(timeout=30)
            workflow.sign_item(actor=user, item=copy, step=1)
            outcomes.append("signed")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        except BaseException as exc:
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(u,)) for u in (region.signer, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == sorted(["signed", workflow.SIGNED_MEANWHILE])
    assert SignOff.objects.filter(item=item, position=1).count() == 1
    assert Item.objects.get(pk=item.pk).signoff_position == 1


@pytest.mark.django_db
def test_migration_numbers_stored_signatures_and_keeps_old_duplicates(region, make_item):
    """Rows from before the constraint: numbered by passed reviews, a duplicate keeps no round."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("gongkai.disclosure.migrations.0008_signoff_round_unique_step")
    _two_step_chain(region)
    item = make_item(state=ItemState.SIGNOFF)
    workflow.sign_item(actor=region.signer, item=item)
    first = SignOff.objects.get(item=item)
    duplicate = SignOff.objects.create(
        item=item, step_title=first.step_title, position=1, round=None, signer=region.head
    )
    SignOff.objects.filter(pk=first.pk).update(round=None)
    migration.number_rounds(apps, None)
    assert SignOff.objects.get(pk=first.pk).round == 1
    assert SignOff.objects.get(pk=duplicate.pk).round is None


@pytest.mark.django_db
def test_sign_form_after_the_last_signature_says_so(region, make_item, client):
    """One-step chain: the second signer's form arrives after publication — a message, not a 403."""
    item = make_item(state=ItemState.SIGNOFF)
    workflow.sign_item(actor=region.signer, item=Item.objects.get(pk=item.pk), step=1)
    client.force_login(region.head)
    response = client.post(f"/staff/items/{item.pk}/sign/", {"opinion": "同意", "step": "1"}, follow=True)
    assert response.status_code == 200
    assert "已由他人签发" in response.content.decode()
    assert SignOff.objects.filter(item=item).count() == 1
