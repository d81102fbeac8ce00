"""The sandbox every template, prose string and phrase renders in.

Content and templates arrive by pull request, so they are untrusted: a line of
prose must not reach Python's internals (`cycler.__init__.__globals__.os`), and
a loop must not exhaust the machine. Jinja's `ImmutableSandboxedEnvironment`
closes the attribute paths; on top of it this module

- lets templates reach only the documented context, the filters listed in
  `ALLOWED_JINJA_FILTERS` plus ours, and the globals `range`, `dict` and `select`
  (Jinja's other globals, and the names of SSTI payload lists, are stubs that
  refuse any use);
- caps what one expression may build (`*`, `**`, `+`, `%`, `~`, `join`,
  `replace`), how many items `range` yields, how much text a deliverable prints
  and how long it may take (`Limits`, read from `FSEGEN_LIMIT_*` variables, never
  from the content, which is the untrusted side);
- allows on strings only methods that cannot grow them (no `format`, `center`).

Every refusal is a `NotAllowed` (a Jinja `SecurityError`) whose message says
"not allowed", so reports name it the same way whatever the trick.
"""

from __future__ import annotations

import contextlib
import contextvars
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jinja2 import nodes, pass_environment, pass_eval_context
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.filters import do_join, make_attrgetter
from jinja2.runtime import Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing

from generator.limits import Limits
from generator.templating.compiled import CompiledCode


class NotAllowed(SecurityError):
    """A template tried something the sandbox refuses; the message says "not allowed"."""

    def __init__(self, message: str):
        super().__init__(message if "not allowed" in message else f"not allowed: {message}")


@dataclass
class _Budget:
    limits: Limits
    deadline: float
    output: int = 0
    steps: int = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise NotAllowed(f"rendering took longer than {self.limits.seconds:g} s "
                             "(the time limit of one deliverable)")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("fsegen_budget", default=None)


@contextlib.contextmanager
def budget(limits: Limits) -> Iterator[None]:
    """Count time, output and loop steps of one deliverable against `limits`.

    In the main thread an interval timer also interrupts loops that call nothing
    we can count (a loop over a string); elsewhere the counted hooks bound them.
    """
    if _BUDGET.get() is not None:  # already counting: the outer budget holds
        yield
        return
    token = _BUDGET.set(_Budget(limits, time.monotonic() + limits.seconds))
    alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, limits.seconds + 0.5)
    try:
        yield
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _BUDGET.reset(token)


def _on_alarm(signum: int, frame: Any) -> None:
    seconds = current.limits.seconds if (current := _BUDGET.get()) else 0
    raise NotAllowed(f"rendering took longer than {seconds:g} s (the time limit of one deliverable)")


def _tick() -> _Budget | None:
    current = _BUDGET.get()
    if current is not None:
        current.tick()
    return current


def limits_in_force() -> Limits:
    """The limits of the budget open now (the defaults outside one)."""
    current = _BUDGET.get()
    return current.limits if current is not None else _DEFAULT_LIMITS


_limits = limits_in_force


_DEFAULT_LIMITS = Limits()


def account_output(size: int) -> None:
    """Count `size` printed characters against the deliverable's output limit."""
    current = _tick()
    if current is None:
        return
    current.output += size
    if current.output > current.limits.output:
        raise NotAllowed(f"the deliverable prints more than {current.limits.output:,} characters "
                         "(the output limit of one deliverable)")


def checked_text(value: Any) -> Any:
    """A built string or list, refused when longer than the expression limit."""
    limits = _limits()
    if isinstance(value, str) and len(value) > limits.text:
        raise NotAllowed(f"an expression builds a text of {len(value):,} characters "
                         f"(the limit is {limits.text:,})")
    if isinstance(value, (list, tuple)) and len(value) > limits.items:
        raise NotAllowed(f"an expression builds a list of {len(value):,} items "
                         f"(the limit is {limits.items:,})")
    return value


