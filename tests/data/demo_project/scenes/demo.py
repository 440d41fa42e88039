"""A one-second demo scene for the engine tests."""

from manim import Dot, ValueTracker, linear

from vizdl.render.manim import DataScene, label
from vizdl.style import THEME


class DemoDot(DataScene):
    compute = "demo_code.sim:line"
    params = dict(n=10)

    def construct(self):
        d = self.load()
        t = ValueTracker(0)
        dot = Dot(radius=0.3, color=THEME.palette.vermillion)
        dot.add_updater(lambda m: m.move_to([4 * t.get_value() - 2, 2 * float(d.y[-1]) - 1, 0]))
        self.add(label("demo", font_size=30).to_edge([0, 1, 0]), dot)
        self.play(t.animate.set_value(1), run_time=1, rate_func=linear)
