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

import dataclasses
import functools
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, nodes, pass_environment, pass_eval_context
from jinja2.compiler import CodeGenerator, Frame, MacroRef, optimizeconst
from jinja2.filters import do_join, make_attrgetter
from jinja2.nodes import EvalContext
from jinja2.runtime import Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing

from generator.messages import _
from generator.templating.budget import (
    NotAllowed,
    account_output,
    bounded_range,
    check_binop,
    check_number,
    checked_text,
    limits_in_force,
    measured,
    measured_filter,
    tick,
)
from generator.templating.compiled import CompiledCode

T = TypeVar("T")


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
        raise NotAllowed(_("{name} is not available to fsegen templates (they see the documented "
                           "context only)",
                           name=self._name))

    __call__ = __getattr__ = __getitem__ = __str__ = __iter__ = __html__ = _refuse


class _AccountingCodeGenerator(CodeGenerator):
    """Jinja's compiler, plus: every output counts its literal text, every `~` is checked."""

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        literal = sum(len(child.data) for child in node.nodes if isinstance(child, nodes.TemplateData))
        self.writeline(f"environment.account_output({literal})")
        super().visit_Output(node, frame)

    def macro_def(self, macro_ref: MacroRef, frame: Frame) -> None:
        """Jinja's own, but the environment's `macro_class` makes the macro (Markdown macros
        mark their result as Markdown, so that it is not protected like a fact)."""
        arg_tuple = ", ".join(repr(x.name) for x in macro_ref.node.args)
        name = getattr(macro_ref.node, "name", None)
        if len(macro_ref.node.args) == 1:
            arg_tuple += ","
        self.write(f"environment.macro_class(environment, macro, {name!r}, ({arg_tuple}),"
                   f" {macro_ref.accesses_kwargs!r}, {macro_ref.accesses_varargs!r},"
                   f" {macro_ref.accesses_caller!r}, context.eval_ctx.autoescape)")

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        """Jinja's own, its operands measured before they are joined (a list would become its
        text) and the result checked."""
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.checked_text({join}(environment.measured((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))))")


class SandboxedEnvironment(CompiledCode, ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with fsegen's allow-lists and limits; what it compiles is
    remembered (generator/templating/compiled.py)."""

    code_generator_class = _AccountingCodeGenerator
    intercepted_binops = frozenset({"+", "*", "**", "%"})

    macro_class = Macro
    account_output = staticmethod(account_output)
    checked_text = staticmethod(checked_text)
    measured = staticmethod(measured)

    def __init__(self, *args: Any, code_cache: Path | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.code_cache = code_cache
        self.filters = {name: f if name in ALLOWED_JINJA_FILTERS else Blocked(f"the filter {name}")
                        for name, f in self.filters.items()}
        self.filters.update(join=_join, replace=_replace, sum=_sum)
        self.measure_filters()
        self.globals.clear()
        self.globals.update({name: Blocked(repr(name)) for name in BLOCKED_GLOBALS})
        self.globals.update(range=bounded_range, dict=dict)

    def measure_filters(self) -> None:
        """Every filter (ours too, once added) measures a container before it may make it text."""
        self.filters = {name: f if isinstance(f, Blocked) or getattr(f, "__wrapped__", None)
                        else measured_filter(f) for name, f in self.filters.items()}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        refused = isinstance(obj, str) and callable(value) and attr not in SAFE_STR_METHODS
        return not refused and super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        """Refused at once (Jinja would return an undefined that fails later, or never)."""
        raise NotAllowed(_("access to {attribute!r} of a {kind}",
                           attribute=attribute, kind=type(obj).__name__))

    def getattr(self, obj: Any, attribute: str) -> Any:
        """A content view (generator/context/views.py) answers only its model's public fields, as
        data (no method, nothing mutable): read without the generic checks, half a render."""
        if isinstance(attribute, str) and attribute.startswith("_"):
            self.unsafe_undefined(obj, attribute)
        kind: Any = type(obj)  # (a class is hashable; mypy's Hashable does not see it)
        if attribute in _data_fields(kind):  # a field of one of our own rows or reports
            return getattr(obj, attribute)
        if not getattr(kind, "_is_content_view", False):
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
        tick()
        if isinstance(__obj, Blocked):
            __obj()
        owner = getattr(__obj, "__self__", None)
        if getattr(__obj, "__name__", None) == "replace" and isinstance(owner, str):
            return _replace(owner, *args, **kwargs)
        return checked_text(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        tick()
        check_binop(operator, left, right)
        return check_number(super().call_binop(context, operator, left, right))


@functools.cache
def _data_fields(kind: type) -> frozenset[str]:
    """The public fields of one of fsegen's own dataclasses (the rows, reports and paragraphs a
    context holds: data, set when made): read like a view's, without the generic checks (a
    third of evaluating a progress report). Anything else, methods and properties included,
    goes through them."""
    if not dataclasses.is_dataclass(kind) or not kind.__module__.startswith("generator."):
        return frozenset()
    return frozenset(f.name for f in dataclasses.fields(kind) if not f.name.startswith("_"))


@pass_eval_context
def _join(eval_ctx: EvalContext, value: Iterable[object], separator: str = "",
          attribute: str | int | None = None) -> str:
    """Jinja's `join`, refused before it builds more than the expression limit."""
    items = list(value)
    if attribute is not None:
        items = list(map(make_attrgetter(eval_ctx.environment, attribute), items))
    limit = limits_in_force().text
    total = sum(len(str(item)) for item in items[: limit + 1]) + len(str(separator)) * len(items)
    if total > limit:
        shown = f"{limit:,}"
        raise NotAllowed(_("join builds a text of more than {limit} characters", limit=shown))
    return do_join(eval_ctx, items, separator)


def _replace(text: object, old: str, new: str, count: int | None = None) -> str:
    """`replace` (filter and method), refused before it builds more than the expression limit."""
    text, old, new = str(text), str(old), str(new)
    occurrences = text.count(old) if count is None or count < 0 else min(text.count(old), count)
    if len(text) + occurrences * (len(new) - len(old)) > limits_in_force().text:
        shown = f"{limits_in_force().text:,}"
        raise NotAllowed(_("replace builds a text of more than {limit} characters", limit=shown))
    return text.replace(old, new) if count is None or count < 0 else text.replace(old, new, count)


@pass_environment
def _sum(environment: Environment, iterable: Iterable[Any], attribute: str | int | None = None,
         start: Any = 0) -> Any:
    """Jinja's `sum`, for numbers only (a sum of lists or texts could grow without bound)."""
    values = list(iterable)
    if attribute is not None:
        values = list(map(make_attrgetter(environment, attribute), values))
    if not all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in values):
        raise NotAllowed(_("sum of values that are not numbers"))
    return sum(values, start)
