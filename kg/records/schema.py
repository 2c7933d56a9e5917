"""The declared schema of the curated records: which kinds, fields and values are allowed.

This table is the single description of the record format: the loader checks records against
it, the RDF mapping (kg/loaders/records.py) reads predicates and classes from it, and
docs/records.md is written from it. Field names are snake_case; predicates are local names in
the igkg ontology (kg/core/vocab.py checks they exist).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class ValueKind(str, Enum):
    TEXT = "text"  # free text, one line
    DATE = "date"  # YYYY, YYYY-MM or YYYY-MM-DD, kept at that precision
    REF = "ref"  # the id of another record
    CHOICE = "choice"  # one of a closed list of keys
    URL = "url"  # an http(s) address
    INT = "int"  # a whole number, written as digits


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: ValueKind
    #: Local name of the igkg property (or "" when the field is not mapped to one triple).
    predicate: str = ""
    required: bool = False
    many: bool = False
    #: For REF: the record kinds the referenced id may be of.
    targets: tuple[str, ...] = ()
    #: For CHOICE: key -> IRI (or class local name).
    choices: dict[str, str] = field(default_factory=dict)
    #: For TEXT: most words allowed (quotations are limited to 25 words).
    max_words: int = 0
    doc: str = ""


@dataclass(frozen=True)
class KindSpec:
    name: str
    #: type key -> ontology class local name; one entry means the type is implied.
    types: dict[str, str]
    fields: tuple[FieldSpec, ...]
    #: Whether records of this kind must carry evidence (source documents describe themselves).
    needs_evidence: bool = True
    doc: str = ""

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    def checked_field(self, name: str) -> FieldSpec:
        """The field of a checked record: its name is one of this kind's (KeyError otherwise)."""
        found = self.field(name)
        if found is None:
            raise KeyError(f"{self.name} has no field {name!r}")
        return found


AGENTS = ("bodies", "posts", "people")
ANYTHING = (
    "bodies",
    "posts",
    "people",
    "memberships",
    "instruments",
    "paragraphs",
    "mandates",
    "categories",
    "meetings",
)

ACTION_BASE = "https://w3id.org/igkg/id/action/"
ROLE_BASE = "https://w3id.org/igkg/id/role/"
ACTIONS = {
    k: ACTION_BASE + k
    for k in (
        "establish",
        "convene",
        "invite",
        "request",
        "entrust",
        "renew",
        "extend",
        "endorse",
        "report",
    )
}
ROLES = {
    k: ROLE_BASE + k
    for k in (
        "chair",
        "vice-chair",
        "co-convener",
        "coordinator",
        "delegate",
        "secretariat-head",
        "secretariat-staff",
        "member",
        "co-facilitator",
    )
}
RANKS = ("preferred", "normal", "deprecated")
#: Whether a mandate is a task that ends when done (one-off) or a function held until something
#: ends it (standing). kg/loaders/lapse.py reads it; ONE_OFF_ACTIONS give the default.
NATURES = {k: "https://w3id.org/igkg/id/nature/" + k for k in ("one-off", "standing")}
#: Actions that are one-off by their meaning (establish a body, convene a meeting, report): a
#: mandate with one of them is one-off unless its record says ``nature: standing``.
ONE_OFF_ACTIONS = ("establish", "convene", "report")

STANCES = {
    k: "https://w3id.org/igkg/id/stance/" + k for k in ("governments-only", "equal-footing", "compromise", "procedural")
}
MANNERS = {k: "https://w3id.org/igkg/id/manner/" + k for k in ("support", "align", "agree", "oppose")}
OUTCOMES = {"agreed": "https://w3id.org/igkg/id/outcome/agreed"}
DAY_PART_BASE = "https://w3id.org/igkg/id/day-part/"
DAY_PARTS = {part: DAY_PART_BASE + part for part in ("morning", "afternoon", "evening")}

#: Words allowed in a quotation (brief, "Truth").
MAX_QUOTE_WORDS = 25

_LABEL = FieldSpec("label", ValueKind.TEXT, "label", required=True, doc="English name")
_ALT = FieldSpec("alt_labels", ValueKind.TEXT, "altLabel", many=True, doc="acronyms and other names")

