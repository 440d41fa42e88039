"""Renderers: pictures from numbers. No maths here; renderers read simulation results."""
