"""A list and a mapping a template may read, whose every read is recorded (the synergies, the
network rows, the glossary): each read is told to the deliverable's Recorder
(generator/templating/recording.py), as a read of the content they were made from."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Generic, SupportsIndex, TypeVar, overload

from generator.templating.recording import Read, record

if TYPE_CHECKING:
    from _collections_abc import dict_items

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


class TrackedList(list[T], Generic[T]):
    """A list a template may read (synergies, network rows), whose reading is recorded."""

    def __init__(self, items: Iterable[T], reads: set[Read]):
        super().__init__(items)
        self._reads = frozenset(reads)

    def __iter__(self) -> Iterator[T]:
        record(*self._reads)
        return super().__iter__()

    def __len__(self) -> int:
        record(*self._reads)
        return super().__len__()

    @overload
    def __getitem__(self, index: SupportsIndex) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: SupportsIndex | slice) -> T | list[T]:
        record(*self._reads)
        return super().__getitem__(index)


class TrackedDict(dict[K, V], Generic[K, V]):
    """A mapping a template may read (the glossary), whose reading is recorded."""

    def __init__(self, items: Mapping[K, V], read: Read):
        super().__init__(items)
        self._read = read

    def __getitem__(self, key: K) -> V:
        record(self._read)
        return super().__getitem__(key)

    @overload
    def get(self, key: K, default: None = None) -> V | None: ...

    @overload
    def get(self, key: K, default: V) -> V: ...

    @overload
    def get(self, key: K, default: T) -> V | T: ...

    def get(self, key: K, default: object = None) -> object:
        record(self._read)
        return super().get(key, default)

    def __iter__(self) -> Iterator[K]:
        record(self._read)
        return super().__iter__()

    def items(self) -> dict_items[K, V]:
        record(self._read)
        return super().items()
