"""Word segmentation behind one protocol: pyvi (default), underthesea, or none.

Models load lazily on first use, per process, so the segmenters are safe in worker processes.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol


class Segmenter(Protocol):
    name: str

    def words(self, text: str) -> list[str]:
        """Words of `text`, syllables of one word joined by '_' (pyvi convention)."""


class NoSegmenter:
    name = "none"

    def words(self, text: str) -> list[str]:
        return []


class PyviSegmenter:
    name = "pyvi"

    def words(self, text: str) -> list[str]:
        from pyvi import ViTokenizer  # lazy: loads a CRF model

        return [w for w in ViTokenizer.tokenize(text).split() if "_" in w]


class UndertheseaSegmenter:
    name = "underthesea"

    def words(self, text: str) -> list[str]:
        from underthesea import word_tokenize  # lazy: loads a CRF model

        return [w.replace(" ", "_") for w in word_tokenize(text) if " " in w]


SEGMENTERS = {"none": NoSegmenter, "pyvi": PyviSegmenter, "underthesea": UndertheseaSegmenter}


@cache
def get_segmenter(name: str = "pyvi") -> Segmenter:
    try:
        return SEGMENTERS[name]()
    except KeyError:
        raise ValueError(f"unknown segmenter {name!r}; choose one of {', '.join(SEGMENTERS)}") from None
