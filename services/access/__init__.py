"""Who may do what: bearer tokens and roles, the scopes that authorise each read and
write, and the one function that writes a read to the access log.
"""
