"""Knowledge views, one module per area."""