def bounded_range(*args: int) -> CountedRange:
    """`range()` with at most `Limits.items` items, each step counted and timed."""
    items = range(*args)
    limits = _limits()
    if len(items) > limits.items:
        raise NotAllowed(f"range() of {len(items):,} items (the limit is {limits.items:,})")
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
            current = _tick()
            if current is not None:
                current.steps += 1
                if current.steps > current.limits.steps:
                    raise NotAllowed(f"loops run more than {current.limits.steps:,} steps "
                                     "(the limit of one deliverable)")
            yield value


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be too big, before computing it."""
    limits = _limits()
    if operator == "%" and isinstance(left, str):
        raise NotAllowed("'%' formatting of text (write the parts with ~)")
    if operator == "+" and _size(left) is not None and _size(right) is not None:
        checked_text(left[:0] if len(left) + len(right) <= limits.text else "x" * (limits.text + 1))
    if operator == "*":
        sized, count = (left, right) if _size(left) is not None else (right, left)
        if _size(sized) is not None and isinstance(count, int):
            cap = limits.text if isinstance(sized, str) else limits.items
            if count > 0 and _size(sized) * count > cap:
                raise NotAllowed(f"repeating {_size(sized):,} items {count:,} times "
                                 f"(the limit is {cap:,})")
    if operator == "**" and isinstance(right, (int, Decimal)) and abs(right) > 1000:
        raise NotAllowed(f"a power with exponent {right} (the limit is 1000)")


def _check_number(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4096:
        raise NotAllowed("a number with more than 1,200 digits")
    return checked_text(value)


SAFE_STR_METHODS = frozenset({
    "capitalize", "casefold", "count", "endswith", "find", "index", "isalnum", "isalpha",
    "isdigit", "islower", "isspace", "istitle", "isupper", "lower", "lstrip", "partition",
    "replace", "rfind", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith",
    "strip", "title", "upper",
})
"""Methods a template may call on text: none can make it longer than `replace` allows."""

ALLOWED_JINJA_FILTERS = frozenset({
    "abs", "attr", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first",
    "float", "groupby", "int", "items", "join", "last", "length", "list", "lower", "map", "max",
    "min", "reject", "rejectattr", "replace", "reverse", "round", "select", "selectattr", "sort",
    "string", "striptags", "sum", "title", "trim", "truncate", "unique", "upper", "wordcount",
})
"""Jinja's built-in filters kept: none runs code, reads files or grows text unboundedly."""

BLOCKED_GLOBALS = ("lipsum", "cycler", "joiner", "namespace", "config", "request", "session",
                   "url_for", "get_flashed_messages", "g", "os", "sys", "builtins",
                   "__builtins__", "importlib", "subprocess", "open", "eval", "exec")
"""Jinja's own globals we drop, and names SSTI payloads reach for: any use is refused."""


class Blocked:
    """A global or filter that refuses every use, so the payload's message says "not allowed"
    (at run time, where Jinja knows the line)."""

    jinja_pass_arg = None

    def __init__(self, name: str):
        self._name = name

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise NotAllowed(f"{self._name} is not available to fsegen templates "
                         "(they see the documented context only)")

    __call__ = __getattr__ = __getitem__ = __str__ = __iter__ = __html__ = _refuse


class _AccountingCodeGenerator(CodeGenerator):
    """Jinja's compiler, plus: every output counts its literal text, every `~` is checked."""

    def visit_Output(self, node: nodes.Output, frame: Any) -> None:
        literal = sum(len(child.data) for child in node.nodes if isinstance(child, nodes.TemplateData))
        self.writeline(f"environment.account_output({literal})")
        super().visit_Output(node, frame)

    def macro_def(self, macro_ref: Any, frame: Any) -> None:
        """Jinja's own, but the environment's `macro_class` makes the macro (Markdown macros
        mark their result as Markdown, so that it is not protected like a fact)."""
        arg_tuple = ", ".join(repr(x.name) for x in macro_ref.node.args)
        name = getattr(macro_ref.node, "name", None)
        if len(macro_ref.node.args) == 1:
            arg_tuple += ","
        self.write(f"environment.macro_class(environment, macro, {name!r}, ({arg_tuple}),"
                   f" {macro_ref.accesses_kwargs!r}, {macro_ref.accesses_varargs!r},"
                   f" {macro_ref.accesses_caller!r}, context.eval_ctx.autoescape)")

    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:
        self.write("environment.checked_text(")
        super().visit_Concat(node, frame)
        self.write(")")


