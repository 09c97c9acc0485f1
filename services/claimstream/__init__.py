"""claimstream: news articles on Kafka in, structured claims (entities, quotes, aid) out."""

__version__ = "0.1.0"
