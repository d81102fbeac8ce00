"""What rendering may cost: the budget of one deliverable, and of a whole run.

Templates and content are untrusted, so everything a template does is counted against
`Limits` (read from `FSEGEN_LIMIT_*` by the command line, never from the content): the
CPU time one deliverable may take and the time all of a run's deliverables may take
together, the text it prints, the steps its loops run, the size of what one expression
builds. Time is CPU time of the rendering thread, not wall time, so a busy machine never
turns into a finding against the content.

Size is measured before a value becomes text: a list of a thousand long texts passes
every count while it is a list, and `|string`, `~`, `|upper`... would turn it into
gigabytes; each of those conversions first measures what it would build (`text_size`).

Every refusal is a `NotAllowed` (a Jinja `SecurityError`) whose message says "not
allowed", so reports name it the same way whatever the trick.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from types import FrameType
from typing import Any, TypeVar

from jinja2.exceptions import SecurityError

from generator.limits import Limits
from generator.messages import _

T = TypeVar("T")


class NotAllowed(SecurityError):
    """A template tried something the sandbox refuses; the message says "not allowed"."""

    def __init__(self, message: str):
        super().__init__(message if "not allowed" in message else f"not allowed: {message}")


class RunBudget:
    """The CPU seconds a run's deliverables have spent together, shared by the worker
    processes that render them (a counter in shared memory, inherited when they fork)."""

    def __init__(self, limits: Limits):
        import multiprocessing

        self.limits = limits
        try:
            self._spent: Any = multiprocessing.Value("d", 0.0, lock=True)
        except OSError:  # no shared memory (/dev/shm read-only): the run renders in this process
            self._spent = _Counter()

    def left(self) -> float:
        return self.limits.build - self._spent.value

    def spend(self, seconds: float) -> None:
        with self._spent.get_lock():
            self._spent.value += seconds


class _Counter:
    """A counter of this process, with the interface of a shared one."""

    value = 0.0

    def get_lock(self) -> contextlib.nullcontext:
        return contextlib.nullcontext()


@dataclass
class _Budget:
    limits: Limits
    deadline: float
    """The rendering thread's CPU time at which it must stop."""
    why: str
    output: int = 0
    steps: int = 0

    def tick(self) -> None:
        if time.thread_time() > self.deadline:
            raise NotAllowed(self.why)


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("fsegen_budget", default=None)


@contextlib.contextmanager
def budget(limits: Limits, run: RunBudget | None = None) -> Iterator[None]:
    """Count CPU time, output and loop steps of one deliverable against `limits`, and its time
    against what is left of the `run`'s budget.

    In the main thread a CPU-time interval timer also interrupts loops that call nothing
    we can count (a loop over a string); elsewhere the counted hooks bound them.
    """
    if _BUDGET.get() is not None:  # already counting: the outer budget holds
        yield
        return
    seconds, why = limits.seconds, (f"rendering took more than {limits.seconds:g} s of CPU time "
                                    "(the limit of one deliverable, FSEGEN_LIMIT_SECONDS)")
    if run is not None and run.left() < seconds:
        seconds, why = max(run.left(), 0.0), (f"the deliverables of this run took more than "
                                              f"{limits.build:g} s of CPU time together (the limit "
                                              "of a run, FSEGEN_LIMIT_BUILD)")
    started = time.thread_time()
    token = _BUDGET.set(_Budget(limits, started + seconds, why))
    alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if alarm:
        previous = signal.signal(signal.SIGVTALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_VIRTUAL, seconds + 0.5)
    try:
        yield
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            signal.signal(signal.SIGVTALRM, previous)
        _BUDGET.reset(token)
        if run is not None:
            run.spend(time.thread_time() - started)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    """The process's CPU timer: other threads count in it, so the thread's own time decides."""
    current = _BUDGET.get()
    if current is None:
        return
    left = current.deadline - time.thread_time()
    if left > 0:
        signal.setitimer(signal.ITIMER_VIRTUAL, left + 0.05)
        return
    raise NotAllowed(current.why)


def tick() -> _Budget | None:
    """Count a step of work against the open budget (its time), and return it."""
    current = _BUDGET.get()
    if current is not None:
        current.tick()
    return current


def limits_in_force() -> Limits:
    """The limits of the budget open now (the defaults outside one)."""
    current = _BUDGET.get()
    return current.limits if current is not None else _DEFAULT_LIMITS


_DEFAULT_LIMITS = Limits()
CONTAINERS = (list, tuple, set, frozenset, dict)


def account_output(size: int) -> None:
    """Count `size` printed characters against the deliverable's output limit."""
    current = tick()
    if current is None:
        return
    current.output += size
    if current.output > current.limits.output:
        limit = f"{current.limits.output:,}"
        raise NotAllowed(_("the deliverable prints more than {limit} characters (the output limit of one "
                           "deliverable)", limit=limit))


