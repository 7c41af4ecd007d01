"""Checking a small write at the cost of what it changes (issue 13 item 1).

Why: :func:`~graphmap.store.base.plan_write` must refuse a write that would break a
rule of the model (:func:`graphmap.model.check_network`).  Checking the whole network
as it would be afterwards walks every record — about a second at national scale for an
editor's one-field change, paid inside the store's write lock by every writer.

What: when the network the write is planned on is known to be valid (it carries
:data:`VALID` — set after one full check, and handed on by the web's patched
snapshots, since every write to the store was checked), the network with the incoming
records upserted can only break a rule where an incoming record takes part:

* values, validity dates, coordinates, self-links: on the incoming records only;
* references: an upsert removes nothing, so only the incoming records' own references
  can dangle; the area hierarchy can only get a cycle through a changed area;
* ``member`` links point at a forum: an incoming link, or an existing link to a unit
  that is written as something other than a forum now;
* ids are unique across sheets and case: only a new id can collide.

So :func:`check_network` runs on the incoming records and everything they reach
(references followed up to the top of the area tree) — the same rules, on a closed
slice, so every problem it reports is one of the whole network — and the new ids are
looked up in the whole network.  When anything looks wrong the caller runs the full
check, so the errors read exactly as before ("did you mean …" among all ids).
"""
from __future__ import annotations

from ..model import LinkKind, Network, UnitType, check_network, sheet_of

#: attribute of a :class:`Network` known to break no rule (see the module doc)
VALID = "_graphmap_valid"
#: attribute holding a valid network's node ids by case-folded id
FOLDED = "_graphmap_folded"
#: writes larger than this are checked whole: a slice of an import is no cheaper
MAX_RECORDS = 2000
NODE_SHEETS = ("areas", "organisations", "units", "roles")


def upsert_is_valid(current: Network, incoming: Network) -> bool:
    """True when ``current`` with ``incoming`` upserted certainly breaks no rule;
    False means "check the whole network" (maybe invalid, or not cheap to tell).

    ``current`` not yet known valid is checked whole once and marked, so the writes
    after it (on the snapshot patched from it) are cheap."""
    if not _small(incoming) or not check_ahead(current, incoming):
        return False
    if check_network(_slice(current, incoming)):
        return False
    return _new_ids_unique(current, incoming)


def check_ahead(current: Network, incoming: Network) -> bool:
    """Whether ``current`` is known to break no rule, checking it whole (once: the
    answer is marked on it) when :func:`upsert_is_valid` would.  A store calls it
    before taking its write lock: when other writers committed meanwhile, the write
    is planned on a copy of ``current`` patched by their changes (the stores'
    ``_current``), which inherits the mark instead of being checked whole while
    every other writer waits."""
    if getattr(current, VALID, False):
        return True
    if not _small(incoming) or check_network(current):
        return False
    mark_valid(current)
    return True


def _small(incoming: Network) -> bool:
    return sum(len(getattr(incoming, s)) for s in (*NODE_SHEETS, "links")) <= MAX_RECORDS


def mark_valid(net: Network) -> None:
    """Record that ``net`` breaks no rule (a full check passed, or it was patched from
    such a network by checked writes).  The network must not be changed afterwards."""
    setattr(net, VALID, True)


def carry_marks(old: Network, new: Network, records: dict) -> None:
    """Hand what :func:`upsert_is_valid` knows about ``old`` on to ``new``, the same
    network with ``records`` (sheet → key → record now, ``None``: removed) applied by
    writes the store checked."""
    if not getattr(old, VALID, False):
        return
    mark_valid(new)
    folded = getattr(old, FOLDED, None)
    if folded is None:
        return
    updates = _fold_updates(folded, records)
    if updates:  # else shared: an edit of existing records adds and removes no id
        folded = dict(folded)
        _refold(folded, updates)
    setattr(new, FOLDED, folded)


