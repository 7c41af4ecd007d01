"""Upload with a preview (issue 5 item 2): upload → see what would be added, changed
and removed → commit.

The upload is read and checked by the same pipeline as ``graphmap import`` in every
format it takes (workbook, HSDS, PTV, survey; :mod:`graphmap.importers.pipeline`):
one parse and one store read per preview.  It is kept in a private folder under a
random token and imported only when its uploader commits it.  The uploaded file's name is
never used as a path: an .xlsx is saved as ``workbook.xlsx``; a .csv keeps only a
``secure_filename`` stem (the importer reads the sheet from it, e.g. ``units.csv``); a
.zip of CSV files is unpacked member by member the same way, so ``../../x`` names cannot
escape (OWASP "Unrestricted file upload").  Oversized uploads stop at
:data:`UPLOAD_MAX_BYTES` (413; every other request at the app's ``MAX_CONTENT_LENGTH``);
unpacked archives are capped at :data:`MAX_UNPACKED`.  While an upload runs, the page
polls what it is doing (:mod:`.upload_progress`).
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
import zipfile
from pathlib import Path

from flask import (Blueprint, current_app, g, jsonify, render_template,
                   request, url_for)
from werkzeug.exceptions import (Forbidden, NotFound, RequestEntityTooLarge,
                                 ServiceUnavailable)
from werkzeug.utils import secure_filename

from graphmap.i18n.failure import reason
from graphmap.importers.formats import read_any
from graphmap.importers.pipeline import (details, plan_import, read_store, sheet_name,
                                         write_planned)
from graphmap.importers.problems import WorkbookError
from graphmap.model import SHEETS

from .auth import require_login, role_of
from .errors import bad_translated
from .permissions import refusal
from .snapshot import current_snapshot
from .upload_progress import Tracker, board, read_json, shared_folder, write_json

#: .txt and .tsv: Excel's "Unicode text" save (UTF-16, tabs), read as the CLI reads it;
#: .json: HSDS 3.0 or Suomi.fi PTV; a .zip: a workbook's CSV sheets, an HSDS CSV
#: package or PTV JSON files — every format ``graphmap import`` takes
ALLOWED = (".xlsx", ".csv", ".txt", ".tsv", ".json", ".zip")
SHEET_SUFFIXES = (".csv", ".txt", ".tsv")
MEMBER_SUFFIXES = SHEET_SUFFIXES + (".json",)
NAMES = "names.json"  # saved name → the name the uploader gave, for problem lists
MAX_UNPACKED = 50_000_000
MAX_MEMBERS = 20
PENDING_SECONDS = 3600
MAX_LISTED = 200
#: the largest upload the import takes (the app's other requests stop at its
#: ``MAX_CONTENT_LENGTH``): a county's workbook as CSV is tens of megabytes; config
#: ``UPLOAD_MAX_CONTENT_LENGTH`` changes it
UPLOAD_MAX_BYTES = 50_000_000

bp = Blueprint("upload", __name__)

#: the page's script: upload progress, the server's stage, no double submit
UPLOAD_SCRIPTS = ["/static/js/upload.js"]


#: a commit token as :meth:`Pending.add` makes it (it names a folder: nothing else)
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


class Pending:
    """Uploads waiting for their commit: each a folder ``root/<token>`` holding the
    uploaded file and ``pending.json`` (its user, file, replace flag, name).  Folders,
    not a dict in this process: with ``graphmap serve --processes N`` the commit may
    reach another process than the preview did."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def add(self, user: str) -> tuple[str, Path]:
        self.root.mkdir(parents=True, exist_ok=True)
        self._expire()
        token = secrets.token_urlsafe(24)
        folder = self.root / token
        folder.mkdir(mode=0o700)
        _write_meta(folder, {"user": user})
        return token, folder

    def set_path(self, token: str, path: Path, replace: bool, filename: str = "") -> None:
        folder = self.root / token
        _write_meta(folder, {**_read_meta(folder), "path": path.name, "replace": replace,
                             "filename": filename})

    def take(self, token: str, user: str) -> dict | None:
        """The upload ``token`` of ``user``, taken out of the waiting ones: whichever
        process asks first gets it (a rename), so it is committed once."""
        if not TOKEN.fullmatch(token or ""):
            return None
        folder = self.root / token
        meta = _read_meta(folder)
        if meta.get("user") != user or "path" not in meta or _expired(folder):
            return None
        taken = self.root / f".taken-{token}-{secrets.token_hex(4)}"
        try:
            os.rename(folder, taken)
        except OSError:  # another request took it first
            return None
        return {"folder": taken, "path": taken / meta["path"], "user": user,
                "replace": bool(meta.get("replace")), "filename": meta.get("filename", "")}

    def drop(self, token: str) -> None:
        if TOKEN.fullmatch(token or ""):
            shutil.rmtree(self.root / token, ignore_errors=True)

    def _expire(self) -> None:
        for folder in self.root.iterdir():
            if folder.is_dir() and _expired(folder):
                shutil.rmtree(folder, ignore_errors=True)


