"""One's own 接口令牌 on the 登录安全 page (``accounts.tokens``): the list, creating one (its secret
shown once) and revoking one. Mounted under /staff/ with the other sign-in screens
(``accounts.views.urlpatterns``); every staff response is ``Cache-Control: no-store``
(``accounts.middleware``), and the page showing a secret says so again itself."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts import tokens, twofactor
from gongkai.accounts.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("令牌名称"),
        max_length=60,
        help_text=_("写明用途，如“市政务信息系统对接”，便于日后辨认和撤销。"),
        error_messages={
            "required": _("请填写令牌名称（如：市政务信息系统对接）。"),
            "max_length": _("令牌名称不能超过60个字。"),
        },
    )
    days = forms.IntegerField(
        label=_("有效期（天）"),
        min_value=1,
        max_value=tokens.MAX_DAYS,
        initial=tokens.DEFAULT_DAYS,
        help_text=_("1至%(max_days)s天，到期后令牌自动失效。") % {"max_days": tokens.MAX_DAYS},
        error_messages={
            "required": _("请填写有效期天数。"),
            "invalid": _("有效期须为整数天。"),
            "min_value": _("有效期须为1至%(max_days)s天。") % {"max_days": tokens.MAX_DAYS},
            "max_value": _("有效期须为1至%(max_days)s天。") % {"max_days": tokens.MAX_DAYS},
        },
    )


def _can_create(request: HttpRequest) -> bool:
    user = request.user
    return not twofactor.is_required(user) or bool(user.is_verified())  # type: ignore[union-attr]


@login_required
@require_http_methods(["GET", "HEAD"])
def account_tokens(request: HttpRequest) -> HttpResponseBase:
    """My tokens, newest first, with their state."""
    now = timezone.now()
    mine = ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk")[:200]  # type: ignore[misc]
    rows = [(t, tokens.STATE_LABELS[tokens.state(t, now)], tokens.state(t, now)) for t in mine]
    context = {"rows": rows, "can_create": _can_create(request), "max_active": tokens.MAX_ACTIVE}
    return render(request, "accounts/account_tokens.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_token_new(request: HttpRequest) -> HttpResponseBase:
    """Create a token: name and days; on success the secret, once."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = tokens.create_token(
                actor=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("backoffice:account_tokens")
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            response = render(
                request,
                "accounts/account_token_created.html",
                {"token": created.token, "secret": created.secret},
            )
            response["Cache-Control"] = "private, no-store"
            return response
    context = {"form": form, "can_create": _can_create(request), "superuser": request.user.is_superuser}  # type: ignore[union-attr]
    return render(request, "accounts/account_token_new.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def account_token_revoke(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Revoke one of my tokens; another person's token is a 404, as if it did not exist."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if tokens.revoke_token(actor=request.user, token=token):  # type: ignore[arg-type]
        messages.success(
            request,
            gettext("已撤销接口令牌“%(name)s”（%(prefix)s…），使用它的系统将无法再读取数据。")
            % {"name": token.name, "prefix": token.prefix},
        )
    else:
        messages.info(request, gettext("接口令牌“%(name)s”此前已撤销。") % {"name": token.name})
    return redirect("backoffice:account_tokens")


urlpatterns: list[URLPattern] = [
    path("account/tokens/", account_tokens, name="account_tokens"),
    path("account/tokens/new/", account_token_new, name="account_token_new"),
    path("account/tokens/<id:pk>/revoke/", account_token_revoke, name="account_token_revoke"),
]
