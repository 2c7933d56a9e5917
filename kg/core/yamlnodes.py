"""Read YAML into a small tree of nodes that remember their line, and nothing else.

Invariant: no value is ever typed by YAML. Every scalar stays the text it was written as
(``NO``, ``1.10``, ``017``, ``2010-12-17`` are strings); the record schema alone decides what
a field means. This is PyYAML's BaseLoader resolution. On top of it: duplicate keys are
errors, anchors and aliases are refused (they serve no purpose in curated records and make
alias bombs possible), and explicit tags (``!!python/...``, ``!!int``) are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}

#: Curated files are small; a bigger one is a mistake or an attack.
MAX_FILE_BYTES = 2 * 1024 * 1024


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
    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise YamlProblem(event.start_mark.line + 1, "YAML aliases (*name) are not allowed in records")
        return super().compose_node(parent, index)


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
        items: dict[str, tuple[int, YNode]] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem(key_line, "mapping keys must be plain text")
            key = key_node.value
            if key in items:
                record_id = next(
                    (
                        v.value
                        for k, v in node.value
                        if isinstance(k, ScalarNode) and k.value == "id" and isinstance(v, ScalarNode)
                    ),
                    "",
                )
                first = items[key][0]
                raise YamlProblem(key_line, f"duplicate key {key!r} (first at line {first})", record_id, key)
            items[key] = (key_line, _convert(value_node))
        return YMap(items, line)
    raise YamlProblem(line, f"unsupported YAML node {type(node).__name__}")  # pragma: no cover


def parse_yaml(text: str) -> YNode | None:
    """Parse one YAML document into nodes. Raises :class:`YamlProblem` with a line."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise YamlProblem(line, f"YAML syntax: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(0, f"YAML: {exc}") from None
    finally:
        loader.dispose()
    return None if root is None else _convert(root)


def read_yaml_file(path: Path) -> YNode | None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlProblem(0, f"file is {size} bytes; records files are limited to {MAX_FILE_BYTES}")
    try:
        text = path.read_text(encoding="utf-8")
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
