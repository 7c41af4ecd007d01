"""Accounts (issue 5, item 1): the User record's rules and password hashing."""
from __future__ import annotations

import pytest

from graphmap.model import User, UserRole, check_password, hash_password


def test_a_password_is_only_ever_held_as_a_salted_hash():
    first, second = hash_password("kahvila-2026"), hash_password("kahvila-2026")
    assert "kahvila-2026" not in first and first != second  # salted
    assert first.startswith(("scrypt:", "pbkdf2:"))
    user = User("anna.virtanen", first, UserRole.EDITOR, ["koivula"])
    assert check_password(user, "kahvila-2026") and not check_password(user, "kahvila-2025")
    assert first not in repr(user) and "kahvila" not in repr(user)


@pytest.mark.parametrize("password", ["", "short", None])
def test_too_short_passwords_are_refused(password):
    with pytest.raises(ValueError, match="at least 8"):
        hash_password(password)


@pytest.mark.parametrize("name", ["ab", "a" * 65, "anna virtanen", "anna/../x", "<b>x</b>", ""])
def test_bad_usernames_are_refused_with_the_rule(name):
    with pytest.raises(ValueError, match="3–64 letters"):
        User(name, "scrypt:x", UserRole.VIEWER)


def test_roles_accept_their_names_and_nothing_else():
    assert User("admin1", "h", "ADMIN").role is UserRole.ADMIN
    with pytest.raises(ValueError, match="viewer, editor, admin"):
        User("someone", "h", "superuser")


def test_areas_must_be_ids_and_a_hash_is_required():
    with pytest.raises(ValueError, match="not valid ids"):
        User("editor1", "h", UserRole.EDITOR, ["koivula", "bad id"])
    with pytest.raises(ValueError, match="no password hash"):
        User("editor1", "", UserRole.EDITOR)
