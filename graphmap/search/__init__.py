""""Who do I call" — Finnish-first search over the service graph (issue 3 item 6).

::

    from graphmap.search import build_index, lemmatiser_name
    index = build_index(g)            # g = graphmap.graph.build_graph(net); build once
    answer = index.who_to_call("univaikeuksiin", area="koivula", age=2, from_unit="paivakoti")

``who_to_call`` returns a dict (docs/search.md): ``understood``,
``confident``, ``needs``, ``urgent``, ``emergency``, ``notice``, ``unrecognised``,
``results``, ``front_door``, ``age`` (the child's age used: given, or read from the text
by :mod:`.age`), ``age_from_text`` and ``age_note`` (saying so, or None).
Each answer in ``results`` (and the front door) is a dict
with ``section`` ("urgent", "area", "elsewhere"; "front_door") and: ``unit``, ``unit_name``, ``area``, ``area_name``,
``organisation``, ``sector``, ``level``, ``self_referral``, ``role`` (id, title,
person, phone, email, verified — as anyone may see them, :mod:`graphmap.privacy`:
person and contact details only for public roles), ``channel`` (phone, email,
channels), ``score``, ``match``, ``matched``
(service keywords matched), ``why`` (reasons in fi/sv/en) and ``path`` (unit ids
from ``from_unit`` — a role is lifted to its unit — to the answer over at most
three links, or None).  Bad parameters raise :class:`SearchError` (a
``ValueError`` with ``.param`` and ``.status`` 400/404), checked by :func:`check_params`
(:mod:`.params`, the one check the web and the command line use too).  ``lemmatiser_name()``
says whether Voikko or the simplemma fallback is in use.  Modules: :mod:`.text` (lemmas),
:mod:`.needs` (the need vocabulary), :mod:`.query` (query understanding), :mod:`.age`
(the child's age written in the worry),
:mod:`.index` (matching), :mod:`.rank` (scoring formula), :mod:`.params` (the
parameters and their limits).
"""
from .index import SearchIndex, build_index
from .params import SearchError, SearchParams, check_params
from .patch import patch_index
from .text import lemmas, lemmatiser_name

__all__ = ["build_index", "SearchIndex", "SearchError", "SearchParams", "check_params", "lemmas",
           "lemmatiser_name", "patch_index"]
