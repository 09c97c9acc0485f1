"""The command line of the design brief: every command exists, every setting is a flag on each."""

from __future__ import annotations

import dataclasses

import pytest

from claimstream.cli import build_parser, command_names, main
from claimstream.settings import Settings, load_settings

DESIGN_COMMANDS = {"broker", "topics", "ingest", "worker", "sink", "tail", "extract", "demo", "bench", "alerts"}


def test_every_command_of_the_design_brief_is_registered():
    assert command_names() >= DESIGN_COMMANDS


@pytest.mark.parametrize("command", sorted(DESIGN_COMMANDS - {"broker", "topics", "alerts"}))
def test_every_subcommand_takes_the_shared_settings_flags(command):
    args = build_parser().parse_args(
        [command, "--help"][:1]
        + _required(command)
        + ["--bootstrap-servers", "127.0.0.1:1", "--topic-prefix", "p.", "--data-dir", "/tmp/x", "--spacy-model", "m"]
    )
    settings = load_settings(args, env={})
    assert (settings.bootstrap_servers, settings.topic_prefix, settings.data_dir, settings.spacy_model) == (
        "127.0.0.1:1",
        "p.",
        "/tmp/x",
        "m",
    )


def _required(command: str) -> list[str]:
    return {"tail": ["claims.quotes"], "ingest": ["-"]}.get(command, [])


def test_flags_override_environment_which_overrides_defaults():
    args = build_parser().parse_args(["worker", "--partitions", "3"])
    settings = load_settings(args, env={"CLAIMSTREAM_PARTITIONS": "9", "CLAIMSTREAM_TOPIC_PREFIX": "env."})
    assert settings.partitions == 3 and settings.topic_prefix == "env."
    assert load_settings(None, env={}).partitions == Settings().partitions


def test_a_bad_setting_value_is_a_clear_error():
    with pytest.raises(SystemExit, match="partitions"):
        load_settings(None, env={"CLAIMSTREAM_PARTITIONS": "many"})


def test_secrets_do_not_print():
    settings = load_settings(None, env={"CLAIMSTREAM_SASL_PASSWORD": "hunter2"})
    assert "hunter2" not in repr(settings) and "hunter2" not in repr(dataclasses.asdict(settings))
    assert settings.sasl_password.reveal() == "hunter2"


def test_tail_rejects_an_unknown_topic(capsys):
    assert main(["tail", "claims.quote", "--bootstrap-servers", "127.0.0.1:1"]) == 2
    assert "valid:" in capsys.readouterr().err
