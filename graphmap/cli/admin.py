"""Keeping the map true from the command line (issue 5): ``diff``, ``history``,
``user add|remove|list``, ``setting`` and ``backup``.

Every command works on the store named by ``--store`` / ``GRAPHMAP_STORE``; the ones
that print take ``--format text|json`` like the rest of the CLI (Datasette-style: the
JSON is the same data the web app's twins return).  Their help texts are in the
catalogue (``cli.help.<command>``, :mod:`.helptext`).
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..i18n import label, translate
from ..i18n.message import localised
from ..model import (SHEETS, User, UserRole, ValidationError, hash_password)
from .common import (CliError, cli_lang, done, emit_json, fail, format_option, get_store,
                     lang_option, refused, shown, store_option)
from .helptext import Group, argument, command


class _Date(click.ParamType):
    name = "date"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:  # one line in the user's language, not a usage screen
            raise fail("date", param=param.opts[0] if param else "date",
                       value=shown(value)) from None


def _moment(param: str, text: str | None):
    """``--since``/``--until``: a date, or an ISO date-time (its UTC instant must exist)."""
    if text is None:
        return None
    try:
        if "T" in text or " " in text.strip():
            moment = dt.datetime.fromisoformat(text.strip())
            if moment.tzinfo is not None:
                moment.astimezone(dt.timezone.utc)  # 0001-01-01T00:00+14:00 has none
            return moment
        return dt.date.fromisoformat(text.strip())
    except (ValueError, OverflowError):
        raise fail("date_time", param=param, value=shown(text)) from None


DATE = _Date()
#: Links listed per direction in text output; JSON lists every one.
MAX_LINES = 40


@command("diff")
@click.option("--from", "date_from", type=DATE, required=True)
@click.option("--to", "date_to", type=DATE, default=None)
@click.option("--area", default=None)
@lang_option
@store_option
@format_option
def diff_cmd(date_from, date_to, area, lang, store_url, fmt):
    # names of people who are not public now are left out (graphmap.privacy)
    from ..history import compare
    from ..privacy import public_diff
    store = get_store(store_url)
    try:
        result = compare(store, date_from, date_to, area=area, lang=lang)
    except ValidationError as exc:  # its problems are catalogue messages (diff.error.*)
        raise CliError("; ".join(localised(p.message, lang) for p in exc.problems)) from exc
    except ValueError as exc:
        raise refused(exc) from exc
    result = public_diff(result, store.read())  # printed output: as anyone may see it
    if fmt == "json":
        emit_json(result)
        return
    area = result["area"] or translate("cli.diff.whole_network", lang)
    click.echo(f"{area}: {result['from']} → {result['to']}")
    d = result["diff"]
    for sheet in d["added"]:
        a, r, c = len(d["added"][sheet]), len(d["removed"][sheet]), len(d["changed"][sheet])
        if a or r or c:
            click.echo(f"  {label('sheet', sheet, lang):<14} +{a} -{r} ~{c}")
    for sign, links in (("+", result["links_added"]), ("-", result["links_removed"])):
        for link in links[:MAX_LINES]:
            click.echo("  " + translate("cli.diff.link", lang, sign=sign, source=link["source"],
                                        target=link["target"],
                                        kind=label("kind", link["kind"], lang)))
        if len(links) > MAX_LINES:
            click.echo("  " + translate("cli.diff.more", lang, sign=sign,
                                        n=len(links) - MAX_LINES))
    for area_id, m in result["metrics"].items():
        before, after = m["from"] or {}, m["to"] or {}
        moved = [f"{label('metric', k, lang)} {before.get(k)} → {after.get(k)}"
                 for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
        if moved:
            click.echo(f"  {area_id}: " + "; ".join(moved))
    for f in result["findings_added"]:
        click.echo("  " + translate("cli.diff.new_finding", lang, message=f["message"]))
    for f in result["findings_resolved"]:
        click.echo("  " + translate("cli.diff.resolved", lang, message=f["message"]))


@command("history")
@click.option("--since", default=None)
@click.option("--until", default=None)
@click.option("--sheet", type=click.Choice(SHEETS), default=None)
@click.option("--key", default=None)
@click.option("--actor", default=None)
@click.option("--limit", type=click.IntRange(min=0, max=10**9), default=50, show_default=True)
@store_option
@format_option
def history_cmd(since, until, sheet, key, actor, limit, store_url, fmt):
    # names of people who are not public now are left out (graphmap.privacy)
    from ..history import history_until
    from ..privacy import public_history
    since, until = _moment("--since", since), history_until(_moment("--until", until))
    store = get_store(store_url)
    try:
        rows = store.history(since=since, until=until, sheet=sheet, key=key,
                             actor=actor, limit=limit)
    except ValueError as exc:
        raise refused(exc) from exc
    rows = public_history(rows, store.read())  # printed output: as anyone may see it
    if fmt == "json":
        emit_json(rows)
        return
    lang = cli_lang()
    for row in rows:
        fields = ""
        if row["op"] == "change":
            fields = " " + ", ".join(k for k in row["after"] if row["before"].get(k) != row["after"][k])
        note = f"  ({row['note']})" if row["note"] else ""
        click.echo(f"{row['at'][:19]}Z {row['actor']:<12} {label('history.op', row['op'], lang):<9} "
                   f"{label('sheet', row['sheet'], lang)} {row['key']}{fields}{note}")


@click.group("user", cls=Group)
def user_group():
    pass


@user_group.command("add")
@argument("username")
@click.option("--role", type=click.Choice([r.value for r in UserRole]), required=True)
@click.option("--area", "areas", multiple=True)
@click.option("--password-stdin", is_flag=True)
@click.option("--replace", is_flag=True)
@store_option
def user_add(username, role, areas, password_stdin, replace, store_url):
    store = get_store(store_url)
    if store.get_user(username) is not None and not replace:
        raise fail("user_exists", username=shown(username))
    if role == UserRole.EDITOR and not areas:
        raise fail("editor_needs_area")
    unknown = [a for a in areas if a not in store.read(a).areas]
    if unknown:
        raise fail("unknown_areas", ids=", ".join(map(shown, unknown)))
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(done("password"), hide_input=True, confirmation_prompt=True)
    try:
        user = User(username, hash_password(password), role, list(areas))
    except ValueError as exc:
        raise refused(exc) from exc
    store.put_user(user)
    click.echo(done("user_replaced" if replace else "user_added", role=role, username=username,
                    areas=done("user_areas", areas=", ".join(areas)) if areas else ""))


@user_group.command("remove")
@argument("username")
@store_option
def user_remove(username, store_url):
    if not get_store(store_url).delete_user(username):
        raise fail("no_user", username=shown(username))
    click.echo(done("user_removed", username=username))


@user_group.command("list")
@store_option
@format_option
def user_list(store_url, fmt):
    users = [{"username": u.username, "role": u.role.value, "areas": u.areas,
              "created": u.created.isoformat() if u.created else None}
             for u in get_store(store_url).list_users()]
    if fmt == "json":
        emit_json(users)
        return
    for u in users:
        click.echo(f"{u['username']:<24} {u['role']:<7} {', '.join(u['areas'])}")


@command("setting")
@argument("key")
@argument("value", required=False)
@store_option
def setting_cmd(key, value, store_url):
    store = get_store(store_url)
    if value is None:
        click.echo(store.get_setting(key, ""))
        return
    try:
        store.set_setting(key, value)
    except ValueError as exc:
        raise refused(exc) from exc
    click.echo(f"{key} = {value}")


@command("backup")
@argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True)
@store_option
def backup_cmd(out, force, store_url):
    from ..store import StoreError
    if out.exists() and not force:
        raise fail("file_exists", path=out)
    try:
        get_store(store_url).backup(out)
    except StoreError as exc:
        raise refused(exc) from exc
    click.echo(done("backup", store=store_url, path=out))


def register(group: click.Group) -> None:
    for cmd in (diff_cmd, history_cmd, user_group, setting_cmd, backup_cmd):
        group.add_command(cmd)
