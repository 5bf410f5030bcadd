"""Answers kept with a model that never changes: the coverage model and the statistics
model are built from the store and replaced, not changed, when the data change (a write
makes a new model), so an answer drawn from one holds for as long as the model does."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, cast


class KeptAnswers:
    """The answers to the last ``size`` questions asked; the one asked longest ago goes
    first. Whoever receives a kept answer must not change it."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()

    def get[T](self, question: Hashable, answer: Callable[[], T]) -> T:
        """The answer to ``question``: ``answer()`` the first time, kept."""
        if question in self._answers:
            self._answers.move_to_end(question)
            return cast("T", self._answers[question])
        value = answer()
        self._answers[question] = value
        if len(self._answers) > self._size:
            self._answers.popitem(last=False)
        return value
