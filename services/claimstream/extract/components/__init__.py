"""spaCy pipeline components registered by claimstream (each a factory with its config)."""
