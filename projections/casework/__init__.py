"""What people work: the LA queue, findings, returns, the alerts inbox, the webhook
outbox, processing limits.
"""
