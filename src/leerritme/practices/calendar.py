"""This part's registrations with the shared calendar seam."""
