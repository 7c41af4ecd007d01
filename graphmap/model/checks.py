"""Every rule that spans records (:func:`check_network`): unique ids, references that
exist, no area cycle, no self-link, sane validity and values."""
from __future__ import annotations

import dataclasses

from .enums import LinkKind, UnitType
from .network import Network
from .problems import Message, Problem, ValidationError, did_you_mean, message_of
from .records import NODE_SHEETS, RECORD_TYPES, Unit
from .values import _BAD_CHARS, MAX_NUMBER, check_number, check_text, closest


MAX_HINTS = 25  # distinct missing ids that get a "did you mean" per check


def check_network(net: Network) -> list[Problem]:
    """Every rule that spans records.  Returns problems; an empty list means valid.

    * ids are unique across areas, organisations, units and roles (links name units
      and roles by id, and the graph keys every node by id);
    * every reference (parent, organisation, area, unit, link ends) exists;
    * the area hierarchy has no cycle;
    * a link does not join a node to itself; ``member`` links point at a forum;
    * a link's, unit's or role's validity does not end before it starts.
    """
    problems: list[Problem] = _value_problems(net)
    owners: dict[str, str] = {}
    folded: dict[str, str] = {}  # ids differing only in case are one id (REL-Dup, rel-dup)
    for sheet in NODE_SHEETS:
        for key in getattr(net, sheet):
            if key in owners:
                problems.append(Problem(sheet, key, "id",
                                        Message("id_used", id=repr(key), sheet=owners[key])))
                continue
            owners[key] = sheet
            same = folded.setdefault(key.casefold(), key)
            if same != key:
                problems.append(Problem(sheet, key, "id", Message(
                    "id_case_duplicate", id=repr(key), other=repr(same), sheet=owners[same])))

    hints: dict[tuple[str, str], str | None] = {}

    def hint_for(value, among, choices):
        # "did you mean" costs a difflib scan of every id (0.2 s at national scale), so
        # only the first few distinct missing ids get one: a links sheet of 10,000
        # dangling ends must not take an hour to report
        if (among, value) not in hints and len(hints) < MAX_HINTS:
            hints[among, value] = closest(value, choices())
        return hints.get((among, value))

    def ref(sheet, key, fld, value, target_sheet, what):
        if value and value not in getattr(net, target_sheet):
            hint = hint_for(value, target_sheet, lambda: getattr(net, target_sheet))
            problems.append(Problem(sheet, key, fld, Message(f"no_{what}", value=repr(value),
                                                             hint=did_you_mean(hint))))

    for a in net.areas.values():
        ref("areas", a.id, "parent", a.parent, "areas", "area")
    for u in net.units.values():
        ref("units", u.id, "organisation", u.organisation, "organisations", "organisation")
        ref("units", u.id, "area", u.area, "areas", "area")
        if u.valid_from and u.valid_to and u.valid_to < u.valid_from:
            problems.append(Problem("units", u.id, "valid_to", Message("validity_backwards")))
        if (u.latitude is None) != (u.longitude is None):
            problems.append(Problem("units", u.id, "longitude" if u.longitude is None
                                    else "latitude", Message("coordinates_pair")))
    for r in net.roles.values():
        ref("roles", r.id, "unit", r.unit, "units", "unit")
        if r.valid_from and r.valid_to and r.valid_to < r.valid_from:
            problems.append(Problem("roles", r.id, "valid_to", Message("validity_backwards")))
    units, roles, member = net.units, net.roles, LinkKind.MEMBER
    for link in net.links.values():
        # the common case, checked cheaply: a national import has 250,000 links
        src, tgt = link.source, link.target
        if ((src in units or src in roles) and (tgt in units or tgt in roles) and src != tgt
                and link.kind != member and not (link.valid_from and link.valid_to)):
            continue
        key = link.id
        for end in ("source", "target"):
            node = getattr(link, end)
            if node not in net.units and node not in net.roles:
                hint = hint_for(node, "nodes", lambda: list(net.units) + list(net.roles))
                problems.append(Problem("links", key, end, Message(
                    "no_node", value=repr(node), hint=did_you_mean(hint))))
        if link.source == link.target:
            problems.append(Problem("links", key, "target", Message("self_link")))
        if link.kind == LinkKind.MEMBER:
            target = net.units.get(link.target)
            if target is not None and target.type != UnitType.FORUM:
                problems.append(Problem("links", key, "target", Message(
                    "member_not_forum", target=repr(link.target), type=target.type.value)))
        if link.valid_from and link.valid_to and link.valid_to < link.valid_from:
            problems.append(Problem("links", key, "valid_to", Message("validity_backwards")))

    problems.extend(_area_cycles(net))
    return problems


