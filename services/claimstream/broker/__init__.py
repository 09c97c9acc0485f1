"""The embedded Apache Kafka broker (single node, KRaft, jars from Maven Central) and topic admin.

- :mod:`.jars` fetches the broker's jars once with ``mvn`` into a cache folder.
- :mod:`.embedded` formats storage and starts/stops/inspects the broker process.
- :mod:`.admin` creates and lists claimstream's topics with aiokafka's admin client.
- :mod:`.commands` wires these to ``claimstream broker …`` and ``claimstream topics …``.
- :mod:`.testing` holds client helpers (produce, consume until idle) for tests and scripts.
"""

from claimstream.broker.embedded import BrokerError, EmbeddedBroker

__all__ = ["BrokerError", "EmbeddedBroker"]
