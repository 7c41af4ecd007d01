"""The map as PDF (issue 15 item 1): ``POST /areas/<id>/map.pdf`` with the exported SVG.

What a coordinator notices: the map they drew comes back as a PDF whose text has the
area's title; a body too large or not a picture is refused with a clear status, never a
500.  What an attacker tries: an SVG that points at a file on the server or at a URL —
the PDF has none of it and the server fetches nothing.
"""
from __future__ import annotations

import base64
import http.server
import io
import threading

import pypdf
import pytest

from tests.web.conftest import web_network
from graphmap.web.map_pdf import MAX_SVG_BYTES

TITLE = f"Palveluverkosto: {web_network().areas['koivula'].name}"
SECRET = "SALAINEN-RIVI-4711"


def _svg(*inner: str) -> str:
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            ' width="600" height="300" viewBox="0 0 600 300">'
            f'<text class="export-title" x="20" y="30" font-size="20">{TITLE}</text>'
            '<ellipse cx="100" cy="150" rx="30" ry="20" fill="#88c"/>'
            f'{"".join(inner)}</svg>')


def _post(client, body, area="koivula"):
    data = body.encode() if isinstance(body, str) else body
    return client.post(f"/areas/{area}/map.pdf", data=data,
                       headers={"Content-Type": "image/svg+xml"})


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() for p in reader.pages)


def _secret_svg() -> str:
    return _svg().replace(TITLE, SECRET)


def test_the_posted_map_comes_back_as_an_a4_landscape_pdf_with_its_title(client):
    r = _post(client, _svg())
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    assert r.mimetype == "application/pdf"
    assert 'filename="graphmap-koivula.pdf"' in r.headers["Content-Disposition"]
    reader = pypdf.PdfReader(io.BytesIO(r.data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    # A4 landscape in points (297 × 210 mm)
    assert abs(float(box.width) - 841.9) < 2 and abs(float(box.height) - 595.3) < 2
    assert TITLE in _pdf_text(r.data)
    assert reader.metadata.title == TITLE


def test_a_picture_embedded_as_data_uri_is_drawn(client):
    # the control for the tests below: a picture inside the SVG reaches the PDF when it
    # travels inside the request, so the refusals below are the fetcher's doing
    inner = base64.b64encode(_secret_svg().encode()).decode()
    r = _post(client, _svg(f'<image x="0" y="0" width="600" height="300" '
                           f'href="data:image/svg+xml;base64,{inner}"/>'))
    assert r.status_code == 200
    assert SECRET in _pdf_text(r.data)


def test_an_svg_pointing_at_a_server_file_does_not_read_it(client, tmp_path):
    secret = tmp_path / "secret.svg"
    secret.write_text(_secret_svg())
    css = tmp_path / "secret.css"
    css.write_text("text { font-size: 40px }")
    r = _post(client, _svg(
        f'<image x="0" y="0" width="600" height="300" href="{secret.as_uri()}"/>',
        f'<image x="0" y="0" width="600" height="300" xlink:href="{secret.as_uri()}"/>',
        '<image x="0" y="0" width="60" height="30" href="file:///etc/passwd"/>',
        f'<style>@import url("{css.as_uri()}");</style>'))
    assert r.status_code == 200
    text = _pdf_text(r.data)
    assert TITLE in text and SECRET not in text and "root:" not in text


def test_an_external_entity_is_not_expanded(client, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    body = (f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
            + _svg('<text x="20" y="80">&x;</text>'))
    r = _post(client, body)
    assert r.status_code in (200, 400)
    assert SECRET.encode() not in r.data
    if r.status_code == 200:
        assert SECRET not in _pdf_text(r.data)


class _Recorder(http.server.BaseHTTPRequestHandler):
    paths: list[str] = []

    def do_GET(self):  # noqa: N802 (the http.server name)
        type(self).paths.append(self.path)
        body = _secret_svg().encode()
        self.send_response(200)
        self.send_header("Content-Type", "image/svg+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def web_server():
    _Recorder.paths = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_svg_pointing_at_a_url_makes_the_server_fetch_nothing(client, web_server):
    r = _post(client, _svg(
        f'<image x="0" y="0" width="600" height="300" href="{web_server}/map.svg"/>',
        f'<style>@import url("{web_server}/style.css");</style>'))
    assert r.status_code == 200
    assert _Recorder.paths == []
    assert SECRET not in _pdf_text(r.data)


def test_a_body_too_large_is_refused_with_413(client):
    filler = "<!--" + "x" * MAX_SVG_BYTES + "-->"
    r = _post(client, _svg(filler))
    assert r.status_code == 413


@pytest.mark.parametrize("body", ["", "not a picture", "<html><body>hi</body></html>",
                                  "<svg", b"\xff\xfe\x00<svg/>"])
def test_a_body_that_is_not_an_svg_is_refused_with_400_in_finnish(client, body):
    r = _post(client, body)
    assert r.status_code == 400
    assert "ei ole SVG-muotoinen kartta" in r.get_data(as_text=True)


def test_an_unknown_area_is_404(client):
    assert _post(client, _svg(), area="ei-ole").status_code == 404


def test_no_csrf_token_is_needed_since_nothing_is_stored(client):
    # it stores nothing (like POST /api/whatif); a plain GET is not the route
    assert _post(client, _svg()).status_code == 200
    assert client.get("/areas/koivula/map.pdf").status_code == 405
