"""This part's registrations with the shared demo seam."""
