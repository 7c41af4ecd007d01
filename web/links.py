"""Per-unit confirmation links (issue 14 item 2): signed, expiring, single-purpose.

A link carries ``{"u": unit id, "n": nonce}`` signed with the app's secret key under
its own salt (itsdangerous), so it is unguessable, cannot be changed into another
unit's link, and is good for nothing but confirming that unit.  It expires after the
deployment setting ``verify_link_days`` (default 30) and works once: the answer spends
its nonce in the store (:meth:`graphmap.store.base.Store.use_token`).

Links are handed to the coordinator as a CSV for a mail merge (formula cells
neutralised by ``importers.export.csv_row``) and, where SMTP is configured
(``GRAPHMAP_SMTP_HOST``, ``GRAPHMAP_SMTP_PORT`` default 25, ``GRAPHMAP_SMTP_FROM``, or
the same keys in ``app.config``), sent by e-mail.
"""
from __future__ import annotations

import os
import secrets
import smtplib
from email.message import EmailMessage

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .i18n import translate

SALT = "graphmap.confirm-unit"
DEFAULT_LINK_DAYS = 30


class LinkError(Exception):
    """A link that cannot be used: ``reason`` is ``invalid``, ``expired`` or ``used``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.secret_key), salt=SALT)


def link_days(store) -> int:
    try:
        return max(1, int(store.get_setting("verify_link_days", "") or DEFAULT_LINK_DAYS))
    except ValueError:
        return DEFAULT_LINK_DAYS


def make_token(unit_id: str) -> str:
    return _serializer().dumps({"u": unit_id, "n": secrets.token_urlsafe(18)})


def read_token(token: str, store) -> tuple[str, str]:
    """``(unit id, nonce)`` of a link still good to answer, else :class:`LinkError`."""
    try:
        data = _serializer().loads(token, max_age=link_days(store) * 86400)
    except SignatureExpired:
        raise LinkError("expired") from None
    except BadSignature:
        raise LinkError("invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("u"), str) \
            or not isinstance(data.get("n"), str):
        raise LinkError("invalid")
    try:
        unspent = store.use_token(data["n"], peek=True)
    except ValueError:
        raise LinkError("invalid") from None
    if not unspent:
        raise LinkError("used")
    return data["u"], data["n"]


def recipient(unit, roles) -> str | None:
    """Where a unit's link goes: the unit's own e-mail, else its first role's."""
    if unit.email:
        return unit.email
    return next((r.email for r in sorted(roles, key=lambda r: r.id) if r.email), None)


def issue(net, unit_ids: list[str]) -> list[dict]:
    """One fresh link per unit, in the given order: unit id and name, recipient, URL."""
    out = []
    for uid in unit_ids:
        unit = net.units[uid]
        roles = [r for r in net.roles.values() if r.unit == uid]
        out.append({"unit": uid, "name": unit.name, "email": recipient(unit, roles),
                    "url": url_for("provider.confirm", token=make_token(uid), _external=True)})
    return out


def csv_text(links: list[dict]) -> str:
    """The links as CSV for a mail merge (UTF-8; formula cells neutralised)."""
    import csv
    import io

    from graphmap.importers.export import csv_row
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["unit", "name", "email", "link"])
    for link in links:
        writer.writerow(csv_row([link["unit"], link["name"], link["email"] or "", link["url"]]))
    return buf.getvalue()


def smtp_settings() -> dict | None:
    """SMTP host, port and sender, or None when no server is configured."""
    cfg = current_app.config
    host = cfg.get("SMTP_HOST") or os.environ.get("GRAPHMAP_SMTP_HOST")
    if not host:
        return None
    port = int(cfg.get("SMTP_PORT") or os.environ.get("GRAPHMAP_SMTP_PORT") or 25)
    sender = (cfg.get("SMTP_FROM") or os.environ.get("GRAPHMAP_SMTP_FROM")
              or "graphmap@localhost")
    return {"host": host, "port": port, "from": sender}


def send(links: list[dict], area_name: str, lang: str) -> tuple[int, list[str]]:
    """E-mail every link that has a recipient; (number sent, units without an address
    or refused by the server).  One connection for the whole batch."""
    smtp = smtp_settings()
    if smtp is None:
        raise RuntimeError("no SMTP server configured")
    sent, skipped = 0, []
    with smtplib.SMTP(smtp["host"], smtp["port"], timeout=30) as conn:
        for link in links:
            if not link["email"]:
                skipped.append(link["unit"])
                continue
            msg = EmailMessage()
            msg["From"], msg["To"] = smtp["from"], link["email"]
            msg["Subject"] = translate("verify_mail_subject", lang, unit=link["name"])
            msg.set_content(translate("verify_mail_body", lang, unit=link["name"],
                                      area=area_name, url=link["url"]))
            try:
                conn.send_message(msg)
                sent += 1
            except smtplib.SMTPException:
                skipped.append(link["unit"])
    return sent, skipped
