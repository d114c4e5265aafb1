"""Knowledge services (writes), one module per area; each keeps the search entries of what it changes."""
