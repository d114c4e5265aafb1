"""People services (writes), one module per area: admin, invitations, importing, skills."""
