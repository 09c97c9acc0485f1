"""Shared contracts: topic names, message shapes, JSON Schemas, serialisation."""
