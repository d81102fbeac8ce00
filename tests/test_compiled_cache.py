"""Compiled templates kept in the user's cache are keyed by what the code depends on."""

from __future__ import annotations

import jinja2

from generator.sandbox import SandboxedEnvironment


def plain(value):
    return value


@jinja2.pass_environment
def with_environment(env, value):
    return f"[{value}]"


def test_a_finalize_that_takes_the_environment_gets_its_own_compiled_code(tmp_path):
    """Jinja compiles a call to `finalize` differently when it takes the environment: code
    compiled for one kind must never be loaded for the other."""
    outputs = []
    for finalize in (plain, with_environment, plain):
        env = SandboxedEnvironment(finalize=finalize)
        env.code_cache = tmp_path
        outputs.append(env.from_string("{{ x }}").render(x="a"))
    assert outputs == ["a", "[a]", "a"]
    assert len(list(tmp_path.glob("*.code"))) == 2