class SandboxedEnvironment(CompiledCode, ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with fsegen's allow-lists and limits; what it compiles is
    remembered (generator/templating/compiled.py)."""

    code_generator_class = _AccountingCodeGenerator
    intercepted_binops = frozenset({"+", "*", "**", "%"})

    macro_class = Macro
    account_output = staticmethod(account_output)
    checked_text = staticmethod(checked_text)

    def __init__(self, *args: Any, code_cache: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.code_cache = code_cache
        self.filters = {name: f if name in ALLOWED_JINJA_FILTERS else Blocked(f"the filter {name}")
                        for name, f in self.filters.items()}
        self.filters.update(join=_join, replace=_replace, sum=_sum)
        self.globals.clear()
        self.globals.update({name: Blocked(repr(name)) for name in BLOCKED_GLOBALS})
        self.globals.update(range=bounded_range, dict=dict)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        refused = isinstance(obj, str) and callable(value) and attr not in SAFE_STR_METHODS
        return not refused and super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        """Refused at once (Jinja would return an undefined that fails later, or never)."""
        raise NotAllowed(f"access to {attribute!r} of a {type(obj).__name__}")

    def getattr(self, obj: Any, attribute: str) -> Any:
        """A content view (generator/context/views.py) answers only its model's public fields, as
        data (no method, nothing mutable): read without the generic checks, half a render."""
        if isinstance(attribute, str) and attribute.startswith("_"):
            self.unsafe_undefined(obj, attribute)
        if not getattr(type(obj), "_is_content_view", False):
            return super().getattr(obj, attribute)
        value = getattr(obj, attribute, missing)
        return self.undefined(obj=obj, name=attribute) if value is missing else value

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(argument, str) and argument.startswith("_") and not isinstance(obj, dict):
            self.unsafe_undefined(obj, argument)
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> None:
        """`str.format` is refused like any method that can grow text (see is_safe_attribute)."""

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _tick()
        if isinstance(__obj, Blocked):
            __obj()
        owner = getattr(__obj, "__self__", None)
        if getattr(__obj, "__name__", None) == "replace" and isinstance(owner, str):
            return _replace(owner, *args, **kwargs)
        return checked_text(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        _check_binop(operator, left, right)
        return _check_number(super().call_binop(context, operator, left, right))


@pass_eval_context
def _join(eval_ctx: Any, value: Any, separator: str = "", attribute: Any = None) -> str:
    """Jinja's `join`, refused before it builds more than the expression limit."""
    items = list(value)
    if attribute is not None:
        items = list(map(make_attrgetter(eval_ctx.environment, attribute), items))
    limit = _limits().text
    total = sum(len(str(item)) for item in items[: limit + 1]) + len(str(separator)) * len(items)
    if total > limit:
        raise NotAllowed(f"join builds a text of more than {limit:,} characters")
    return do_join(eval_ctx, items, separator)


def _replace(text: Any, old: str, new: str, count: int | None = None) -> str:
    """`replace` (filter and method), refused before it builds more than the expression limit."""
    text, old, new = str(text), str(old), str(new)
    occurrences = text.count(old) if count is None or count < 0 else min(text.count(old), count)
    if len(text) + occurrences * (len(new) - len(old)) > _limits().text:
        raise NotAllowed(f"replace builds a text of more than {_limits().text:,} characters")
    return text.replace(old, new) if count is None or count < 0 else text.replace(old, new, count)


@pass_environment
def _sum(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
    """Jinja's `sum`, for numbers only (a sum of lists or texts could grow without bound)."""
    values = list(iterable)
    if attribute is not None:
        values = list(map(make_attrgetter(environment, attribute), values))
    if not all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in values):
        raise NotAllowed("sum of values that are not numbers")
    return sum(values, start)
