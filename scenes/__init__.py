"""Manim scenes, one topic per module; run with the plain CLI, e.g.
``manim -ql scenes/optimizers.py MomentumRavine``."""
