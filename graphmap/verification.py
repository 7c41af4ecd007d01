"""Verification rounds (issue 14 item 1): which contacts a coordinator re-checks first.

Service directories die of stale data.  A round takes every contact of an area that
is due (never checked, or checked longer ago than the deployment's period, default 12
months) and puts first the ones the network leans on most — the contacts whose loss
or staleness would misdirect the most families — then the oldest checks.  The
importance comes from the analysis the area already has (:mod:`graphmap.analysis`):
gateways, key persons and bridges, then how many referrals reach the contact.

A round is started by the coordinator: its list of due contacts is kept (in a store
setting, see :func:`round_setting`), so "142 / 180 checked this round" stays true while
contacts are checked — a contact counts as checked once its ``verified`` date is on or
after the round's start.  Everything here is pure: the web layer reads and writes.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

from .analysis.gaps import months_before
from .model import REFERRAL_KINDS, Network

#: Default period after which a contact is due again (months); deployment setting
#: ``verify_period_months``.
DEFAULT_PERIOD_MONTHS = 12
#: Finding kinds that mark a node as carrying many paths, most important first.
TIERS = {"gateway": 3, "key_person": 2, "bridge": 1}


@dataclasses.dataclass(frozen=True)
class Due:
    """One contact due for checking: a role (with phone or e-mail) and its unit."""

    role: str
    unit: str
    verified: dt.date | None


def due_contacts(net: Network, units: set[str], today: dt.date,
                 months: int = DEFAULT_PERIOD_MONTHS) -> list[Due]:
    """Roles of ``units`` whose contact (phone or e-mail; a role with neither has
    nothing to go stale, as in the ``stale_contact`` finding) was never checked or
    was checked before ``today`` − ``months``."""
    cutoff = months_before(today, months)
    out = []
    for role in net.roles.values():
        if role.unit in units and (role.phone or role.email) and (
                role.verified is None or role.verified < cutoff):
            out.append(Due(role.id, role.unit, role.verified))
    return out


def referred_to(net: Network) -> dict[str, int]:
    """Referrals reaching each unit or role: the yearly volume of its incoming
    ``refers``/``consults`` links (a link without a volume counts as one)."""
    out: dict[str, int] = {}
    for link in net.links.values():
        if link.kind in REFERRAL_KINDS:
            out[link.target] = out.get(link.target, 0) + (link.volume or 1)
    return out


def order_by_importance(due: list[Due], findings: list[dict],
                        referred: dict[str, int]) -> list[Due]:
    """``due`` ordered by network importance, then by age of the last check.

    A contact's importance is that of its role or its unit, whichever is higher:
    first the tier of the strongest finding naming it (gateway 3, key person 2,
    bridge 1, none 0 — see :data:`TIERS`), then the referrals reaching role and unit
    together (``referred``, from :func:`referred_to`).  Among equals a contact never
    checked comes first, then the oldest check; the role id breaks the last ties so
    the order is the same every time.

    >>> d = [Due("a-r", "a", dt.date(2025, 1, 1)), Due("b-r", "b", None)]
    >>> [x.role for x in order_by_importance(d, [{"kind": "bridge", "nodes": ["a"]}], {})]
    ['a-r', 'b-r']
    """
    tier: dict[str, int] = {}
    for f in findings:
        weight = TIERS.get(f.get("kind", ""), 0)
        for node in f.get("nodes") or ():
            tier[node] = max(tier.get(node, 0), weight)

    def key(d: Due):
        return (-max(tier.get(d.role, 0), tier.get(d.unit, 0)),
                -(referred.get(d.role, 0) + referred.get(d.unit, 0)),
                d.verified is not None, d.verified or dt.date.min, d.role)
    return sorted(due, key=key)


def importance_reasons(d: Due, findings: list[dict], referred: dict[str, int]) -> dict:
    """Why ``d`` sits where it does: the finding kinds naming its role or unit and the
    referrals reaching them (shown beside each contact in the queue)."""
    kinds = sorted({f["kind"] for f in findings if f.get("kind") in TIERS
                    and {d.role, d.unit} & set(f.get("nodes") or ())},
                   key=lambda k: -TIERS[k])
    return {"kinds": kinds, "referrals": referred.get(d.role, 0) + referred.get(d.unit, 0)}


# ------------------------------------------------------------------ rounds


def round_setting(area: str) -> str:
    """The store setting that holds ``area``'s current round."""
    return f"verify_round:{area}"


def new_round(due: list[Due], today: dt.date, months: int) -> str:
    """The setting text of a round starting ``today`` over ``due``."""
    return json.dumps({"start": today.isoformat(), "months": months,
                       "roles": sorted(d.role for d in due)})


def parse_round(text: str | None) -> dict | None:
    """A round's setting text as ``{"start": date, "months", "roles"}``, or None when
    there is none (or it is unreadable: a new round can always be started)."""
    if not text:
        return None
    try:
        data = json.loads(text)
        return {"start": dt.date.fromisoformat(data["start"]), "months": int(data["months"]),
                "roles": [str(r) for r in data["roles"]]}
    except (ValueError, KeyError, TypeError):
        return None


def progress(round_: dict, net: Network) -> dict:
    """``{"checked", "total", "open"}`` of a round: a contact of the round is checked
    when its ``verified`` date is on or after the round's start; a contact removed
    from the map since no longer counts."""
    roles = [net.roles[r] for r in round_["roles"] if r in net.roles]
    checked = [r.id for r in roles if r.verified is not None and r.verified >= round_["start"]]
    return {"checked": len(checked), "total": len(roles),
            "open": sorted({r.id for r in roles} - set(checked))}
