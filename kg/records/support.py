"""Evidence that names what it proves: each entry's ``supports`` against the record's fields.

An evidence entry says which fields its quote states (``label``) and, for a field that holds
several values, which of them (``alt_labels=GA``): a quote about a body's name says nothing about
its parent or the date it was set up. Every value of every field must be named by some entry, so
a field with no quote that states it does not build. A contested field is the exception: each
of its claims carries its own sources, which support that claim's value.

:func:`tie_problems` finds what breaks that rule in one record. (Before issue 16 an entry without
``supports`` vouched for its whole record; every curated and generated file was migrated.)
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.records.model import Evidence, FieldValue, Record
from kg.records.schema import KINDS

#: One problem: the line in the records file, the field it is about, and the message.
Problem = tuple[int, str, str]


def tie_problems(record: Record) -> Iterator[Problem]:
    """What is wrong with the ties between the record's evidence and its fields."""
    spec = KINDS[record.kind]
    if not spec.needs_evidence or not record.evidence:
        return  # a record without evidence is reported when read
    for evidence in record.evidence:
        yield from _named_values_exist(record, evidence)
        yield from _entry_names_fields(record, evidence)
    for fv in record.fields.values():
        if not fv.claims:
            yield from _values_supported(record, fv)


def _named_values_exist(record: Record, evidence: Evidence) -> Iterator[Problem]:
    """A ``field=value`` item names a value the field has."""
    for item in evidence.supports:
        name, _, value = item.partition("=")
        if value and value not in {str(v) for v in record.get(name)}:
            yield evidence.at, "sources", f"'supports' names {item!r}, but {name!r} has no value {value!r}"


def _entry_names_fields(record: Record, evidence: Evidence) -> Iterator[Problem]:
    """The entry names what it supports: fields the record has, values of a many-valued field."""
    if not evidence.supports:
        message = (
            "evidence without 'supports': name the fields its quote states "
            "(and, for a field with several values, the values: 'field=value')"
        )
        yield evidence.at, "sources", message
        return
    spec = KINDS[record.kind]
    for item in evidence.supports:
        name, eq, _ = item.partition("=")
        fspec = spec.field(name)
        fv = record.fields.get(name)
        if fspec is None or eq:
            continue  # an unknown field is refused when read; a value is checked above
        if fv is None:
            yield evidence.at, "sources", f"'supports' names {name!r}, but the record has no {name!r}"
        elif fv.claims:
            message = f"'supports' names {name!r}, which is contested: each of its claims carries its own sources"
            yield evidence.at, "sources", message
        elif fspec.many:
            example = f"{name}={fv.values[0]}" if fv.values else f"{name}=VALUE"
            message = f"{name!r} is a field of several values: name the ones the quote states, as {example!r}"
            yield evidence.at, "sources", message


def _values_supported(record: Record, fv: FieldValue) -> Iterator[Problem]:
    """Every value of a plain (uncontested) field is supported by some entry."""
    for value in fv.values:
        if not any(e.names_value(fv.name, value) for e in record.evidence):
            message = f"missing evidence: no entry in 'sources' supports {str(value)!r} (name it in 'supports')"
            yield fv.at, fv.name, message
