"""Finding the journey and step a person meant, forgiving case and small typos.

A name matches by key or by title/name, case-insensitively; failing that, by the words
typed being the start of words of one name only ("pay" for "Payment page"); failing
that, the closest name (or word of a name) wins when it is close enough (difflib ratio
>= ``CUTOFF``) and clearly closer than the runner-up. Otherwise there is no single match
and the bot offers a picker instead of guessing.
"""

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

CUTOFF = 0.75  # below this, a name is not "a small typo" of another
MARGIN = 0.1  # the best match must beat the next by this much to be taken


@dataclass(frozen=True)
class Candidate(Generic[T]):
    """Something that can be named: ``names`` are its key and its title or name."""

    value: T
    names: tuple[str, ...]


@dataclass(frozen=True)
class Match(Generic[T]):
    """``found`` when one candidate is meant; else ``choices``, best first, for a picker."""

    found: T | None
    choices: tuple[T, ...] = ()


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


def names_match(typed: str, *names: str) -> bool:
    """``typed`` is one of ``names`` exactly, but for case, dashes and underscores."""
    wanted = _norm(typed)
    return any(_norm(name) == wanted for name in names)


def _contains(wanted: str, name: str) -> bool:
    words = name.split()
    return bool(wanted) and all(
        any(word.startswith(part) for word in words) for part in wanted.split()
    )


def _closeness(wanted: str, names: tuple[str, ...]) -> float:
    """How like ``wanted`` the closest name, or single word of a name, is (0 to 1)."""
    targets = {_norm(n) for n in names}
    if " " not in wanted:
        targets |= {word for t in targets for word in t.split() if len(word) >= 4}
    return max(difflib.SequenceMatcher(None, wanted, t).ratio() for t in targets)


def best_match(typed: str, candidates: Sequence[Candidate[T]], *, limit: int = 10) -> Match[T]:
    """The candidate ``typed`` names, or the closest few to choose from."""
    wanted = _norm(typed)
    exact = [c.value for c in candidates if any(_norm(n) == wanted for n in c.names)]
    if len(exact) == 1:
        return Match(exact[0])
    scored = sorted(
        ((_closeness(wanted, c.names), i) for i, c in enumerate(candidates) if c.names),
        key=lambda pair: (-pair[0], pair[1]),
    )
    if exact:
        return Match(None, tuple(exact[:limit]))
    # Every word typed is (the start of) a word of the name: "checkout" for
    # "ecommerce-checkout", "pay" for "Payment page".
    partial = [c.value for c in candidates if any(_contains(wanted, _norm(n)) for n in c.names)]
    if len(partial) == 1:
        return Match(partial[0])
    if partial:
        return Match(None, tuple(partial[:limit]))
    if scored and scored[0][0] >= CUTOFF:
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if scored[0][0] - runner_up >= MARGIN:
            return Match(candidates[scored[0][1]].value)
    return Match(None, tuple(candidates[i].value for _, i in scored[:limit]))
