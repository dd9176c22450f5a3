"""Reaching residents outside the app: phone numbers kept only as keyed hashes (with one
encrypted copy to send), the senders that deliver text messages, and the outbox of news."""
