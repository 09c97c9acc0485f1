"""User-facing tools built on the services: tail, demo, bench."""
