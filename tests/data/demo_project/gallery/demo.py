import os

from vizdl.gallery import animation, figure, topic

topic("demo", "Demo topic", blurb="Entries for the engine tests.", order=1)

figure(
    "alpha",
    title="Alpha line",
    topic="demo",
    compute="demo_code.sim:line",
    draw="demo_code.draw:draw_line",
    params=dict(n=20, slope=1.0),
    caption="A line.",
)
figure(
    "beta",
    title="Beta scatter",
    topic="demo",
    compute="demo_code.sim:line",
    draw="demo_code.draw:draw_scatter",
    params=dict(n=30, slope=-1.0),
    seed=3,
    equation=r"$y = a x + \epsilon$",
)
figure(
    "gamma",
    title="Gamma bars",
    topic="demo",
    compute="demo_code.sim:line",
    draw="demo_code.draw:draw_bars",
    params=dict(n=10, slope=0.5, sleep=float(os.environ.get("VIZDL_DEMO_SLEEP", "0"))),
)

if os.environ.get("VIZDL_DEMO_FAIL"):
    figure(
        "delta-fails",
        title="Delta fails",
        topic="demo",
        compute="demo_code.sim:boom",
        draw="demo_code.draw:draw_line",
        params=dict(n=3),
    )

if os.environ.get("VIZDL_DEMO_ANIMATION"):
    animation(
        "dot",
        title="A moving dot",
        topic="demo",
        compute="demo_code.sim:line",
        scene="scenes.demo:DemoDot",
        params=dict(n=10),
        formats=("mp4", "webm", "gif"),
    )
