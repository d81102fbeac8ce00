"""The schema is the documentation: every field says what it holds."""

from __future__ import annotations

import json

from pydantic import BaseModel

import generator.model as model


def models() -> list[type[BaseModel]]:
    return [value for value in vars(model).values()
            if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel
            and value is not model.Model]


def test_every_field_has_a_docstring():
    missing = [f"{m.__name__}.{name}" for m in models()
               for name, info in m.model_fields.items() if not (info.description or model.field_docs(m).get(name))]
    assert missing == []


def test_every_model_forbids_unknown_keys():
    assert all(m.model_config.get("extra") == "forbid" for m in models())


def test_schema_command_exports_descriptions(example, fsegen):
    result = fsegen(example, "schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    project = schema["$defs"]["Project"]["properties"]
    assert project["lead"]["description"] == "The current lead body (ente capofila)."
    assert project["lead"]["ref"] == "organisations"
