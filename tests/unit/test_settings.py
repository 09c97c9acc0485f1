"""Settings: defaults, environment, flags (flags win), coercion, secrets that never print."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import pytest

from claimstream.settings import Secret, Settings, add_settings_arguments, load_settings, settings_env


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_settings_arguments(parser)
    return parser.parse_args(argv)


def test_defaults_without_environment() -> None:
    settings = load_settings(env={})
    assert settings.bootstrap_servers == "127.0.0.1:9092"
    assert settings.topic_prefix == ""
    assert settings.partitions == 6
    assert settings.data_path == Path.home() / ".claimstream"


def test_environment_overrides_defaults_and_is_coerced() -> None:
    settings = load_settings(
        env={
            "CLAIMSTREAM_PARTITIONS": "3",
            "CLAIMSTREAM_TOPIC_PREFIX": "dev.",
            "CLAIMSTREAM_BOOTSTRAP_SERVERS": "127.0.0.1:19092",
        }
    )
    assert (settings.partitions, settings.topic_prefix) == (3, "dev.")
    assert settings.topic("claims.aid") == "dev.claims.aid"
    assert settings.kafka_client_options()["bootstrap_servers"] == "127.0.0.1:19092"


def test_flags_override_environment() -> None:
    args = _parse("--partitions", "12", "--data-dir", "/srv/cs")
    settings = load_settings(args, env={"CLAIMSTREAM_PARTITIONS": "3", "CLAIMSTREAM_DATA_DIR": "/tmp/x"})
    assert settings.partitions == 12
    assert settings.data_dir == "/srv/cs"


def test_empty_environment_value_keeps_the_default() -> None:
    assert load_settings(env={"CLAIMSTREAM_PARTITIONS": ""}).partitions == 6


def test_bad_number_is_a_clear_error() -> None:
    with pytest.raises(SystemExit, match="partitions"):
        load_settings(env={"CLAIMSTREAM_PARTITIONS": "many"})


def test_password_is_hidden_in_repr_but_reaches_the_client_options() -> None:
    settings = load_settings(
        env={
            "CLAIMSTREAM_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
            "CLAIMSTREAM_SASL_MECHANISM": "SCRAM-SHA-256",
            "CLAIMSTREAM_SASL_USERNAME": "app",
            "CLAIMSTREAM_SASL_PASSWORD": "hunter2-long",
        }
    )
    assert isinstance(settings.sasl_password, Secret)
    assert "hunter2-long" not in repr(settings)
    opts = settings.kafka_client_options()
    assert opts["security_protocol"] == "SASL_PLAINTEXT"
    assert (opts["sasl_mechanism"], opts["sasl_plain_username"]) == ("SCRAM-SHA-256", "app")
    assert opts["sasl_plain_password"] == "hunter2-long"


def test_a_secret_hides_itself_from_str_and_every_kind_of_formatting() -> None:
    secret = Secret("swordfish-42")
    shown = [repr(secret), str(secret), f"{secret}", f"{secret!s}", f"{secret:>20}", "%s" % secret]  # noqa: UP031 - %-formatting is what logging does
    shown += [
        "{}".format(secret),  # noqa: UP032
        format(secret),
        f"{Settings(ingest_token=secret)}",
    ]
    for text in shown:
        assert "swordfish" not in text, text
    assert str(secret) == "********" and str(Secret("")) == ""
    assert secret.reveal() == "swordfish-42" and type(secret.reveal()) is str
    assert secret == "swordfish-42" and bool(secret) and not Secret("")


def test_plaintext_client_options_carry_no_sasl() -> None:
    opts = Settings().kafka_client_options()
    assert opts["security_protocol"] == "PLAINTEXT"
    assert "sasl_plain_password" not in opts


def test_settings_env_round_trips_every_field() -> None:
    original = dataclasses.replace(Settings(), partitions=4, topic_prefix="rt.", sasl_password=Secret("pw-x"))
    assert load_settings(env=settings_env(original, base={})) == original


def test_every_setting_has_a_flag_and_help() -> None:
    for f in dataclasses.fields(Settings):
        assert f.metadata.get("help"), f.name
    assert _parse("--jars-dir", "/opt/kafka-libs").setting_jars_dir == "/opt/kafka-libs"
