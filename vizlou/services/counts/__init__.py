"""The one owner of derived data: every kept count, fed by one function per domain event."""
