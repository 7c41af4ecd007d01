"""Encoded answers cached per store revision: a repeated read costs a lookup.

Under load most reads ask what another reader of the same revision asked a moment
ago (an area's page, a unit's profile, the same search); rendering a page or encoding
a JSON answer is then most of the CPU a request costs (the soak, benchmarks/soak.py).
The answer's bytes are kept in the snapshot's per-revision cache
(:attr:`.snapshot.Snapshot.cache`), so they are carried over to the next revision
exactly when the snapshot's area views are: when the write did not touch the area.

The key holds everything the answer depends on besides the revision: the request's
path and query, its language, the day (findings and search read the date) and the
**audience** (:func:`graphmap.privacy.audience`: whether the viewer sees hidden
persons' names) and the revision's hidden persons — an answer cached for a logged-in
user is never served to an anonymous one, nor one cached before someone withdrew
their consent.  Pages that show the user's own name or CSRF token are cached for
anonymous viewers only (:func:`cached_page`).  An answer given (in part) from an
earlier revision ("updating") is not kept as this revision's.

A search answered from an earlier revision's index ("updating") is kept with that
index (``shared``) rather than with the revision: under a stream of writes the index
is patched only every few revisions (web/snapshot.py, ``IndexBuilder``), and every
revision between asked the same questions of the same index again.  The index is
patched at once, a new object, after a write that withdrew a name (the earlier index
would still find the person), so such answers end with it.
"""
from __future__ import annotations

import datetime as dt
import weakref
from typing import Callable

from flask import current_app, g, has_request_context, request

from graphmap.privacy import audience

from .snapshot import Snapshot, note_updating, noted_updating


class _Updating(bytes):
    """An answer kept although (part of) it came from an earlier revision: said so
    again ("updating", :func:`.snapshot.note_updating`) each time it is given."""


#: answers given from an earlier revision's search index, per index (see the module's
#: docstring); at most SHARED_ANSWERS per index
_shared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
SHARED_ANSWERS = 2000


def cached_body(snap, kind: str, area: str | None, make: Callable[[], bytes | str], *,
                mimetype: str = "application/json", vary=None, keep_updating: bool = False,
                shared: object | None = None):
    """The response for this request: ``make()``'s body, or the one kept for the same
    key in ``snap``'s revision.  ``area``: the area the answer belongs to (``None``:
    it may change with any write); ``vary``: anything else the answer depends on
    (the search's clock minute: which urgent doors are open).  ``keep_updating``: an
    answer given (in part) from an earlier revision is kept too, as such — ``vary``
    must then tell it from the one this revision gives once up to date (a search
    while the index is patched behind the writes: under a stream of writes nearly
    every search was one, and each was computed again).  ``shared``: the earlier
    revision's part such an answer came from (the search index), which alone it
    depends on besides the key: kept with it for the revisions that share it."""
    viewer = g.get("user")
    if not isinstance(snap, Snapshot):
        return current_app.response_class(_encode(make()), mimetype=mimetype)
    key = _key(snap, kind, area, viewer) + ((vary,) if vary is not None else ())
    body = snap.cache.get(key)
    if body is None and shared is not None:
        body = _shared.get(shared, {}).get(key)
    if body is None:
        body = _encode(make())
        if not noted_updating():  # a search from the previous index notes it
            snap._keep(key, body)
        elif keep_updating:
            body = _Updating(body)
            snap._keep(key, body)
            if shared is not None:
                kept = _shared.setdefault(shared, {})
                if len(kept) < SHARED_ANSWERS:
                    kept[key] = body
    elif isinstance(body, _Updating):
        note_updating()
    return current_app.response_class(body, mimetype=mimetype)


def cached_page(snap, area: str, make: Callable[[Snapshot], str]):
    """An anonymous reader's page of ``area`` as a view of the revision
    (:meth:`.snapshot.Snapshot.view`): after a write that touched the area the
    previous revision's page answers at once (marked "updating") while the
    background refresher renders this one — rendering a page is most of its CPU, and
    under a stream of writes every reader would otherwise render it again.  Pages
    for a logged-in user show their name and CSRF token: rendered for them alone."""
    viewer = g.get("user")
    if not isinstance(snap, Snapshot) or viewer is not None:
        return current_app.response_class(make(snap), mimetype="text/html")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    path, lang = request.full_path, g.lang

    def render(s: Snapshot) -> bytes:
        if has_request_context():
            return _encode(make(s))
        # the refresher's thread: the same request, as an anonymous reader makes it
        with app.test_request_context(path):
            g.lang, g.user = lang, None
            return _encode(make(s))
    body = snap.view(_key(snap, "page", area, None), render)
    return current_app.response_class(body, mimetype="text/html")


def _key(snap: Snapshot, kind: str, area: str | None, viewer) -> tuple:
    return (kind, area, request.full_path, g.lang, audience(viewer), dt.date.today(),
            _hidden(snap))


_hidden_sets: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _hidden(snap: Snapshot) -> frozenset:
    """The revision's hidden persons: a cached answer carried over to a revision where
    someone's consent changed elsewhere (a contact that spells their name) is not used."""
    found = _hidden_sets.get(snap)
    if found is None:
        found = _hidden_sets[snap] = frozenset(snap.hidden.persons)
    return found


def json_body(value) -> str:
    """``value`` encoded as :func:`flask.jsonify` encodes it."""
    return current_app.json.dumps(value) + "\n"


def _encode(body: bytes | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else body
