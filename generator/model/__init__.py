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
                                  Approximate,
                                  AtLeast,
                                  Conjunction,
                                  Count,
                                  Id,
                                  Model,
                                  Planned,
                                  TemplateName,
                                  Text,
                                  apportion,
                                  approximate_if,
                                  field_docs,
                                  ref,
)
from generator.model.bodies import Accreditation, Act, Delegation, Organisation, Person, ThirdSector
from generator.model.budget import Budget, BudgetLine, CoFinancing
from generator.model.call import (
                                  AmountRange,
                                  Call,
                                  CallRules,
                                  CountRange,
                                  Extension,
                                  PartnershipRequirement,
                                  Term,
                                  Vocabulary,
)
from generator.model.content import Content, Instance, instances, item_output, output_ids
from generator.model.documents import (
                                  Addressee,
                                  Attachment,
                                  Block,
                                  CollectionName,
                                  Document,
                                  DocumentAttachment,
                                  EachName,
                                  FileAttachment,
                                  ForEach,
                                  ListBlock,
                                  Metadata,
                                  Protocol,
                                  Request,
                                  Section,
                                  Signatory,
)
from generator.model.funding import FUNDS, ProgrammingPeriod, Visibility
from generator.model.kinds import (
                                  KINDS,
                                  LEAD,
                                  PARTICIPATIONS,
                                  OrganisationKind,
                                  Participation,
                                  Sector,
                                  kinds_table,
)
from generator.model.lifecycle import STATUSES, Acceptance, Receipt, Sent, Status, needed
from generator.model.monitoring import (
                                  COMMON_INDICATORS,
                                  Breakdown,
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
                                  Component,
                                  Comune,
                                  District,
                                  Evaluation,
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
from generator.model.unfilled import PLACEHOLDER, Unfilled, is_placeholder, standing_in

__all__ = ["field_docs", "KINDS", "LEAD", "PARTICIPATIONS", "Accreditation", "Act", "Amount", "AmountRange",
           "Approximate", "AtLeast", "Block", "Budget", "BudgetLine", "Call", "CallRules", "CoFinancing",
           "CollectionName", "Component", "Comune", "Conjunction", "Content", "Count", "CountRange",
           "Delegation",
           "District", "Document", "Evaluation", "Event", "Extension", "Id", "LeadChange",
           "ListBlock", "Measure", "Model", "Network", "Organisation", "OrganisationKind",
           "Partner", "Participation", "PartnershipRequirement", "Person", "Phase", "Planned",
           "Programme",
           "Project", "Request", "Section", "Sector", "Signatory", "Synergy", "TemplateName",
           "Term", "Text", "ThirdSector", "Vocabulary", "apportion", "approximate_if",
           "kinds_table", "output_ids", "ref", "FUNDS", "ProgrammingPeriod", "Visibility",
           "Addressee", "Attachment", "DocumentAttachment", "Protocol", "EachName", "FileAttachment",
           "ForEach", "Metadata", "Instance", "instances", "item_output"]
__all__ += ["COMMON_INDICATORS", "Breakdown", "Deviation", "Indicator", "Period", "Quantity", "Record",
            "ReportScope", "Source", "percentage"]
# the life of a programme: dated facts, statuses, what was sent, acknowledgements
__all__ += ["STATUSES", "Acceptance", "Receipt", "Change", "FormerName", "Role", "Sent", "Status", "changes",
            "needed"]
# values still to fill in (DA COMPILARE)
__all__ += ["PLACEHOLDER", "Unfilled", "is_placeholder", "standing_in"]
