"""Compiled templates kept in the user's cache are keyed by what the code depends on."""

from __future__ import annotations

import jinja2
import jinja2.sandbox
import pytest

from generator.templating.sandbox import SandboxedEnvironment


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


def test_a_template_from_the_loader_is_compiled_once_per_machine(tmp_path, monkeypatch):
    """phrases.jinja comes through the loader (get_template): its code is kept like the
    rest, so the next run loads it instead of compiling it again."""
    loader = jinja2.DictLoader({"phrases.jinja": "{% macro ciao(x) %}Ciao {{ x }}{% endmacro %}"})
    env = SandboxedEnvironment(loader=loader)
    env.code_cache = tmp_path
    assert env.get_template("phrases.jinja").module.ciao("Milano") == "Ciao Milano"
    assert len(list(tmp_path.glob("*.code"))) == 1

    def refuse(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(jinja2.sandbox.ImmutableSandboxedEnvironment, "compile", refuse)
    again = SandboxedEnvironment(loader=loader)
    again.code_cache = tmp_path
    assert again.get_template("phrases.jinja").module.ciao("Roma") == "Ciao Roma"
    other = SandboxedEnvironment(loader=jinja2.DictLoader({"phrases.jinja": "{{ 1 }}"}))
    other.code_cache = tmp_path
    with pytest.raises(AssertionError, match="compiled again"):
        other.get_template("phrases.jinja")  # another source is never taken for it
