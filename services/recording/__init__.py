"""The one path that records a movement (API, batch and bulk import alike), first
contact with a child, and the wire form of a movement.
"""
