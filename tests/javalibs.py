"""Java libraries from Debian packages, for the tests that run a standard Java client against igkg:
the OWL API (``libowlapi-java``) and Apache Jena (``libapache-jena-java``), both installed by
.ci/run with a JDK (``default-jdk-headless``).

Debian's jars carry no ``Class-Path`` in their manifests, so each test names the jars its program
needs (their unversioned names in /usr/share/java). The programs are single Java source files run
with the JDK's source launcher (``java -cp JARS File.java``), so no build step and no class files
are left behind.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from tests.conftest import require, system_tool

JAVA_DIR = Path("/usr/share/java")

#: The OWL API 5 and what its parsers load (RDF4J's Rio for the Rio parsers, Guice for injection).
OWLAPI_JARS = (
    "owlapi-distribution",
    *(
        f"rdf4j-{name}"
        for name in (
            "model",
            "model-api",
            "model-vocabulary",
            "rio-api",
            "rio-datatypes",
            "rio-languages",
            "rio-binary",
            "rio-hdt",
            "rio-jsonld",
            "rio-n3",
            "rio-nquads",
            "rio-ntriples",
            "rio-rdfjson",
            "rio-rdfxml",
            "rio-trig",
            "rio-trix",
            "rio-turtle",
            "util",
        )
    ),
    "guava",
    "caffeine",
    "slf4j-api",
    "slf4j-nop",
    "commons-io",
    "commons-rdf-api",
    "commons-codec",
    "commons-lang3",
    "hppcrt",
    "xz",
    "jsonld-java",
    "jackson-core",
    "jackson-databind",
    "jackson-annotations",
    "atinject-jsr330-api",
    "guice",
    "aopalliance",
    "httpclient",
    "httpclient-cache",
    "httpcore",
    "error_prone_annotations",
)

#: Jena 4.5's SHACL engine; its subsystem start-up loads every RIOT language, hence the JSON-LD,
#: Thrift and Protobuf libraries.
JENA_JARS = (
    "jena-arq",
    "jena-base",
    "jena-core",
    "jena-iri",
    "jena-shacl",
    "slf4j-api",
    "slf4j-nop",
    "commons-io",
    "commons-lang3",
    "commons-codec",
    "commons-compress",
    "commons-csv",
    "dexx.collection",
    "caffeine",
    "guava",
    "jsonld-java",
    "jackson-core",
    "jackson-databind",
    "jackson-annotations",
    "titanium-json-ld",
    "jakarta.json-api",
    "thrift",
    "protobuf",
)


def classpath(jars: tuple[str, ...], package: str) -> list[Path]:
    """The jars' paths; a missing JDK or jar skips the test (fails it under CI=true)."""
    require(system_tool("java") is not None and system_tool("javac") is not None, "a JDK (default-jdk-headless)")
    paths = [JAVA_DIR / f"{name}.jar" for name in jars]
    missing = [p.name for p in paths if not p.is_file()]
    require(not missing, f"{package} ({', '.join(missing)} not in {JAVA_DIR})")
    return paths


def jena_resources(into: Path) -> Path:
    """The resource bundles Jena's copy of Xerces looks for, where it looks for them.

    Debian's jena-core.jar holds the Xerces classes as ``xerces/...`` but their message bundles
    under ``org/apache/jena/ext/xerces/...``: without them Jena cannot start (the datatype
    factory's regular expressions need ``xerces/impl/xpath/regex/message.properties``) or report an
    ill-typed literal (``xerces/impl/msg/XMLSchemaMessages``). Copied out of the jar, to where the
    classes look, in a folder put first on the class path."""
    prefix = "org/apache/jena/ext/"
    with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(prefix + "xerces/") and name.endswith(".properties"):
                target = into / name.removeprefix(prefix)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return into


def run_java(source: Path, jars: list[Path], *args: str, timeout: float = 300) -> str:
    """Run a single-file Java program; its standard output, or the test fails with its errors."""
    java = system_tool("java") or "java"
    command = [java, "-cp", ":".join(str(j) for j in jars), str(source), *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{source.name} exited with {done.returncode}:\n{done.stderr[-4000:]}"
    return done.stdout
