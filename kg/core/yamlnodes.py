"""Read YAML into a small tree of nodes that remember their line, and nothing else.

Invariant: no value is ever typed by YAML. Every scalar stays the text it was written as
(``NO``, ``1.10``, ``017``, ``2010-12-17`` are strings); the record schema alone decides what
a field means. This is PyYAML's BaseLoader resolution. On top of it: duplicate keys are
errors, anchors and aliases are refused (they serve no purpose in curated records and make
alias bombs possible), and explicit tags (``!!python/...``, ``!!int``) are refused.

Bounded: a file is read only if it is a regular file of at most :data:`MAX_FILE_BYTES` (never a
FIFO, a device or a folder: :func:`kg.core.files.read_regular`), and nodes nest at most
:data:`MAX_DEPTH` levels. PyYAML composes nodes recursively, so a file of 3,000 nested ``[``
(6 KB) would otherwise exhaust Python's stack (RecursionError) instead of being refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kg.core.errors import SourceError
from kg.core.files import read_regular

_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}

#: Curated files are small; a bigger one is a mistake or an attack.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: The deepest nesting of mappings and lists accepted. Curated records nest at most 9 levels (a
#: claim's evidence entry, inside a field, inside a record, inside its kind); 50 leaves room and
#: keeps composing far from Python's recursion limit (about 3 frames a level).
MAX_DEPTH = 50


@dataclass(frozen=True)
class YScalar:
    value: str
    line: int
    plain: bool


@dataclass(frozen=True)
class YSeq:
    items: list[YNode]
    line: int


@dataclass(frozen=True)
class YMap:
    #: key -> (line of the key, value)
    items: dict[str, tuple[int, YNode]] = field(default_factory=dict)
    line: int = 0


YNode = YScalar | YSeq | YMap


class YamlProblem(Exception):
    def __init__(self, line: int, message: str, record_id: str = "", field: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        #: The ``id`` of the mapping the problem is in, and the key, when known.
        self.record_id = record_id
        self.field = field


class _NoAliasComposer(Composer):
    """PyYAML's composer without aliases, and with a bound on nesting checked before it recurses."""

    _depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise YamlProblem(event.start_mark.line + 1, "YAML aliases (*name) are not allowed in records")
        if not self.check_event(SequenceStartEvent, MappingStartEvent):
            return super().compose_node(parent, index)
        if self._depth >= MAX_DEPTH:
            line = self.peek_event().start_mark.line + 1
            raise YamlProblem(
                line, f"mappings and lists nest more than {MAX_DEPTH} levels deep; records need far fewer"
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Loader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    _NoAliasComposer,
    yaml.resolver.BaseResolver,
):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _NoAliasComposer.__init__(self)
        yaml.resolver.BaseResolver.__init__(self)


def _convert(node: Node) -> YNode:
    line = node.start_mark.line + 1
    if node.tag not in _PLAIN_TAGS:
        raise YamlProblem(line, f"explicit YAML tag {node.tag!r} is not allowed in records")
    if getattr(node, "anchor", None):
        raise YamlProblem(line, "YAML anchors (&name) are not allowed in records")
    if isinstance(node, ScalarNode):
        return YScalar(node.value, line, plain=node.style is None)
    if isinstance(node, SequenceNode):
        return YSeq([_convert(item) for item in node.value], line)
    if isinstance(node, MappingNode):
        return _convert_mapping(node, line)
    raise YamlProblem(line, f"unsupported YAML node {type(node).__name__}")  # pragma: no cover


def _convert_mapping(node: MappingNode, line: int) -> YMap:
    items: dict[str, tuple[int, YNode]] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, ScalarNode):
            raise YamlProblem(key_line, "mapping keys must be plain text")
        key = key_node.value
        if key in items:
            first = items[key][0]
            raise YamlProblem(key_line, f"duplicate key {key!r} (first at line {first})", _record_id(node), key)
        items[key] = (key_line, _convert(value_node))
    return YMap(items, line)


def _record_id(node: MappingNode) -> str:
    """The ``id`` of a mapping, to name it in a problem ("" when it has none)."""
    return next(
        (v.value for k, v in node.value if isinstance(k, ScalarNode) and k.value == "id" and isinstance(v, ScalarNode)),
        "",
    )


def parse_yaml(text: str) -> YNode | None:
    """Parse one YAML document into nodes. Raises :class:`YamlProblem` with a line."""
    try:
        # The reader checks every character as it is made: a NUL byte is refused here.
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise YamlProblem(_line_at(text, exc.position), _reader_problem(exc)) from None
    try:
        root = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise YamlProblem(_line_at(text, exc.position), _reader_problem(exc)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise YamlProblem(line, f"YAML syntax: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(0, f"YAML: {exc}") from None
    finally:
        loader.dispose()
    return None if root is None else _convert(root)


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _reader_problem(exc: yaml.reader.ReaderError) -> str:
    character = exc.character if isinstance(exc.character, int) else ord(exc.character)
    name = "a NUL byte" if character == 0 else f"the control character U+{character:04X}"
    return f"{name} at character {exc.position + 1}: YAML text may not contain it"


def read_yaml_file(path: Path) -> YNode | None:
    """Parse the YAML file at ``path``. Raises :class:`YamlProblem` (line 0 when the file as a
    whole cannot be read: not a regular file, too large, not UTF-8)."""
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except SourceError as exc:
        raise YamlProblem(0, exc.reason) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(0, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return parse_yaml(text)


def to_plain(node: YNode) -> object:
    """A YAML node as plain text, lists and dictionaries (scalars stay text: no implicit typing)."""
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [to_plain(item) for item in node.items]
    return {key: to_plain(value) for key, (_, value) in node.items.items()}
