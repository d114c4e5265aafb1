"""People forms, one module per area: admin, importing, skills."""
