"""Questions, ballots and results; each voting method is one module of ``methods``."""
