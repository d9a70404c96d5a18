"""The staff console: server-rendered pages for mediators, firms and admins, behind accounts and sessions."""
