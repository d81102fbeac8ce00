"""The `fsegen` command line: options in, library calls out, results printed."""

from generator.cli import (  # noqa: F401 - each module registers its commands
    build,
    kit,
    lifecycle,
    monitoring,
    review,
    serve,
    tools,
)
from generator.cli.app import main

__all__ = ["main"]
