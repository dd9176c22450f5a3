"""What every audience's pages share: who is taking part, kiosk mode, the page settings handed
to scripts, reading requests, forms, downloads, rate limits, staff roles and words. Audiences
(``participate``, ``api``, ``kiosk``, ``facilitate``, ``plan``, ``auth``) import from here and
from the services, never from one another."""
