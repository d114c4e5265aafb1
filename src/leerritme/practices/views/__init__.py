"""Way-of-learning views, one module per area."""
