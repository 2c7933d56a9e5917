"""OWL consistency with HermiT, through owlready2 (needs a Java runtime).

Safe use, per reliability-checklist.md §1.4: the ontology is handed over as a local N-Triples
file (no owl:imports followed, nothing fetched), and owlready2's temporary files are removed even
when the reasoner fails. owlready2 gives HermiT no time limit; the inputs here are small (the
ontology, or the ontology with the curated graph: about 2 s).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import rdflib

from kg.core import settings
from kg.core.errors import ConfigError


@dataclass(frozen=True)
class Consistency:
    consistent: bool
    detail: str = ""


#: XSD datatypes HermiT refuses (outside the OWL 2 datatype map). igkg keeps dates at the
#: precision its sources give (xsd:date, gYearMonth, gYear) and declares no datatype ranges for
#: them, so removing such literals cannot change whether the graph is consistent.
_NOT_IN_OWL2_MAP = {
    rdflib.XSD.date,
    rdflib.XSD.gYear,
    rdflib.XSD.gYearMonth,
    rdflib.XSD.gMonth,
    rdflib.XSD.gDay,
    rdflib.XSD.gMonthDay,
    rdflib.XSD.time,
    rdflib.XSD.duration,
}


def java_available() -> bool:
    return shutil.which("java") is not None


def check_consistency(*graphs: rdflib.Graph) -> Consistency:
    """Run HermiT over the union of the graphs (default: the igkg ontology alone)."""
    import owlready2

    if not java_available():
        raise ConfigError("HermiT needs a Java runtime (`java` on PATH); install one, e.g. apt-get install default-jre")
    union = rdflib.Graph()
    for graph in graphs or (rdflib.Graph().parse(settings.ontology_file(), format="turtle"),):
        for triple in graph:
            obj = triple[2]
            if isinstance(obj, rdflib.Literal) and obj.datatype in _NOT_IN_OWL2_MAP:
                continue
            union.add(triple)
    with tempfile.TemporaryDirectory(prefix="igkg-hermit-") as tmp:
        path = Path(tmp) / "input.nt"
        union.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load(only_local=True)
        old_tmp = tempfile.tempdir
        tempfile.tempdir = tmp  # owlready2's leftover files (on failure) stay inside tmp
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return Consistency(False, str(exc) or "HermiT found the ontology inconsistent")
        except subprocess.CalledProcessError as exc:
            output = (exc.output or b"").decode("utf-8", "replace")
            if "inconsistent" in output.lower():
                return Consistency(False, output.strip().splitlines()[-1])
            raise
        finally:
            tempfile.tempdir = old_tmp
            world.close()
    return Consistency(True)