KINDS: dict[str, KindSpec] = {
    spec.name: spec
    for spec in (
        KindSpec(
            "sources",
            {
                "transcript": "Transcript",
                "meeting-notes": "MeetingNotes",
                "prepared-text": "PreparedText",
                "web-page": "WebPage",
            },
            (
                FieldSpec("title", ValueKind.TEXT, "title", required=True),
                FieldSpec(
                    "date", ValueKind.DATE, "sourceDate", doc="date of the document or of the meeting it records"
                ),
                FieldSpec("file", ValueKind.TEXT, "fileName", doc="file name under kg/data/sources (files only)"),
                FieldSpec("url", ValueKind.URL, "atLocation", doc="address of a web page (pages only)"),
                FieldSpec("read_on", ValueKind.DATE, "readOn", doc="when the stored copy of a page was read"),
                FieldSpec("description", ValueKind.TEXT, "description"),
            ),
            needs_evidence=False,
            doc="Source documents. An id is the file name for a file, a slug for a web page.",
        ),
        KindSpec(
            "bodies",
            {
                "intergovernmental-organ": "IntergovernmentalOrgan",
                "functional-commission": "FunctionalCommission",
                "summit": "Summit",
                "forum": "Forum",
                "advisory-group": "AdvisoryGroup",
                "coordination-mechanism": "CoordinationMechanism",
                "working-group": "WorkingGroup",
                "secretariat": "Secretariat",
                # UN-system entities by the kind a read page states (not all are agencies).
                "un-entity": "UNEntity",
                "specialized-agency": "SpecializedAgency",
                "fund-or-programme": "FundOrProgramme",
                "secretariat-department": "SecretariatDepartment",
                "stakeholder-organization": "StakeholderOrganization",
                "delegation": "Delegation",
            },
            (
                _LABEL,
                _ALT,
                FieldSpec("parent", ValueKind.REF, "parent", targets=("bodies",)),
                FieldSpec("reports_to", ValueKind.REF, "reportsTo", many=True, targets=("bodies",)),
                FieldSpec("advises", ValueKind.REF, "advises", many=True, targets=AGENTS),
                FieldSpec("drawn_from", ValueKind.REF, "drawnFrom", many=True, targets=("bodies",)),
                FieldSpec("established", ValueKind.DATE, "established"),
                FieldSpec(
                    "established_by",
                    ValueKind.REF,
                    "establishedBy",
                    many=True,
                    targets=("instruments", "paragraphs", "mandates"),
                ),
                FieldSpec("dissolved", ValueKind.DATE, "dissolved"),
                FieldSpec(
                    "decision_rule",
                    ValueKind.TEXT,
                    "decisionRule",
                    doc="how the body decides or adopts its report, in the source's words",
                ),
            ),
        ),
        KindSpec(
            "posts",
            {"post": "Post", "office": "Office"},
            (
                _LABEL,
                _ALT,
                FieldSpec("post_in", ValueKind.REF, "postIn", targets=("bodies",)),
                FieldSpec("role", ValueKind.CHOICE, "role", choices=ROLES),
            ),
        ),
        KindSpec("people", {"person": "Person"}, (_LABEL, _ALT)),
        KindSpec(
            "memberships",
            {"membership": "Membership"},
            (
                FieldSpec("member", ValueKind.REF, "member", required=True, targets=("people", "bodies")),
                FieldSpec("organization", ValueKind.REF, "organization", targets=("bodies",)),
                FieldSpec("post", ValueKind.REF, "post", targets=("posts",)),
                FieldSpec("role", ValueKind.CHOICE, "role", required=True, choices=ROLES),
                FieldSpec("on_behalf_of", ValueKind.REF, "onBehalfOf", many=True, targets=("bodies", "categories")),
                FieldSpec("start", ValueKind.DATE, "startDate"),
                FieldSpec("end", ValueKind.DATE, "endDate"),
                FieldSpec(
                    "attested",
                    ValueKind.DATE,
                    "attestedOn",
                    many=True,
                    doc="a date a source shows the membership in effect",
                ),
            ),
        ),
        KindSpec(
            "instruments",
            {
                "resolution": "Resolution",
                "decision": "Decision",
                "outcome-document": "OutcomeDocument",
                "report": "Report",
                "draft": "Draft",
            },
            (
                _LABEL,
                _ALT,
                FieldSpec("symbol", ValueKind.TEXT, "symbol"),
                FieldSpec("adopted_by", ValueKind.REF, "adoptedBy", targets=AGENTS),
                FieldSpec("adopted", ValueKind.DATE, "adopted"),
                FieldSpec(
                    "adopted_at",
                    ValueKind.REF,
                    "adoptedAt",
                    targets=("meetings",),
                    doc="the meeting at which it was adopted",
                ),
                FieldSpec("based_on", ValueKind.REF, "basedOn", many=True, targets=("instruments",)),
                FieldSpec("cites", ValueKind.REF, "cites", many=True, targets=("instruments", "paragraphs")),
                FieldSpec("changes", ValueKind.REF, "changes", many=True, targets=("instruments",)),
            ),
        ),
        KindSpec(
            "paragraphs",
            {"paragraph": "Paragraph"},
            (
                FieldSpec("of", ValueKind.REF, "paragraphOf", required=True, targets=("instruments",)),
                FieldSpec("number", ValueKind.TEXT, "paragraphNumber", required=True),
                FieldSpec("excerpt", ValueKind.TEXT, "excerpt", max_words=MAX_QUOTE_WORDS),
            ),
        ),
        KindSpec(
            "mandates",
            {"mandate": "Mandate"},
            (
                FieldSpec("issuer", ValueKind.REF, "issuer", required=True, targets=AGENTS),
                FieldSpec(
                    "authority", ValueKind.REF, "authority", required=True, targets=("instruments", "paragraphs")
                ),
                FieldSpec("mandatee", ValueKind.REF, "mandatee", required=True, targets=AGENTS),
                FieldSpec("action", ValueKind.CHOICE, "action", required=True, choices=ACTIONS),
                FieldSpec("object", ValueKind.REF, "object", many=True, targets=ANYTHING),
                FieldSpec("task", ValueKind.TEXT, "task", max_words=MAX_QUOTE_WORDS),
                FieldSpec("start", ValueKind.DATE, "startDate"),
                FieldSpec("end", ValueKind.DATE, "endDate"),
                FieldSpec("deadline", ValueKind.DATE, "deadline"),
                FieldSpec("renews", ValueKind.REF, "renews", targets=("mandates",)),
                FieldSpec("pursuant_to", ValueKind.REF, "pursuantTo", many=True, targets=("mandates",)),
                FieldSpec(
                    "nature",
                    ValueKind.CHOICE,
                    "nature",
                    choices=NATURES,
                    doc="one-off (ends when done) or standing; default one-off for establish, convene, report",
                ),
                FieldSpec("fulfilled", ValueKind.DATE, "fulfilledOn", doc="when the task was done"),
                FieldSpec(
                    "fulfilled_by",
                    ValueKind.REF,
                    "fulfilledBy",
                    targets=("instruments", "paragraphs", "meetings"),
                    doc="the instrument or meeting that did the task",
                ),
            ),
        ),
        KindSpec(
            "categories",
            {"category": "StakeholderCategory"},
            (
                _LABEL,
                _ALT,
                FieldSpec(
                    "recognized_by",
                    ValueKind.REF,
                    "recognizedBy",
                    many=True,
                    targets=("instruments", "paragraphs", "bodies"),
                ),
                FieldSpec("recognized_in", ValueKind.REF, "recognizedIn", many=True, targets=("bodies",)),
            ),
        ),
        KindSpec(
            "meetings",
            {"meeting": "Meeting"},
            (
                _LABEL,
                _ALT,
                FieldSpec("start", ValueKind.DATE, "startDate", required=True),
                FieldSpec("end", ValueKind.DATE, "endDate"),
                FieldSpec("place", ValueKind.TEXT, "place"),
                FieldSpec("meeting_of", ValueKind.REF, "meetingOf", targets=("bodies",)),
                FieldSpec("convened_by", ValueKind.REF, "convenedBy", many=True, targets=AGENTS),
                # Chairing is a post plus its holder, as posts and holders are modelled everywhere:
                # `chaired_by` names the chair post, `chair_holding` who held it at the meeting.
                FieldSpec(
                    "chaired_by", ValueKind.REF, "chairedBy", many=True, targets=("posts",), doc="the chair post"
                ),
                FieldSpec(
                    "chair_holding",
                    ValueKind.REF,
                    "chairHolding",
                    many=True,
                    targets=("memberships",),
                    doc="who held the chair post at the meeting: a membership of that post",
                ),
                FieldSpec("participants", ValueKind.REF, "participant", many=True, targets=AGENTS),
                FieldSpec("recorded_in", ValueKind.REF, "recordedIn", many=True, targets=("sources",)),
                FieldSpec("number", ValueKind.INT, "meetingNumber", doc="its number in a series (the 7th IGF)"),
                FieldSpec(
                    "hosted_by",
                    ValueKind.REF,
                    "hostedBy",
                    many=True,
                    targets=("bodies",),
                    doc="host country or organization",
                ),
                FieldSpec(
                    "part_of",
                    ValueKind.REF,
                    "partOf",
                    targets=("meetings",),
                    doc="the larger meeting or session this one was held during",
                ),
            ),
        ),
        KindSpec(
            "seats",
            {"seats": "SeatAllocation"},
            (
                FieldSpec("body", ValueKind.REF, "seatsIn", required=True, targets=("bodies",)),
                FieldSpec("category", ValueKind.REF, "seatsFor", required=True, targets=("categories",)),
                FieldSpec("count", ValueKind.INT, "seatCount", required=True),
                FieldSpec(
                    "detail", ValueKind.TEXT, "seatDetail", doc="how the seats are filled, in the source's words"
                ),
                FieldSpec("decided_by", ValueKind.REF, "decidedBy", targets=("instruments", "paragraphs")),
                FieldSpec("start", ValueKind.DATE, "startDate"),
                FieldSpec("end", ValueKind.DATE, "endDate"),
            ),
            doc="How many seats a stakeholder category has in a body, by which instrument.",
        ),
        KindSpec(
            "sessions",
            {"session": "Session"},
            (
                _LABEL,
                FieldSpec("meeting", ValueKind.REF, "inMeeting", required=True, targets=("meetings",)),
                FieldSpec("order", ValueKind.INT, "order", required=True),
                FieldSpec("time", ValueKind.TEXT, "timeMark", doc="the time mark that opens it, H:MM"),
                FieldSpec(
                    "day_part",
                    ValueKind.CHOICE,
                    "dayPart",
                    choices=DAY_PARTS,
                    doc="morning, afternoon or evening, from its time mark",
                ),
            ),
            doc="Parts of a meeting between breaks, as its record marks them (generated by ingest-meeting).",
        ),
        KindSpec(
            "interventions",
            {"intervention": "Intervention"},
            (
                FieldSpec("meeting", ValueKind.REF, "inMeeting", required=True, targets=("meetings",)),
                FieldSpec("session", ValueKind.REF, "inSession", targets=("sessions",)),
                FieldSpec("order", ValueKind.INT, "order", required=True),
                FieldSpec(
                    "speaker_as_written", ValueKind.TEXT, "speakerAsWritten", doc="the label as the record writes it"
                ),
                FieldSpec("speaker", ValueKind.REF, "speaker", targets=AGENTS),
                FieldSpec("speaks_for", ValueKind.REF, "speaksFor", targets=("bodies",)),
                FieldSpec("time", ValueKind.TEXT, "timeMark", doc="the time mark of the turn as written"),
            ),
            doc="Speaker turns of a meeting, in order, with the lines that record them (generated by ingest-meeting).",
        ),
        KindSpec(
            "mentions",
            {"mention": "Mention"},
            (
                FieldSpec("of", ValueKind.REF, "mentionOf", required=True, targets=ANYTHING),
                FieldSpec("text", ValueKind.TEXT, "textAsWritten", required=True),
                FieldSpec("meeting", ValueKind.REF, "inMeeting", targets=("meetings",)),
            ),
            doc="Where a known thing is named in a meeting record, as written (generated by ingest-meeting).",
        ),
        KindSpec(
            "positions",
            {"position": "Position"},
            (
                FieldSpec("holder", ValueKind.REF, "heldBy", required=True, targets=AGENTS),
                FieldSpec("meeting", ValueKind.REF, "inMeeting", required=True, targets=("meetings",)),
                FieldSpec("session", ValueKind.REF, "inSession", targets=("sessions",)),
                FieldSpec("intervention", ValueKind.REF, "statedIn", targets=("interventions",)),
                FieldSpec("question", ValueKind.TEXT, "question"),
                FieldSpec("stance", ValueKind.CHOICE, "stance", required=True, choices=STANCES),
            ),
            doc="The stance an agent took on a question in a meeting (from a reviewed overlay).",
        ),
        KindSpec(
            "support_links",
            {"support-link": "SupportLink"},
            (
                FieldSpec("supporter", ValueKind.REF, "supporter", required=True, targets=AGENTS),
                FieldSpec("supported", ValueKind.REF, "supported", required=True, targets=(*AGENTS, "proposals")),
                FieldSpec("manner", ValueKind.CHOICE, "manner", required=True, choices=MANNERS),
                FieldSpec("meeting", ValueKind.REF, "inMeeting", required=True, targets=("meetings",)),
                FieldSpec("session", ValueKind.REF, "inSession", targets=("sessions",)),
                FieldSpec("intervention", ValueKind.REF, "statedIn", targets=("interventions",)),
            ),
            doc="An explicit 'support X', 'align with X', 'agree with X' or refusal in a meeting.",
        ),
        KindSpec(
            "proposals",
            {"proposal": "Proposal"},
            (
                _LABEL,
                FieldSpec("proposed_by", ValueKind.REF, "proposedBy", targets=AGENTS),
                FieldSpec("meeting", ValueKind.REF, "inMeeting", required=True, targets=("meetings",)),
                FieldSpec("session", ValueKind.REF, "inSession", targets=("sessions",)),
                FieldSpec("intervention", ValueKind.REF, "statedIn", targets=("interventions",)),
                FieldSpec("text", ValueKind.TEXT, "proposalText", max_words=MAX_QUOTE_WORDS),
                FieldSpec("outcome", ValueKind.CHOICE, "outcome", choices=OUTCOMES),
            ),
            doc="A text or formula tabled in a meeting; `outcome: agreed` for the text the meeting agreed.",
        ),
    )
}

#: Keys every record may have besides its kind's fields.
COMMON_KEYS = ("id", "type", "sources", "note")

#: Pairs of date fields whose order is checked (start <= end), per kind.
DATE_ORDER = (("start", "end"), ("established", "dissolved"), ("start", "fulfilled"))
