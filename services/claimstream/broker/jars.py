"""Fetch Apache Kafka's jars from Maven Central with ``mvn``, once, into a cache folder.

The jar list is ``deploy/kafka/pom.xml``; its kafka_2.13 version keys the cache folder, so a
version bump fetches afresh. A file lock lets several processes (parallel test sessions) share one
cache: the first fetches into a temporary folder and renames it into place, the rest wait.
"""

from __future__ import annotations

import fcntl
import logging
import shutil
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from claimstream.settings import Settings

log = logging.getLogger(__name__)

DEPLOY_DIR = Path(__file__).resolve().parents[3] / "deploy" / "kafka"
POM = DEPLOY_DIR / "pom.xml"
LOG4J_CONFIG = DEPLOY_DIR / "log4j2.properties"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
_NS = {"m": "http://maven.apache.org/POM/4.0.0"}
_COMPLETE = ".complete"


class ToolMissing(RuntimeError):
    """A required program (java, mvn) is not installed; the message says what to install."""


def require_tool(name: str) -> str:
    """The path of ``name`` on PATH, or ToolMissing with the package to install."""
    path = shutil.which(name)
    if path is None:
        what = {
            "java": "a Java 17+ runtime (Debian/Ubuntu: apt-get install openjdk-17-jre-headless)",
            "mvn": "Apache Maven (Debian/Ubuntu: apt-get install maven)",
        }.get(name, name)
        raise ToolMissing(f"`{name}` not found on PATH: install {what}")
    return path


def kafka_version(pom: Path = POM) -> str:
    """The kafka_2.13 version pinned in the pom."""
    root = ET.parse(pom).getroot()
    for dep in root.iterfind("m:dependencies/m:dependency", _NS):
        if dep.findtext("m:artifactId", namespaces=_NS) == "kafka_2.13":
            version = dep.findtext("m:version", namespaces=_NS)
            if version:
                return version.strip()
    raise RuntimeError(f"{pom}: no org.apache.kafka:kafka_2.13 dependency with a version")


def libs_dir(settings: Settings) -> Path:
    """Where the jars live: ``settings.jars_dir`` if set, else ``<data_dir>/kafka/<version>/libs``."""
    if settings.jars_dir:
        return Path(settings.jars_dir).expanduser()
    return settings.data_path / "kafka" / kafka_version() / "libs"


def is_fetched(libs: Path) -> bool:
    return (libs / _COMPLETE).is_file()


def ensure_jars(libs: Path, *, quiet: bool = True) -> Path:
    """Fetch the jars into ``libs`` unless already there; returns ``libs``."""
    if is_fetched(libs):
        return libs
    libs.parent.mkdir(parents=True, exist_ok=True)
    with open(libs.parent / ".fetch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if is_fetched(libs):  # another process fetched while we waited
            return libs
        _fetch(libs, quiet=quiet)
    return libs


def _fetch(libs: Path, *, quiet: bool) -> None:
    mvn = require_tool("mvn")
    require_tool("java")
    started = time.monotonic()
    log.info("fetching Kafka %s jars from Maven Central into %s", kafka_version(), libs)
    tmp = Path(tempfile.mkdtemp(prefix=".libs-", dir=libs.parent))
    cmd = [
        mvn,
        "-B",
        "-f",
        str(POM),
        f"{DEPENDENCY_PLUGIN}:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={tmp}",
    ]
    if quiet:
        cmd.insert(1, "-q")
    try:
        done = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
            raise RuntimeError(f"mvn failed (exit {done.returncode}) fetching Kafka jars:\n{tail}")
        jars = list(tmp.glob("*.jar"))
        if not any(j.name.startswith("kafka_2.13-") for j in jars):
            raise RuntimeError(f"mvn produced no kafka_2.13 jar in {tmp}")
        (tmp / _COMPLETE).write_text(f"{len(jars)} jars\n")
        if libs.exists():
            shutil.rmtree(libs)
        tmp.rename(libs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info("fetched %d jars in %.1f s", len(jars), time.monotonic() - started)
