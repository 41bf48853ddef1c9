"""Text messages (短信) for urgent notices, behind a pluggable gateway.

A gateway is any class with ``send(phone, text)`` (:class:`Gateway`). The installation chooses one
by dotted path in ``GONGKAI["SMS"]["GATEWAY"]`` (``GONGKAI_SMS_GATEWAY``):

- :class:`LoggingGateway` (the default) writes each message to the log and sends nothing: a platform
  without an SMS contract loses nothing but the text;
- :class:`HttpGateway` posts each message as JSON to a provider's HTTP API (``GONGKAI_SMS_URL``,
  credentials in ``GONGKAI_SMS_KEY``), for the provider the installation has a contract with.

Which notices are texted is configured too (``GONGKAI_SMS_KINDS``: by default the overdue-request
notices); they go to people whose phone number on file is a mobile number (``mobile_number``), once
per person and thing (the daily repeats of a notice are not texted again). A failed message is
logged, never raised: the notice itself is already in the inbox and the e-mail.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from typing import Any, Protocol

from django.utils.module_loading import import_string

from gongkai.core.conf import conf

logger = logging.getLogger(__name__)

#: A mainland mobile number (11 digits from 13… to 19…), optionally written with +86 and separators.
_MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")

#: The most characters sent in one message (longer text is cut, the link to the platform stays out).
MAX_LENGTH = 300


class SmsError(Exception):
    """The gateway could not hand the message over."""


class Gateway(Protocol):
    def send(self, phone: str, text: str) -> None:
        """Send ``text`` to the mobile number ``phone``; raise :class:`SmsError` when it fails."""


class LoggingGateway:
    """Sends nothing: writes the message to the log (the default, and for development)."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask(phone), text)


class HttpGateway:
    """A provider's HTTP API: ``POST`` of ``{"phone", "text", "signature"}`` as JSON to the
    configured URL, with the key as a bearer token; any 2xx answer means accepted."""

    def __init__(self, url: str = "", key: str = "", signature: str = "", timeout: float = 0) -> None:
        settings = conf().get("SMS", {})
        self.url = url or settings.get("URL", "")
        self.key = key or settings.get("KEY", "")
        self.signature = signature or settings.get("SIGNATURE", "")
        self.timeout = timeout or float(settings.get("TIMEOUT", 10))
        if not self.url.startswith(("https://", "http://")):
            raise SmsError("GONGKAI_SMS_URL 未配置或不是 http(s) 地址")

    def send(self, phone: str, text: str) -> None:
        body = json.dumps({"phone": phone, "text": text, "signature": self.signature}, ensure_ascii=False)
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked to be http(s) above)
            self.url,
            data=body.encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.key}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            raise SmsError(f"SMS provider answered {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"SMS provider unreachable: {exc}") from exc
        if not 200 <= status < 300:
            raise SmsError(f"SMS provider answered {status}")


def mobile_number(phone: str) -> str | None:
    """The mobile number in ``phone`` (digits only), or None for a landline or nothing."""
    compact = re.sub(r"[\s\-()]", "", phone or "")
    match = _MOBILE.match(compact)
    return match.group(1) if match else None


def mask(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "****"


def gateway() -> Gateway:
    path = conf().get("SMS", {}).get("GATEWAY") or "gongkai.notifications.sms.LoggingGateway"
    return import_string(path)()  # type: ignore[no-any-return]


def texted_kinds() -> set[str]:
    return set(conf().get("SMS", {}).get("KINDS", ("request.overdue",)))


def send_text(phone: str, text: str) -> bool:
    """Send one message through the configured gateway. Returns whether it was handed over."""
    number = mobile_number(phone)
    if number is None:
        return False
    try:
        gateway().send(number, text[:MAX_LENGTH])
    except Exception:
        logger.exception("SMS to %s failed", mask(number))
        return False
    return True


def text_for(note: Any) -> str:
    return f"【{conf().get('SITE_NAME', '')}】{note.title}"
