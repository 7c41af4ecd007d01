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
    CLI and the pages show the same message in the reader's language.

    Its values may be messages too (a sheet's name), each shown in the same language."""

    #: the catalogue prefix of :attr:`key` (the importers' keys are ``import.``…)
    prefix = "import."
    key: str
    values: dict

    def __new__(cls, key: str, **values):
        english = {k: localised(v, "en") for k, v in values.items()}
        self = super().__new__(cls, translate(cls.prefix + key, "en", **english))
        self.key, self.values = key, values
        return self

    def __reduce__(self):  # copy/deepcopy (dataclasses.asdict) keep the key
        return (_message, (self.key, self.values, type(self)))

    def text(self, lang: str | None) -> str:
        """This message in ``lang`` (fi, sv, en; ``None``: English)."""
        if not lang or lang == "en":
            return str(self)
        return translate(self.prefix + self.key, lang,
                         **{k: localised(v, lang) for k, v in self.values.items()})


class Text(Message):
    """A :class:`Message` whose key is a whole catalogue key, of any part (the web's
    permission refusals are ``permission.refused.``…, a sheet's name ``sheet.``…)."""

    prefix = ""


def _message(key, values, cls=Message):
    return cls(key, **values)


def localised(text, lang: str | None) -> str:
    """``text`` in ``lang`` if it is a :class:`Message`, else as it is (English)."""
    return text.text(lang) if isinstance(text, Message) else str(text)
