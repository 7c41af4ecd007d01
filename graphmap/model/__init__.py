"""The graphmap domain model: the one place for enums, field types and domain rules.

A network holds five kinds of record (DOMAIN.md §2, §4):

* ``Area``         – region → county → family-centre area → municipality → district
* ``Organisation`` – who runs a unit, with its sector
* ``Unit``         – a service, team, meeting place, forum or site, at a support level
* ``Role``         – a position in a unit, optionally held by a named professional
* ``Link``         – refers / consults / works_with / … between units or roles

Importers, exporters and stores all describe records through :data:`FIELDS`, so a
column's type, aliases and limits are written down once.  :func:`check_network`
holds every rule that spans records (references, cycles, self-links, …).

Privacy (DOMAIN.md §8): there is deliberately no field for client data.
"""
from __future__ import annotations

# One module per concept; every name is re-exported here, so ``from graphmap.model
# import X`` is the way to use the model (the modules are its layout, not its interface).
from .accounts import User, UserRole, check_password, check_username, hash_password
from .checks import MAX_HINTS, check_network, validate
from .enums import (FREQUENCY_PER_YEAR, LEVEL_ORDER, PUBLIC_SECTORS, REFERRAL_KINDS, SYMMETRIC_KINDS,
                    AreaKind, Channel, Cooperation, DataSource, Frequency, Level, LinkKind, Sector,
                    UnitType)
from .fields import FIELDS, FieldSpec, field_names, record_to_row
from .network import Network
from .problems import Message, Problem, ValidationError, did_you_mean, localised, message_of
from .records import (NODE_SHEETS, RECORD_TYPES, SHEETS, Area, Link, Organisation, Role, Unit,
                      link_key_text, parse_link_key, sheet_of)
from .serialise import coercer, record_from_dict, record_to_dict
from .values import (MAX_NUMBER, MAX_TEXT, check_number, check_text, clean_text, closest,
                     format_value, parse_ages, parse_bool, parse_date, parse_enum, parse_int,
                     parse_list, parse_score)
from .vocabulary import ENUM_ALIASES

__all__ = [
    "Area", "AreaKind", "Channel", "Cooperation", "DataSource", "ENUM_ALIASES", "FIELDS",
    "FREQUENCY_PER_YEAR", "FieldSpec", "Frequency", "LEVEL_ORDER", "Level", "Link", "LinkKind",
    "MAX_HINTS", "MAX_NUMBER", "MAX_TEXT", "Message", "NODE_SHEETS", "Network", "Organisation",
    "PUBLIC_SECTORS", "SHEETS",
    "Problem", "RECORD_TYPES", "REFERRAL_KINDS", "Role", "SYMMETRIC_KINDS", "Sector", "Unit",
    "UnitType", "User", "UserRole", "ValidationError", "check_network", "check_number",
    "check_password", "check_text", "check_username", "clean_text", "closest", "coercer",
    "did_you_mean", "field_names", "format_value", "hash_password", "link_key_text", "localised",
    "message_of", "parse_ages", "parse_bool", "parse_date", "parse_link_key",
    "parse_enum", "parse_int", "parse_list", "parse_score", "record_from_dict", "record_to_dict",
    "record_to_row", "sheet_of", "validate",
]
