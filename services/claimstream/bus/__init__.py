"""Kafka clients shared by every service: one publisher (acks=all, idempotent) and consume helpers."""

from claimstream.bus.producer import Publisher, PublishError

__all__ = ["PublishError", "Publisher"]
