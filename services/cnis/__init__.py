"""The LA's register of children not in school: reading it, and its return file."""