def _write_meta(folder: Path, meta: dict) -> None:
    write_json(folder / "pending.json", meta)


def _read_meta(folder: Path) -> dict:
    try:
        return read_json(folder / "pending.json")
    except OSError:  # a folder another request took meanwhile
        return {}


def _expired(folder: Path) -> bool:
    try:
        return time.time() - folder.stat().st_mtime > PENDING_SECONDS
    except OSError:
        return True


def _pending() -> Pending:
    ext = current_app.extensions
    if "graphmap.uploads" not in ext:
        ext["graphmap.uploads"] = Pending(shared_folder("uploads", "UPLOAD_DIR"))
    return ext["graphmap.uploads"]


def save_upload(storage, folder: Path) -> Path:
    """Write the uploaded file into ``folder`` under a name of our choosing; the path to
    give the importer.  Raises a 400 for a type we do not take."""
    name = storage.filename or ""
    suffix = Path(name.replace("\\", "/")).suffix.lower()
    if suffix not in ALLOWED:
        raise bad_translated("file", "upload.error.type", name=repr(name[-80:]))
    if suffix == ".xlsx":
        path = folder / "workbook.xlsx"
        storage.save(path)
        _remember_names(folder, {path.name: _base(name)})
        return path
    if suffix in MEMBER_SUFFIXES:
        path = folder / _safe_name(name)
        storage.save(path)
        _remember_names(folder, {path.name: _base(name)})
        return path
    archive = folder / "upload.zip"
    storage.save(archive)
    sheets = folder / "sheets"
    sheets.mkdir()
    try:
        with zipfile.ZipFile(archive) as zf:
            members = [m for m in zf.infolist() if not m.is_dir()]
            if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
                raise bad_translated("file", "upload.error.archive_too_large",
                                     RequestEntityTooLarge, files=MAX_MEMBERS,
                                     mb=MAX_UNPACKED // 1_000_000)
            names = {}
            for m in members:
                if not m.filename.lower().endswith(MEMBER_SUFFIXES):
                    raise bad_translated("file", "upload.error.archive_member",
                                         name=repr(m.filename[-80:]))
                target = sheets / _safe_name(m.filename)
                if target.name in names:  # e.g. yksiköt.csv and yksikot.csv: never overwrite
                    raise bad_translated("file", "upload.error.archive_twice",
                                         first=repr(names[target.name]),
                                         second=repr(_base(m.filename)))
                names[target.name] = _base(m.filename)
                with zf.open(m) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
            _remember_names(folder, names)
    except zipfile.BadZipFile:
        raise bad_translated("file", "upload.error.bad_zip") from None
    archive.unlink()
    return sheets


def _base(name: str) -> str:
    return Path(name.replace("\\", "/")).name[-120:]


def _safe_name(name: str) -> str:
    """A safe file name keeping the sheet's stem (``secure_filename`` folds
    ``tehtävät`` to ``tehtavat``, which the importer still knows as the roles sheet);
    a JSON file stays .json, every sheet becomes .csv."""
    stem = Path(secure_filename(_base(name))).stem or "sheet"
    suffix = ".json" if name.lower().endswith(".json") else ".csv"
    return (stem[:60] or "sheet") + suffix


def _remember_names(folder: Path, names: dict[str, str]) -> None:
    (folder / NAMES).write_text(json.dumps(names), encoding="utf-8")


def _lang() -> str | None:
    """The language of the page or API answer (warnings and problems are shown in it)."""
    return getattr(g, "lang", None)


def _workbook_errors(exc, folder: Path | None = None) -> list[dict]:
    """The importer's problems for the page and the JSON answer: in the page's
    language, with each file as the uploader named it (a CSV inside a zip too)."""
    names = {}
    if folder is not None and (folder / NAMES).exists():
        names = json.loads((folder / NAMES).read_text(encoding="utf-8"))
    out = []
    for p in getattr(exc, "problems", []):
        item = (p.as_dict(getattr(g, "lang", None)) if hasattr(p, "as_dict")
                else {"message": str(p)})
        if item.get("file") in names:
            item["file"] = names[item["file"]]
        out.append(item)
    return out


def _check_areas(user, planned) -> None:
    """403 unless ``user`` may make every change the upload makes: the one rule of the
    write API (:func:`.permissions.refusal`) for each record it adds or changes (an
    unchanged record is no change).  Replacing the whole network is for admins.
    ``planned`` holds the records as they would be stored (columns the input lacks
    keep their stored values) and the store as read for the plan."""
    if role_of(user) == "admin":
        return
    current, incoming = planned.current, planned.conv.network
    after = current.merged(incoming)
    snap = current_snapshot()
    for sheet in SHEETS:
        stored = getattr(current, sheet)
        for key, record in getattr(incoming, sheet).items():
            reason = refusal(user, sheet, stored.get(key), record, current, after, snap)
            if reason:
                raise bad_translated(None, "upload.error.unchangeable", Forbidden,
                                     sheet=sheet_name(sheet, _lang()), reason=reason)


def _plan(user, store, path: Path, replace: bool, tracker: Tracker | None = None):
    """The upload read once, checked against the store read once, and planned: the
    same pipeline as ``graphmap import`` (any format it takes).  ``tracker`` hears the
    rows read and the stage (:mod:`.upload_progress`)."""
    tracker = tracker or board().start("", None)
    tracker.stage("read")
    conv = read_any(path, progress=tracker)
    tracker.stage("check")
    planned = plan_import(conv, read_store(store, conv), replace=replace, dry_run=True)
    _check_areas(user, planned)
    return planned


def preview(user, storage, replace: bool, pid: str | None = None) -> dict:
    """Save, check and dry-run one upload; the preview with its commit token.
    ``pid``: the page's progress id (:mod:`.upload_progress`)."""
    if replace and role_of(user) != "admin":
        raise bad_translated("replace", "upload.error.replace_admin", Forbidden)
    pending = _pending()
    tracker = board().start(user.username, pid)
    token, folder = pending.add(user.username)
    try:
        path = save_upload(storage, folder)
        planned = _plan(user, current_app.extensions["graphmap.store"], path, replace,
                        tracker)
    except WorkbookError as exc:
        tracker.stage("failed")
        problems = _workbook_errors(exc, folder)
        pending.drop(token)
        return {"ok": False, "problems": _without_folder(problems, folder, storage.filename)}
    except OSError as exc:  # the server's disk (full, read-only): said, not a 500
        tracker.stage("failed")
        pending.drop(token)
        raise bad_translated("file", "upload.error.cannot_save", ServiceUnavailable,
                             reason=reason(exc)) from None
    except BaseException:
        tracker.stage("failed")
        pending.drop(token)
        raise
    tracker.stage("done")
    pending.set_path(token, path, replace, storage.filename)
    body = _without_folder(planned.result.as_dict(_lang()), folder, storage.filename)
    body["details"] = details(planned, MAX_LISTED)
    return {"ok": True, "token": token, "preview": body,
            "commit_url": url_for("upload.api_commit", token=token)}


def commit(user, token: str, pid: str | None = None) -> dict:
    """Read, check and write a previewed upload (``pid`` as for :func:`preview`)."""
    from .edit import WRITE_LOCK
    item = _pending().take(token, user.username)
    if item is None:
        raise bad_translated(None, "upload.error.no_pending", NotFound)
    tracker = board().start(user.username, pid)
    try:
        with WRITE_LOCK:
            # checked again at commit: the rule looks at what changes, and the store
            # may have moved on since the preview
            store = current_app.extensions["graphmap.store"]
            planned = _plan(user, store, item["path"], item["replace"], tracker)
            planned.result.dry_run = False
            tracker.stage("write")
            result = write_planned(store, planned, actor=user.username)
    except WorkbookError as exc:
        tracker.stage("failed")
        return {"ok": False, "problems": _without_folder(_workbook_errors(exc, item["folder"]),
                                                         item["folder"], item.get("filename"))}
    except BaseException:
        tracker.stage("failed")
        raise
    finally:
        shutil.rmtree(item["folder"], ignore_errors=True)
    tracker.stage("done")
    return {"ok": True, "result": _without_folder(result.as_dict(_lang()), item["folder"],
                                                  item.get("filename"))}


def _without_folder(value, folder, filename: str | None):
    """``value`` with the server's temporary upload folder taken out of every string:
    the uploaded file is named as the user named it, a sheet inside it by its own name
    (issue 10 item 11: the commit answer showed ``/tmp/…/workbook.xlsx``)."""
    prefix = str(folder)
    if isinstance(value, str):
        if not value.startswith(prefix) and prefix not in value:
            return value
        rest = value.replace(prefix, "").lstrip("/\\")
        for ours in ("workbook.xlsx", "upload.zip"):
            if rest == ours or rest.startswith(ours):
                rest = (filename or ours) + rest[len(ours):]
        if filename and rest == _safe_name(filename):  # one sheet: as its uploader named it
            rest = _base(filename)
        if rest.startswith("sheets/") or rest.startswith("sheets\\"):
            rest = rest[len("sheets/"):]
        return rest
    if isinstance(value, dict):
        return {k: _without_folder(v, folder, filename) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_folder(v, folder, filename) for v in value]
    return value


def _file():
    storage = request.files.get("file")
    if storage is None or not storage.filename:
        raise bad_translated("file", "upload.error.no_file")
    return storage


def _pid() -> str | None:
    """The progress id the page's script sent (``None`` without JavaScript)."""
    return request.form.get("progress") or None


def _replace_flag() -> bool:
    return (request.form.get("replace") or "").lower() in ("1", "yes", "true", "on")


def upload_limit() -> int:
    return int(current_app.config.get("UPLOAD_MAX_CONTENT_LENGTH", UPLOAD_MAX_BYTES))


def _allow_large_uploads():
    """Only the preview takes a whole workbook; a commit sends a token.  Runs before
    every other hook (the CSRF check reads the form, and the limit holds from the
    first read)."""
    if request.endpoint in ("upload.page", "upload.api_preview"):
        request.max_content_length = upload_limit()


@bp.post("/api/import")
def api_preview():
    user = require_login("editor")
    out = preview(user, _file(), _replace_flag(), _pid())
    return jsonify(out), (200 if out["ok"] else 400)


@bp.post("/api/import/<token>/commit")
def api_commit(token):
    user = require_login("editor")
    out = commit(user, token, _pid())
    return jsonify(out), (200 if out["ok"] else 400)


@bp.get("/api/import/progress/<pid>")
def api_progress(pid):
    """What the caller's running upload ``pid`` is doing: ``{"stage", "rows", "total",
    "sheet"}`` (rows read so far of the rows expected; ``total`` 0 when the format
    does not count rows).  404 for an id that is not the caller's."""
    user = require_login("editor")
    state = board().get(user.username, pid)
    if state is None:
        raise bad_translated(None, "upload.error.no_progress", NotFound)
    return jsonify(state)


def _exportable(user) -> list[tuple[str, str]]:
    """The areas whose workbook this editor may download, edit and import back (their
    own areas; /areas/<id>/export.xlsx)."""
    net = current_snapshot().net
    return [(a, net.areas[a].name) for a in sorted(user.areas or ()) if a in net.areas]


@bp.route("/import", methods=["GET", "POST"])
def page():
    user = require_login("editor")
    if request.method == "GET":
        return render_template("upload.html", out=None, exportable=_exportable(user),
                               scripts=UPLOAD_SCRIPTS, upload_max=upload_limit())
    out = preview(user, _file(), _replace_flag(), _pid())
    return render_template("upload.html", out=out, exportable=_exportable(user),
                           scripts=UPLOAD_SCRIPTS, upload_max=upload_limit()), \
        (200 if out["ok"] else 400)


@bp.post("/import/<token>/commit")
def page_commit(token):
    user = require_login("editor")
    out = commit(user, token, _pid())
    return render_template("upload.html", out=None, done=out, exportable=_exportable(user),
                           scripts=UPLOAD_SCRIPTS, upload_max=upload_limit()), \
        (200 if out["ok"] else 400)


def register(app) -> None:
    app.register_blueprint(bp)
    app.before_request_funcs.setdefault(None, []).insert(0, _allow_large_uploads)

