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
from generator.model.documents import (
    Addressee,
    Attachment,
    Block,
    CollectionName,
    Document,
    DocumentAttachment,
    ListBlock,
    Protocol,
    Request,
    Section,
    Signatory,
)
from generator.model.monitoring import (
                                  COMMON_INDICATORS,
                                  Deviation,
                                  Indicator,
                                  Period,
                                  Quantity,
                                  Record,
                                  ReportScope,
                                  Source,
                                  percentage,
)
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

__all__ = ["Addressee", "Attachment", "DocumentAttachment", "Protocol",
           "Amount", "Block", "Budget", "BudgetLine", "Call", "CallRules", "CollectionName",
           "Component", "Content", "Count", "District", "Document", "Event", "Id", "LeadChange",
           "ListBlock", "Measure", "Model", "Network", "Organisation", "OrganisationKind",
           "Partner", "Person", "Phase", "Programme", "Project", "Request", "Section",
           "Signatory", "Synergy", "TemplateName", "Text", "apportion", "output_ids", "ref"]
__all__ += ["COMMON_INDICATORS", "Deviation", "Indicator", "Period", "Quantity", "Record",
            "ReportScope", "Source", "percentage"]
