"""The content model: one pydantic class per concept of an FSE programme.

The schema is the documentation: every field carries a docstring, and the JSON
Schema for editors is exported from these classes (`fsegen schema`). Keys are
English, values Italian. Collections are mappings from an id (lowercase letters,
digits, `-` and `_`) to an item, so other items refer to them by id; a field
that holds such a reference is declared with `ref("collection")`, and both the
reference check and the template views read that declaration.
"""

from generator.model.base import (
                                  Amount,
                                  Count,
                                  Id,
                                  Model,
                                  OrganisationKind,
                                  TemplateName,
                                  Text,
                                  apportion,
                                  ref,
)
from generator.model.bodies import Organisation, Person
from generator.model.content import Content, output_ids
from generator.model.documents import Block, CollectionName, Document, ListBlock, Request, Section, Signatory
from generator.model.lifecycle import STATUSES, Acceptance, Sent, Status, needed
from generator.model.programme import (
                                  Budget,
                                  BudgetLine,
                                  Call,
                                  CallRules,
                                  Component,
                                  District,
                                  Event,
                                  LeadChange,
                                  Measure,
                                  Network,
                                  Partner,
                                  Phase,
                                  Programme,
                                  Project,
                                  Synergy,
)
from generator.model.timeline import Change, FormerName, Role, changes

__all__ = ["Amount", "Block", "Budget", "BudgetLine", "Call", "CallRules", "CollectionName",
           "Component", "Content", "Count", "District", "Document", "Event", "Id", "LeadChange",
           "ListBlock", "Measure", "Model", "Network", "Organisation", "OrganisationKind",
           "Partner", "Person", "Phase", "Programme", "Project", "Request", "Section",
           "Signatory", "Synergy", "TemplateName", "Text", "apportion", "output_ids", "ref",
           # the life of a programme: dated facts, statuses, what was sent, acknowledgements
           "STATUSES", "Acceptance", "Change", "FormerName", "Role", "Sent", "Status", "changes",
           "needed"]
