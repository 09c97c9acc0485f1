"""The sink: alert rules, the durable alert store, delivery, and the domain metrics of claims."""