def copy_marks(old: Network, new: Network) -> None:
    """:func:`carry_marks` for ``new``, a copy of ``old``'s sheets that will be changed
    in place (:func:`update_marks`): its own case-folded ids, not ``old``'s."""
    carry_marks(old, new, {})
    folded = getattr(new, FOLDED, None)
    if folded is not None:
        setattr(new, FOLDED, dict(folded))


def update_marks(net: Network, records: dict) -> None:
    """:func:`carry_marks` for ``net`` changed in place by ``records`` (its own
    case-folded ids, never shared with another network, are changed in place too)."""
    folded = getattr(net, FOLDED, None)
    if getattr(net, VALID, False) and folded is not None:
        _refold(folded, _fold_updates(folded, records))


def _fold_updates(folded: dict[str, str], records: dict) -> list[tuple[str, str | None]]:
    updates: list[tuple[str, str | None]] = []
    for sheet in NODE_SHEETS:
        for key, record in records.get(sheet, {}).items():
            fold = key.casefold()
            if record is None:
                if folded.get(fold) == key:
                    updates.append((fold, None))
            elif folded.get(fold) != key:
                updates.append((fold, key))
    return updates


def _refold(folded: dict[str, str], updates: list[tuple[str, str | None]]) -> None:
    for fold, key in updates:
        if key is None:
            del folded[fold]
        else:
            folded[fold] = key


def _folded(net: Network) -> dict[str, str]:
    """Case-folded id → id over the node sheets of a valid network (cached on it)."""
    folded = getattr(net, FOLDED, None)
    if folded is None:
        folded = {key.casefold(): key for sheet in NODE_SHEETS for key in getattr(net, sheet)}
        setattr(net, FOLDED, folded)
    return folded


def _new_ids_unique(current: Network, incoming: Network) -> bool:
    """No new id of ``incoming`` is used by another sheet or differs only in case from
    an id in use (ids already in their sheet were checked when first written)."""
    new_folds: set[str] = set()
    folded = None
    for sheet in NODE_SHEETS:
        for key in getattr(incoming, sheet):
            if key in getattr(current, sheet):
                continue
            for other in NODE_SHEETS:
                if other != sheet and (key in getattr(current, other)
                                       or key in getattr(incoming, other)):
                    return False
            if folded is None:
                folded = _folded(current)
            fold = key.casefold()
            if fold in folded or fold in new_folds:
                return False
            new_folds.add(fold)
    return True


def _slice(current: Network, incoming: Network) -> Network:
    """The incoming records (and the links a unit that stops being a forum leaves
    pointing at it), with every record they reference, recursively, as they would
    be after the write: a network closed under references, so :func:`check_network`
    finds on it exactly the problems these records have in the whole."""
    def get(sheet, key):
        record = getattr(incoming, sheet).get(key)
        return record if record is not None else getattr(current, sheet).get(key)

    todo = [r for sheet in (*NODE_SHEETS, "links") for r in getattr(incoming, sheet).values()]
    for uid, unit in incoming.units.items():
        old = current.units.get(uid)
        if old is not None and old.type == UnitType.FORUM and unit.type != UnitType.FORUM:
            todo += [link for link in current.links.values()
                     if link.target == uid and link.kind == LinkKind.MEMBER]
    out, seen = Network(), set()
    while todo:
        record = todo.pop()
        sheet = sheet_of(record)
        key = (sheet, record.key if sheet == "links" else record.id)
        if key in seen:
            continue
        seen.add(key)
        if sheet == "links":
            record = get("links", record.key)  # a listed member link may be incoming too
        out.add(record)
        if sheet == "areas":
            refs = [("areas", record.parent)]
        elif sheet == "units":
            refs = [("organisations", record.organisation), ("areas", record.area)]
        elif sheet == "roles":
            refs = [("units", record.unit)]
        elif sheet == "links":
            refs = [(s, end) for end in (record.source, record.target) for s in ("units", "roles")]
        else:
            refs = []
        for ref_sheet, ref in refs:
            if ref:
                found = get(ref_sheet, ref)
                if found is not None:
                    todo.append(found)
    return out
