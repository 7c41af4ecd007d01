"""The store interface every backend implements, and nothing else reaches data."""
from __future__ import annotations

from abc import ABC, abstractmethod

from ..model import Network, validate


class StoreError(RuntimeError):
    """The store could not be opened or written (connection, permissions, …)."""


class Store(ABC):
    """A graph store holding one service network.

    Writes are atomic: :meth:`write` either applies every record or none, and it
    validates the network as it would be afterwards before touching anything.
    """

    url: str

    # -- reads ---------------------------------------------------------------
    @abstractmethod
    def read(self, area: str | None = None) -> Network:
        """The whole network, or the slice for ``area``: that area and the areas below
        it, their units, those units' roles and organisations, and every link with
        at least one end there (plus the far ends of links that leave the area, so a
        caller can draw stubs to neighbouring areas)."""

    @abstractmethod
    def counts(self) -> dict[str, dict[str, int]]:
        """Exact node counts by kind and link counts by kind (see Network.counts)."""

    @abstractmethod
    def revision(self) -> int:
        """A number that grows with every committed write (for caches)."""

    # -- writes --------------------------------------------------------------
    def write(self, incoming: Network, *, replace: bool = False) -> None:
        """Upsert ``incoming`` (or, with ``replace``, make it the whole network).

        Raises :class:`graphmap.model.ValidationError` and changes nothing if the
        result would break a rule of the model."""
        result = incoming if replace else self.read().merged(incoming)
        validate(result)
        self._write(incoming, replace=replace)

    @abstractmethod
    def _write(self, incoming: Network, *, replace: bool) -> None:
        """Apply an already-validated change in one transaction."""

    @abstractmethod
    def clear(self) -> None:
        """Remove everything (one transaction)."""

    def close(self) -> None:  # pragma: no cover - trivial default
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
