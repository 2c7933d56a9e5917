"""The reviewed name table, kg/data/names.yaml: how the sources write things, by hand.

``aliases`` maps a name as the sources write it (short forms, speech-recognition garbles such as
"Angus" for UNGIS) to a record id; ``left_out`` gives, for a name that is not a thing igkg
records, the reason. The coverage check, the meeting-record loader and the mention linker read it.
"""

from __future__ import annotations

from pathlib import Path

from kg.core.yamlnodes import YMap, YScalar, read_yaml_file


def name_table(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(aliases: name -> record id, left_out: name -> reason) from kg/data/names.yaml."""
    root = read_yaml_file(path) if path.is_file() else None
    tables: list[dict[str, str]] = []
    for key in ("aliases", "left_out"):
        section = root.items.get(key) if isinstance(root, YMap) else None
        node = section[1] if section else None
        tables.append(
            {k: v.value for k, (_, v) in node.items.items() if isinstance(v, YScalar)} if isinstance(node, YMap) else {}
        )
    return tables[0], tables[1]
