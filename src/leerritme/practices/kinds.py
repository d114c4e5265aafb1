"""This part's registrations with the shared kinds seam."""
