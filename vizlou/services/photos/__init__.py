"""A photo on an idea, for those who want one: checked and cleaned on the server (``clean``),
kept outside the database (``stores``), attached by the idea's author (``attach``)."""