_TEXT_FIELDS: dict[type, list[str]] = {
    RECORD_TYPES[s]: [f.name for f in dataclasses.fields(RECORD_TYPES[s]) if "str" in str(f.type)]
    for s in NODE_SHEETS}


def _value_problems(net: Network) -> list[Problem]:
    """Texts and numbers every path must refuse (:func:`check_text`,
    :func:`check_number`), checked here too because not every importer builds its
    records through the field parsers (HSDS, PTV) and the store calls this before
    every write; at national scale links hold only ``note`` and ``volume`` to check."""
    if _values_look_fine(net):
        return []
    problems = []

    def check(sheet, key, name, value):
        try:
            if isinstance(value, str):
                check_text(value)
            elif isinstance(value, int) and not isinstance(value, bool):
                check_number(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, str):
                        check_text(item)
        except ValueError as exc:
            problems.append(Problem(sheet, key, name, message_of(exc)))

    for sheet in NODE_SHEETS:
        cls = RECORD_TYPES[sheet]
        names = _TEXT_FIELDS[cls] + (["capacity"] if cls is Unit else [])
        for key, record in getattr(net, sheet).items():
            for name in names:
                value = getattr(record, name)
                if value is not None:
                    check(sheet, key, name, value)
    for link in net.links.values():
        if link.note is not None:
            check("links", link.id, "note", link.note)
        if link.volume is not None and not 0 <= link.volume <= MAX_NUMBER:
            check("links", link.id, "volume", link.volume)
    return problems


def _values_look_fine(net: Network) -> bool:
    """The common case at C speed (250,000 links, 30,000 roles at national scale): all
    texts of a sheet joined and searched once, numbers by min/max; only when this
    fails are the records gone through one by one to say which."""
    from itertools import chain
    from operator import attrgetter
    texts = []
    for sheet in NODE_SHEETS:
        cls = RECORD_TYPES[sheet]
        records = getattr(net, sheet).values()
        scalars = [n for n in _TEXT_FIELDS[cls] if n not in ("services", "languages")]
        texts.append("\n".join(filter(None, chain.from_iterable(
            map(attrgetter(*scalars), records)))))
    units = net.units.values()
    texts.append("\n".join(chain.from_iterable(u.services + u.languages for u in units)))
    links = net.links.values()
    texts.append("\n".join(filter(None, map(attrgetter("note"), links))))
    if any(map(_BAD_CHARS.search, texts)):
        return False
    for numbers in (list(filter(None, map(attrgetter("capacity"), units))),
                    list(filter(None, map(attrgetter("volume"), links)))):
        if numbers and (min(numbers) < 0 or max(numbers) > MAX_NUMBER):
            return False
    return True


def _area_cycles(net: Network) -> list[Problem]:
    problems: list[Problem] = []
    reported: set[str] = set()
    for start in net.areas:
        path: list[str] = []
        current: str | None = start
        while current and current in net.areas and current not in path:
            path.append(current)
            current = net.areas[current].parent
        if current is not None and current in path:
            cycle = path[path.index(current):]
            if not reported.intersection(cycle):
                reported.update(cycle)
                chain = " → ".join(cycle + [current])
                problems.append(Problem("areas", current, "parent",
                                        Message("area_cycle", chain=chain)))
    return problems


def validate(net: Network) -> None:
    """Raise :class:`ValidationError` listing every problem in ``net``."""
    problems = check_network(net)
    if problems:
        raise ValidationError(problems, "the network is not valid")
