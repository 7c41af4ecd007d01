"""graphmap's analysis engine: pure functions over the networkx graph from
:func:`graphmap.graph.build_graph` — graph in, results out, no I/O (issue 3).

Public API::

    analyze(g, area=None, *, reference=None, today=None, stale_months=12, lang="en") -> dict
    area_metrics(g, area) -> dict
    whatif(g, scenario, *, reference=None, today=None, lang="en") -> dict
    load_reference(path=None) -> dict
    FINDING_KINDS  # kind -> {group, severity, what, why, how, evidence}

Modules by topic: :mod:`.views` (per-area graphs, built once), :mod:`.metrics`,
:mod:`.gaps`, :mod:`.bottlenecks`, :mod:`.missing_links`, :mod:`.reference`,
:mod:`.findings` (the catalogue), :mod:`.messages` (fi/sv/en), :mod:`.engine`
(``analyze``), :mod:`.whatif`.  Every kind is documented in ``docs/findings.md``.
"""
from .engine import analyze
from .findings import FINDING_KINDS, SEVERITY_ORDER
from .metrics import area_metrics, degree_centralization
from .reference import load_reference
from .whatif import whatif

__all__ = ["analyze", "area_metrics", "whatif", "load_reference", "FINDING_KINDS",
           "SEVERITY_ORDER", "degree_centralization"]
