"""Text messages (SPEC I3): a resident with any phone sends ideas, votes and questions by SMS.
``commands`` reads what they wrote, ``places`` finds where they mean, ``dialogue`` answers
and keeps the conversation; the web edge only checks the signature and writes the TwiML."""
