"""This part's registrations with the shared due seam."""
