"""A :class:`Message`: an error text that can be shown in the reader's language.

Why here: a message is a key of this catalogue and the values to fill in, nothing of
the model; the model's problems and the hours reader (which the model's field parser
uses) both raise one, so it lives below both of them, and neither imports the other
to make one."""
from __future__ import annotations

from graphmap.i18n import translate


class Message(str):
    """A user-facing message that can be shown in Finnish, Swedish or English.

    It *is* its English text (``str()``, logs and older callers see that), and it
    carries the key of its translations in ``graphmap/i18n/{fi,sv,en}.json``
    (``import.<key>``, the one language catalogue) and the values to fill in, so the
    CLI and the pages show the same message in the reader's language."""

    key: str
    values: dict

    def __new__(cls, key: str, **values):
        self = super().__new__(cls, translate("import." + key, "en", **values))
        self.key, self.values = key, values
        return self

    def __reduce__(self):  # copy/deepcopy (dataclasses.asdict) keep the key
        return (_message, (self.key, self.values))

    def text(self, lang: str | None) -> str:
        """This message in ``lang`` (fi, sv, en; ``None``: English)."""
        if not lang or lang == "en":
            return str(self)
        return translate("import." + self.key, lang,
                         **{k: localised(v, lang) for k, v in self.values.items()})


def _message(key, values):
    return Message(key, **values)


def localised(text, lang: str | None) -> str:
    """``text`` in ``lang`` if it is a :class:`Message`, else as it is (English)."""
    return text.text(lang) if isinstance(text, Message) else str(text)
