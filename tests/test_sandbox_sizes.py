"""What a template builds is measured before it becomes text: a list of long texts turned into
one by `|string`, `~`, `|upper` or a dict is refused, not built (it would take gigabytes); and a
run's deliverables share one budget of CPU time, so a slow macro every deliverable uses costs
the run its limit, not deliverables x the limit."""

from __future__ import annotations

import pytest

from generator.limits import Limits
from generator.templating.budget import NotAllowed, RunBudget, budget
from generator.templating.environment import make_environment
from generator.templating.prose import restore
from generator.templating.templates import TemplateSet
from tests.conftest import REPO

LONG = '{% set x = "a" * 1000000 %}'
PAYLOADS = [
    LONG + "{{ ([x] * 10000)|string|length }}",
    LONG + "{{ (([x] * 10000) ~ '')|length }}",
    LONG + "{{ ([x] * 10000)|upper|length }}",
    LONG + "{{ dict.fromkeys(range(10000), x)|string|length }}",
    LONG + "{% set y = [x] * 200 %}{{ (y ~ y)|length }}",
    LONG + "{{ ([x] * 200)|e|length }}",
    LONG + "{{ ([x] * 200)|maiuscola }}",
]


@pytest.fixture(scope="module")
def env():
    return make_environment(TemplateSet(REPO / "templates"))


@pytest.mark.parametrize("source", PAYLOADS)
def test_a_list_of_long_texts_is_refused_before_it_becomes_text(env, source):
    with budget(Limits()), pytest.raises(NotAllowed) as refused:
        env.markdown.from_string(source).render()
    assert "not allowed" in str(refused.value)
    assert any(word in str(refused.value) for word in ("characters", "holding"))


def test_ordinary_lists_still_become_text(env):
    with budget(Limits()):
        printed = env.markdown.from_string("{{ ['a', 'b']|string }} {{ [1, 2]|join(', ') ~ '!' }}").render()
    assert restore(printed) == "['a', 'b'] 1, 2!"


def test_the_deliverables_of_a_run_share_one_budget_of_cpu_time():
    limits = Limits(seconds=60, build=0.3)
    run = RunBudget(limits)
    slow = "{% for i in range(9000) %}{% for j in range(400) %}{% endfor %}{% endfor %}"
    env = make_environment(TemplateSet(REPO / "templates"))
    spent = 0
    with pytest.raises(NotAllowed, match="FSEGEN_LIMIT_BUILD"):
        for _ in range(100):  # each deliverable alone is well within its own 60 s
            with budget(limits, run):
                env.markdown.from_string(slow).render()
            spent += 1
    assert spent < 100 and run.left() <= 0


def test_running_out_of_memory_is_a_finding_not_an_empty_message(small_programme):
    """With the text limit raised past what the machine holds, the expression fails for want of
    memory: the finding says so (it used to read 'in prose: ')."""
    import os
    import resource
    import subprocess
    import sys

    from tests.conftest import edit

    edit(small_programme, "content/documents/allegato.yaml", "Il programma comprende",
         '{{ ("a" * 1500000000)|length }} Il programma comprende')
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check"], cwd=small_programme, capture_output=True, text=True,
        env=dict(os.environ, FSEGEN_LIMIT_TEXT="2000000000"),
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (1_200_000_000, 1_200_000_000)))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "an expression needs more memory than the machine has" in result.stderr
