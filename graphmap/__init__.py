"""graphmap: a graph-based explorer of Finnish family-centre (perhekeskus) service networks."""

__version__ = "0.1.0"
