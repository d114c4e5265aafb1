"""This part's registrations with the shared panels seam."""
