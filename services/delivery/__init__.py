"""Webhook delivery of alerts: the deliverer and the destination policy (no reaching
inside).
"""
