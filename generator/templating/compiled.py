"""Compiled templates, kept in memory per environment and between runs in the user's cache.

Jinja compiles a source to Python each time it is given one: docxtpl gives the same Word
template once per file, prose blocks repeat, and phrases.jinja is compiled by every run.
Every compilation of our environments goes through `CompiledCode.compile`: once per
environment (and its overlays), and, through `code_cache` (the user's cache folder, like
__pycache__, never the programme's), once per machine until the source, the code generator,
Jinja or Python change.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any

import jinja2

_HERE = Path(__file__).parent
COMPILER = hashlib.sha256((_HERE / "sandbox.py").read_bytes() + Path(__file__).read_bytes()
                          + jinja2.__version__.encode() + sys.version.encode()).hexdigest()
"""What compiled code depends on besides its source: our code generator, Jinja, Python."""


if TYPE_CHECKING:  # what the mixin's `super()` is, for the types; at run time it adds no base
    _Environment = jinja2.Environment
else:
    _Environment = object


class CompiledCode(_Environment):
    """A Jinja environment's `compile`, remembered (a mixin before the environment class)."""

    code_cache: Path | None = None
    """A folder of compiled templates kept between runs (None: only in memory)."""

    def compile(self, source: Any, name: str | None = None, filename: str | None = None,
                raw: bool = False, defer_init: bool = False) -> Any:
        if raw or defer_init or not isinstance(source, str):
            if raw:  # (Jinja's overloads: raw source text, or code)
                return super().compile(source, name, filename, True, defer_init)
            return super().compile(source, name, filename, False, defer_init)
        key = f"{COMPILER}\0{self._code_options()}\0{name}\0{filename}\0{source}"
        memory = self.__dict__.setdefault("_compiled", {})  # shared with overlays, hence the options
        code = memory.get(key)
        if code is None:
            code = memory[key] = self._stored(key, source, name, filename)
        return code

    def _stored(self, key: str, source: str, name: str | None, filename: str | None) -> CodeType:
        if self.code_cache is None:
            return super().compile(source, name, filename)
        path = self.code_cache / f"{hashlib.sha256(key.encode()).hexdigest()}.code"
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
            return marshal.loads(path.read_bytes())
        code = super().compile(source, name, filename)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(marshal.dumps(code))
            temporary.replace(path)
        return code

    def _code_options(self) -> str:
        """The options compiled code depends on: how the output is finalized (a finalize that
        takes the environment compiles to another call), escaping, whitespace, the class, the
        extensions that rewrite the source (generator/templating/environment.py's printed expressions)."""
        finalize = getattr(self, "finalize", None)
        return repr((type(self).__qualname__, sorted(getattr(self, "extensions", {})),
                     getattr(self, "autoescape", None),
                     getattr(finalize, "__module__", None), getattr(finalize, "__qualname__", None),
                     getattr(finalize, "jinja_pass_arg", None), getattr(self, "trim_blocks", None),
                     getattr(self, "lstrip_blocks", None), getattr(self, "keep_trailing_newline", None)))
