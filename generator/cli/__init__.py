"""The `fsegen` command line: options in, library calls out, results printed."""

from generator.cli import build, lifecycle, review, tools  # noqa: F401 - each module registers its commands
from generator.cli.app import main

__all__ = ["main"]
