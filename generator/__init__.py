"""fsegen: FSE programme deliverables built from Git-reviewed YAML content."""

__version__ = "0.1.0"
