"""Webhooks: an admin registers URLs for events; each event writes a delivery to a durable
outbox in the same transaction (``emit``), and a worker sends them, signed, with retries and
a growing wait (``deliver``)."""
