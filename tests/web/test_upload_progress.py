"""Issue 13 item 5 on the web: what a running upload is doing on the server.

The page's script names a progress id in the form and polls
``/api/import/progress/<id>``; these tests drive the real app and check what that
endpoint tells the uploader — the rows the import pipeline read, the stage it
reached — and that nobody else can see it.  The live, in-flight view (bytes sent, a
stage shown while the server works) is the browser's (tests/web/browser/
test_upload_progress.py)."""
from __future__ import annotations

import io
import re

import pytest

from tests.web.accounts import add_users, login

PID = "t0ken-" + "a" * 20


@pytest.fixture
def editor(web_store, client):
    add_users(web_store)
    return login(client, "koivu-ed")


def _units_csv(n: int) -> bytes:
    rows = "".join(f"kerho{i},Perhekerho {i},mll,koivula\n" for i in range(n))
    return ("id,name,organisation,area\n" + rows).encode()


def _upload(client, csrf, data, pid=PID, name="units.csv"):
    form = {"file": (io.BytesIO(data), name)}
    if pid is not None:
        form["progress"] = pid
    return client.post("/api/import", data=form, headers={"X-CSRF-Token": csrf},
                       content_type="multipart/form-data")


def test_the_uploader_sees_the_rows_the_server_read(editor, client):
    data = _units_csv(2500)
    r = _upload(client, editor, data)
    assert r.status_code == 200, r.get_json()
    state = client.get(f"/api/import/progress/{PID}").get_json()
    assert state["stage"] == "done"
    # the reader counts the file's lines (header included), all of them read
    assert state["total"] == data.count(b"\n") == state["rows"]
    assert state["sheet"] == "units"


def test_the_commit_reports_its_own_progress_to_done(editor, client, web_store):
    r = _upload(client, editor, _units_csv(3))
    commit_pid = "commit-" + "b" * 20
    done = client.post(r.get_json()["commit_url"], data={"progress": commit_pid},
                       headers={"X-CSRF-Token": editor})
    assert done.status_code == 200, done.get_json()
    assert client.get(f"/api/import/progress/{commit_pid}").get_json()["stage"] == "done"
    assert "kerho2" in web_store.read().units


def test_an_upload_with_problems_ends_failed(editor, client):
    r = _upload(client, editor, b"id,name,organisation,area\nx,Nimi,ei-ole,koivula\n")
    assert r.status_code == 400
    assert client.get(f"/api/import/progress/{PID}").get_json()["stage"] == "failed"


def test_no_other_user_sees_an_upload_s_progress(editor, client, app):
    assert _upload(client, editor, _units_csv(3)).status_code == 200
    other = app.test_client()
    login(other, "haapa-ed")
    r = other.get(f"/api/import/progress/{PID}")
    assert r.status_code == 404
    assert "kerho" not in r.text and "units" not in r.text
    # nor anyone not logged in
    assert app.test_client().get(f"/api/import/progress/{PID}").status_code in (401, 403)


def test_an_unknown_or_malformed_id_is_a_404_and_tracks_nothing(editor, client):
    assert client.get("/api/import/progress/" + "c" * 20).status_code == 404
    assert _upload(client, editor, _units_csv(1), pid="../bad id").status_code == 200
    assert client.get("/api/import/progress/..%2Fbad%20id").status_code == 404


def test_the_plain_form_still_previews_and_commits_without_a_progress_id(editor, client,
                                                                         web_store):
    page = client.get("/import")
    assert '<script type="module" src="/static/js/upload.js">' in page.text
    assert re.search(r'id="upload-status"[^>]*hidden', page.text)  # shown only by the script
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = client.post("/import", data={"csrf_token": csrf, "file": (
        io.BytesIO(_units_csv(2)), "units.csv")}, content_type="multipart/form-data")
    assert r.status_code == 200 and 'id="upload-preview"' in r.text
    action = re.search(r'action="(/import/[^"]+/commit)"', r.text).group(1)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', r.text).group(1)
    done = client.post(action, data={"csrf_token": csrf})
    assert done.status_code == 200 and 'id="upload-done"' in done.text
    assert "kerho1" in web_store.read().units


def test_an_upload_larger_than_other_requests_may_be_is_taken(editor, client, app):
    data = _units_csv(40_000)
    assert len(data) > app.config["MAX_CONTENT_LENGTH"]  # the limit of every other request
    page = client.get("/import")
    limit = int(re.search(r'data-max-bytes="(\d+)"', page.text).group(1))
    assert limit > len(data)  # what the page's script checks before sending
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = client.post("/import", data={"csrf_token": csrf, "progress": PID, "file": (
        io.BytesIO(data), "units.csv")}, content_type="multipart/form-data")
    assert r.status_code == 200 and 'id="upload-preview"' in r.text
    assert client.get(f"/api/import/progress/{PID}").get_json()["rows"] == data.count(b"\n")


def test_a_poll_answered_by_another_process_sees_the_same_progress(editor, client, app,
                                                                   store_url, tmp_path):
    """``graphmap serve --processes 2``: the upload is read by one process and the
    page's polls reach either.  A second app on the same store and machine (another
    process) answers the poll with the same state, and still only to the uploader."""
    from graphmap.web import create_app

    def another_process():
        return create_app(store_url, config={"TESTING": True, "UPLOAD_PROGRESS_DIR":
                                             app.config["UPLOAD_PROGRESS_DIR"]}).test_client()
    data = _units_csv(1200)
    assert _upload(client, editor, data).status_code == 200
    other = another_process()
    assert other.get(f"/api/import/progress/{PID}").status_code in (401, 403, 404)
    login(other, "koivu-ed")
    state = other.get(f"/api/import/progress/{PID}").get_json()
    assert state["stage"] == "done" and state["rows"] == state["total"] == data.count(b"\n")
    stranger = another_process()
    login(stranger, "haapa-ed")
    assert stranger.get(f"/api/import/progress/{PID}").status_code == 404


def test_a_commit_reaching_another_process_imports_the_previewed_upload_once(
        editor, client, app, store_url, web_store):
    """``graphmap serve --processes 2``: the preview was made by one process, the
    commit reaches the other. It imports the upload; a second commit of the same token
    (a double click answered by the first process) finds nothing left to import."""
    from graphmap.web import create_app
    from tests.web.accounts import token
    r = _upload(client, editor, _units_csv(3))
    commit_url = r.get_json()["commit_url"]
    other = create_app(store_url, config={"TESTING": True, "UPLOAD_DIR": app.config[
        "UPLOAD_DIR"], "UPLOAD_PROGRESS_DIR": app.config["UPLOAD_PROGRESS_DIR"]}).test_client()
    login(other, "koivu-ed")
    done = other.post(commit_url, headers={"X-CSRF-Token": token(other)})
    assert done.status_code == 200 and done.get_json()["ok"], done.get_json()
    assert "kerho2" in web_store.read().units
    again = client.post(commit_url, headers={"X-CSRF-Token": editor})
    assert again.status_code == 404
    for bad in ("..", "..%2F..%2Fetc", "x" * 10):
        assert client.post(f"/api/import/{bad}/commit",
                           headers={"X-CSRF-Token": editor}).status_code == 404
