"""The one privacy rule (DOMAIN.md §8; issue 10 item 6): whose name reaches whom.

A role holder who has not agreed to be shown (``Role.public`` false) is a *hidden
person*.  Everyone may see services, roles by title and the units' own contacts; only
a logged-in user (any role) may see hidden persons.  For everyone else:

* a hidden person's role shows its title only: ``person``, ``phone`` and ``email`` are
  removed (a role's phone and e-mail reach that person directly, and are personal data
  as much as the name);
* any contact or free text (e-mail, description, note, address, website) that *spells*
  a hidden name is removed too: an e-mail address whose local part is the surname with
  nothing but the person's other names or initials (``merja.kiviharju@…``,
  ``m.kiviharju@…``, ``kiviharju@…``; not ``pekka.kiviharju@…``, another person of the
  same surname), or a text holding the full name;
* what is hidden follows the person's *current* flag: after consent is withdrawn, the
  history and the comparison of two dates hide the name on both sides, including the
  days when it was public.

Every page, API answer, search card, command-line report and public export goes through
these functions; only the workbook export (the coordinator's own lossless copy) and
logged-in users see everything.  Names are compared normalised: lower case, accents
folded (``ä`` → ``a``), letters only.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from functools import lru_cache

#: the fields of a hidden person's role that reach the person
PERSONAL_FIELDS = ("person", "phone", "email")
#: the fields that may spell a hidden name and can go without breaking a record: contact
#: and free text (names and titles are what the service is called, and required)
_FREE_TEXT = frozenset({"email", "description", "note", "address", "website"})
_WORD = re.compile(r"[a-z]+")


def may_see_names(viewer) -> bool:
    """Does ``viewer`` (the logged-in user, or None) see hidden persons?  Any
    logged-in user does (README: accounts)."""
    return viewer is not None


def audience(viewer) -> str:
    """What decides which names ``viewer`` is shown, as a cache key: ``"named"`` (sees
    hidden persons) or ``"public"``.  An answer cached for one audience is only ever
    served to that audience (web/response_cache.py)."""
    return "named" if may_see_names(viewer) else "public"


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, accents folded (``Mäki`` → ``maki``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _parts(person: str) -> list[str]:
    return _WORD.findall(fold(person))


#: texts whose :meth:`HiddenNames.spells` answer one set of names remembers (a
#: national network has some 100,000 names, titles and addresses)
SPELT_KEPT = 200_000


class HiddenNames:
    """The hidden persons of one network, indexed for quick "does this spell one?"."""

    def __init__(self, persons=()):
        self.persons: set[str] = set()
        self._by_surname: dict[str, set[tuple[str, str, tuple[str, ...]]]] = {}
        #: text → :meth:`spells` of it: every answer that shows a record asks again
        #: for the same few thousand texts (an e-mail address costs a scan of all its
        #: substrings), and one snapshot's names serve many requests and revisions
        self._spelt: dict[str, bool] = {}
        for person in persons:
            self.add(person)

    def add(self, person: str | None) -> None:
        if not person or person in self.persons:
            return
        parts = _parts(person)
        if len(parts) < 2:  # a single word is no full name: compare it as a surname
            parts = ["", *parts]
        first, surname = parts[0], parts[-1]
        if len(surname) < 3:
            return
        self.persons.add(person)
        self._spelt = {}
        # a new set, never one changed in place: a copy (:meth:`copy`) shares the rest
        self._by_surname[surname] = self._by_surname.get(surname, set()) | {
            (first, " ".join(parts).strip(), tuple(p for p in parts if p))}

    def copy(self) -> "HiddenNames":
        """The same names, for adding more without changing these (a snapshot's)."""
        out = HiddenNames()
        out.persons = set(self.persons)
        out._by_surname = dict(self._by_surname)
        return out

    def __bool__(self) -> bool:
        return bool(self._by_surname)

    def spells(self, text) -> bool:
        """Does ``text`` spell a hidden name (see the module docstring)?"""
        if not self or not isinstance(text, str) or not text:
            return False
        known = self._spelt.get(text)
        if known is None:
            if len(self._spelt) >= SPELT_KEPT:
                self._spelt = {}
            known = self._spelt[text] = self._spells(text)
        return known

    def _spells(self, text: str) -> bool:
        if "@" in text:
            return self._email_spells(text.rsplit("@", 1)[0])
        words = _WORD.findall(fold(text))
        joined = f" {' '.join(words)} "
        for word in words:
            for first, full, _ in self._by_surname.get(word, ()):
                if first and f" {full} " in joined:  # the full name, not a surname alone
                    return True
        return False

    def _email_spells(self, local: str) -> bool:
        letters = "".join(_WORD.findall(fold(local)))
        n = len(letters)
        for i in range(n):
            for j in range(i + 3, n + 1):
                names = self._by_surname.get(letters[i:j])
                if not names:
                    continue
                rest = letters[:i] + letters[j:]
                for _, _, parts in names:
                    if _made_of(rest, parts):
                        return True
        return False


def _made_of(rest: str, parts: tuple[str, ...]) -> bool:
    """Is ``rest`` nothing but the name's parts and their initials (``merja``, ``m``,
    ``annaliisa``, ``al``), so that with the surname it spells that person?"""
    pieces = set(parts) | {p[0] for p in parts}
    ok = [True] + [False] * len(rest)  # ok[i]: rest[:i] is made of pieces
    for i in range(len(rest)):
        if ok[i]:
            for piece in pieces:
                if rest.startswith(piece, i):
                    ok[i + len(piece)] = True
    return ok[-1]


def hidden_names(roles) -> HiddenNames:
    """The hidden persons among ``roles`` (records or dicts)."""
    return HiddenNames(_get(r, "person") for r in roles if not _get(r, "public", True))


def _get(record, name, default=None):
    if isinstance(record, dict):
        return record.get(name, default)
    return getattr(record, name, default)


def _as_dict(record) -> dict:
    if isinstance(record, dict):
        return dict(record)
    from .model import record_to_dict
    return record_to_dict(record)


def shows_person(role, viewer=None, *, public: bool | None = None) -> bool:
    """May ``viewer`` see the person behind ``role`` (a Role, its dict or a graph node's
    attributes): the name, phone and e-mail?  ``public`` overrides the record's flag."""
    if may_see_names(viewer):
        return True
    return bool(_get(role, "public", True) if public is None else public)


def public_view(role, viewer=None, *, public: bool | None = None,
                hidden: HiddenNames | None = None) -> dict:
    """``role`` (a Role or its dict) as ``viewer`` may see it.  ``public`` overrides the
    record's own flag (history: the person's flag *now*); ``hidden`` also removes any
    other field that spells a hidden name."""
    d = _as_dict(role)
    if may_see_names(viewer):
        return d
    if not shows_person(d, viewer, public=public):
        for name in PERSONAL_FIELDS:
            if name in d:
                d[name] = None
    return public_record(d, viewer, hidden)


def public_record(record, viewer=None, hidden: HiddenNames | None = None) -> dict:
    """Any record (or dict of fields) without the text that spells a hidden name: a
    unit whose e-mail address is a hidden person's, a link note naming them."""
    d = _as_dict(record)
    if may_see_names(viewer) or not hidden:
        return d
    for name, value in d.items():
        if name in _FREE_TEXT and isinstance(value, str) and hidden.spells(value):
            d[name] = None
    return d


def public_network(net):
    """A copy of ``net`` as anyone may see it: what every public export writes
    (HSDS, GraphML, GEXF, Cytoscape, neo4j-admin CSV, Cypher)."""
    from .model import SHEETS, Network
    hidden = hidden_names(net.roles.values())
    out = Network()
    for sheet in SHEETS:
        for record in getattr(net, sheet).values():
            if sheet == "roles":
                d = public_view(record, None, hidden=hidden)
            else:
                d = public_record(record, None, hidden)
            # the rule only ever removes a value: take over exactly those
            changes = {k: None for k, v in d.items()
                       if v is None and getattr(record, k, None) is not None}
            out.add(dataclasses.replace(record, **changes) if changes else record)
    return out


def public_history(entries: list[dict], net, viewer=None,
                   hidden: HiddenNames | None = None) -> list[dict]:
    """History entries (``store.history``) as ``viewer`` may see them: a role's
    ``before`` and ``after`` follow the role's flag in ``net`` (now); a role no longer
    stored counts as hidden.  Other records lose text that spells a hidden name.
    ``hidden``: ``hidden_names(net.roles.values())`` when the caller keeps it (not
    changed here), so a page of history does not read every role again."""
    if may_see_names(viewer):
        return entries
    hidden = hidden_names(net.roles.values()) if hidden is None else hidden.copy()
    for e in entries:  # earlier names of hidden roles are hidden names too
        if e.get("sheet") == "roles" and not _public_now(net, e.get("key")):
            for side in ("before", "after"):
                hidden.add((e.get(side) or {}).get("person"))
    out = []
    for e in entries:
        e = dict(e)
        for side in ("before", "after"):
            rec = e.get(side)
            if not rec:
                continue
            if e.get("sheet") == "roles":
                e[side] = public_view(rec, None, public=_public_now(net, e.get("key")),
                                      hidden=hidden)
            else:
                e[side] = public_record(rec, None, hidden)
        out.append(e)
    return out


def _public_now(net, key) -> bool:
    role = net.roles.get(key) if key is not None else None
    return bool(role is not None and role.public)


def public_diff(report: dict, net, viewer=None) -> dict:
    """``graphmap.history.compare``'s report as ``viewer`` may see it: changed role
    fields follow the role's flag in ``net`` (now); link records lose text that spells
    a hidden name."""
    if may_see_names(viewer):
        return report
    hidden = hidden_names(net.roles.values())
    out = dict(report)
    diff = {kind: dict(sheets) for kind, sheets in (report.get("diff") or {}).items()}
    changed = diff.get("changed", {})
    for sheet, items in list(changed.items()):
        safe = []
        for item in items:
            fields = {}
            for name, pair in item.get("fields", {}).items():
                if sheet == "roles" and name in PERSONAL_FIELDS and not _public_now(
                        net, item.get("key")):
                    pair = [None, None]
                elif name in _FREE_TEXT:
                    pair = [None if hidden.spells(v) else v for v in pair]
                fields[name] = pair
            safe.append({**item, "fields": fields})
        changed[sheet] = safe
    if diff:
        out["diff"] = diff
    for key in ("links_added", "links_removed"):
        if key in report:
            out[key] = [public_record(link, None, hidden) for link in report[key]]
    return out
