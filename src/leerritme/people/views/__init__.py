"""People views, one module per area: directory and profiles, skills, administration, imports."""
