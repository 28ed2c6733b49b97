"""The composition root: settings, storage, migrations, the container that wires every
part, metrics and logs.
"""
