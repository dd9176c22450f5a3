"""Ideas and what residents do with them; moderation and planners' answers."""
