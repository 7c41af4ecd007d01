"""The search tests' shared fixtures: the demo network and its search index, one of
each per test module (a module may change neither, but need not trust the others)."""
from __future__ import annotations

import pytest

from graphmap.demo import DEMO_TODAY, demo_network
from graphmap.graph import build_graph
from graphmap.search import build_index


@pytest.fixture(scope="module")
def net():
    return demo_network()


@pytest.fixture(scope="module")
def demo(net):
    """The search index over the demo network."""
    return build_index(build_graph(net))


def ask(index, text: str, **kw) -> dict:
    """``who_to_call`` on the demo's day: opening hours and checked dates read the
    date, and the demo's are set against :data:`graphmap.demo.DEMO_TODAY`."""
    return index.who_to_call(text, today=DEMO_TODAY, **kw)
