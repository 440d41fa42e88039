import os

from vizdl.gallery import animation, claim, figure, knob, lecture, topic

topic("demo", "Demo topic", blurb="Entries for the engine tests.", order=1)

N = knob(20, "number of points", low=2, high=10_000)
SLOPE = knob(1.0, "slope of the line", low=-10.0, high=10.0)

figure(
    "alpha",
    title="Alpha line",
    topic="demo",
    compute="demo_code.sim:line",
    draw="demo_code.draw:draw_line",
    params=dict(n=N, slope=SLOPE),
    caption="A line.",
)
figure(
    "beta",
    title="Beta scatter",
    topic="demo",
    compute="demo_code.sim:line",
    draw="demo_code.draw:draw_scatter",
    params=dict(n=N.with_default(30), slope=SLOPE.with_default(-1.0)),
    seed=3,
    equation=r"$y = a x + \epsilon$",
)
figure(
    "gamma",
    title="Gamma bars",
    topic="demo",
    compute="demo_code.sim:line",
    draw="demo_code.draw:draw_bars",
    params=dict(
        n=N.with_default(10),
        slope=SLOPE.with_default(0.5),
        sleep=knob(float(os.environ.get("VIZDL_DEMO_SLEEP", "0")), "seconds to wait", low=0.0),
    ),
)

if os.environ.get("VIZDL_DEMO_FAIL"):
    figure(
        "delta-fails",
        title="Delta fails",
        topic="demo",
        compute="demo_code.sim:boom",
        draw="demo_code.draw:draw_line",
        params=dict(n=knob(3, "anything", low=0)),
    )

if os.environ.get("VIZDL_DEMO_ANIMATION"):
    animation(
        "dot",
        title="A moving dot",
        topic="demo",
        compute="demo_code.sim:line",
        scene="scenes.demo:DemoDot",
        params=dict(n=N.with_default(10)),
        formats=("mp4", "webm", "gif"),
    )

if os.environ.get("VIZDL_DEMO_CLAIM"):
    # "holds": a rising line; "fails": the same claim on a falling one; "broken": a check
    # that returns something else than a Verdict.
    mode = os.environ["VIZDL_DEMO_CLAIM"]
    figure(
        "epsilon",
        title="Epsilon rises",
        topic="demo",
        compute="demo_code.sim:line",
        draw="demo_code.draw:draw_line",
        params=dict(n=N, slope=SLOPE.with_default(-1.0 if mode == "fails" else 1.0)),
        caption="A line whose fitted slope is {slope:.2f}.",
        claims=[
            claim(
                "The line rises: its fitted slope is {slope:.2f}.",
                "demo_code.checks:broken" if mode == "broken" else "demo_code.checks:rises",
            ),
            lecture("Lines go up.", "demo_code.checks:rises_again"),
        ],
    )