def text_size(value: object, cap: int, depth: int = 0) -> int:
    """How many characters `value` would make as text, counted only up to past `cap` (a list of
    long texts is measured, not built); objects that are not text or containers count little."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, CONTAINERS) and depth < 20:
        items = value.items() if isinstance(value, dict) else value
        total = 2
        for item in items:
            total += 2 + text_size(item, cap - total, depth + 1)
            if total > cap:
                break
        return total
    return 32


def checked_text(value: T) -> T:
    """A built value, refused when longer than the expression limit (a text), when it has more
    items than the items limit (a list), or when it would make more text than a deliverable may
    print (a container of long texts)."""
    limits = limits_in_force()
    if isinstance(value, str) and len(value) > limits.text:
        size, limit = f"{len(value):,}", f"{limits.text:,}"
        raise NotAllowed(_("an expression builds a text of {size} characters (the limit is {limit})",
                           size=size, limit=limit))
    if isinstance(value, (list, tuple)) and len(value) > limits.items:
        size, limit = f"{len(value):,}", f"{limits.items:,}"
        raise NotAllowed(_("an expression builds a list of {size} items (the limit is {limit})",
                           size=size, limit=limit))
    if isinstance(value, CONTAINERS) and text_size(value, limits.output) > limits.output:
        limit = f"{limits.output:,}"
        raise NotAllowed(_("an expression builds a value holding more than {limit} characters", limit=limit))
    return value


def measured(values: tuple) -> tuple:
    """The operands of a `~`, refused before they are joined when the text would pass the
    expression limit."""
    limit = limits_in_force().text
    total = 0
    for value in values:
        total += text_size(value, limit - total)
        if total > limit:
            shown = f"{limit:,}"
            raise NotAllowed(_("`~` builds a text of more than {limit} characters", limit=shown))
    return values


def measured_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function` (a filter) refusing a container whose text would pass the expression limit:
    `([long] * 1000) | string` or `| upper` would build it."""
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(function)
    def filtered(*args: Any, **kwargs: Any) -> Any:
        if len(args) > skip and isinstance(args[skip], CONTAINERS):
            limit = limits_in_force().text
            if text_size(args[skip], limit) > limit:
                shown = f"{limit:,}"
                raise NotAllowed(_("the filter {name} would turn into text a value of more than {limit} "
                                   "characters", name=function.__name__, limit=shown))
        return function(*args, **kwargs)

    return filtered


def bounded_range(*args: int) -> CountedRange:
    """`range()` with at most `Limits.items` items, each step counted and timed."""
    items = range(*args)
    limits = limits_in_force()
    if len(items) > limits.items:
        size, limit = f"{len(items):,}", f"{limits.items:,}"
        raise NotAllowed(_("range() of {size} items (the limit is {limit})", size=size, limit=limit))
    return CountedRange(items)


class CountedRange:
    """A range whose iteration counts each step against the deliverable's budget."""

    def __init__(self, items: range):
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, value: object) -> bool:
        return value in self._items

    def __iter__(self) -> Iterator[int]:
        for value in self._items:
            current = tick()
            if current is not None:
                current.steps += 1
                if current.steps > current.limits.steps:
                    limit = f"{current.limits.steps:,}"
                    raise NotAllowed(_("loops run more than {limit} steps (the limit of one deliverable)",
                                       limit=limit))
            yield value


def _size(value: object) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be too big, before computing it."""
    limits = limits_in_force()
    if operator == "%" and isinstance(left, str):
        raise NotAllowed(_("'%' formatting of text (write the parts with ~)"))
    if operator == "+" and _size(left) is not None and _size(right) is not None:
        checked_text(left[:0] if len(left) + len(right) <= limits.text else "x" * (limits.text + 1))
    if operator == "*":
        sized, count = (left, right) if _size(left) is not None else (right, left)
        size = _size(sized)
        if size is not None and isinstance(count, int):
            cap = limits.text if isinstance(sized, str) else limits.items
            if count > 0 and size * count > cap:
                shown = {"size": f"{size:,}", "count": f"{count:,}", "limit": f"{cap:,}"}
                raise NotAllowed(_("repeating {size} items {count} times (the limit is {limit})", **shown))
    if operator == "**" and isinstance(right, (int, Decimal)) and not -1000 <= right <= 1000:
        raise NotAllowed(_("a power with exponent {exponent} (the limit is 1000)", exponent=right))


def check_number(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4096:
        raise NotAllowed(_("a number with more than 1,200 digits"))
    return checked_text(value)
