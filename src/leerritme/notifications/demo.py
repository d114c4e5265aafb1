"""This part's registrations with the shared demo seam.

Notifications have no demo data of their own: each part adds the notifications of its own kinds to
its demo data (people/demo.py gives the demo logins theirs), through notify(), so they are rendered
exactly as real ones are.
"""
