"""Flask fixtures (flaskr style): the real app on a real SQLite store holding
``tests.data.small_network()`` plus one unit whose name is markup (the XSS case)."""
from __future__ import annotations

import pytest

from graphmap.model import Level, Link, LinkKind, Unit, UnitType
from graphmap.web import create_app
from tests.data import small_network

XSS = "<img src=x onerror=alert(1)>"
#: the person in tests.data whose role is not public: must never be shown
HIDDEN_PERSON = "Liisa Kuvitteellinen"


def web_network():
    net = small_network()
    net.add(Unit("xss", XSS, "mll", "koivula", type=UnitType.MEETING_PLACE,
                 level=Level.UNIVERSAL, services=["vertaistuki"], self_referral=True))
    net.add(Link("xss", "perheohjaus", LinkKind.REFERS, volume=3))
    return net


@pytest.fixture
def web_store(store):
    store.write(web_network())
    return store


@pytest.fixture
def app(web_store, store_url, tmp_path):
    return create_app(store_url, config={"TESTING": True, "UPLOAD_DIR": tmp_path / "uploads",
                                         "UPLOAD_PROGRESS_DIR": tmp_path / "progress"})


@pytest.fixture
def client(app):
    return app.test_client()
