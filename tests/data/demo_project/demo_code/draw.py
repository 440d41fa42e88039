"""Demo renderers for the engine tests."""


def _decorate(ax, title):
    ax.set_title(title)
    ax.set_xlabel("x")


def draw_line(fig, r):
    ax = fig.add_subplot()
    ax.plot(r.x, r.y, marker="o")
    _decorate(ax, "line")


def draw_scatter(fig, r):
    ax = fig.add_subplot()
    ax.scatter(r.x, r.y)
    _decorate(ax, "scatter")


def draw_bars(fig, r):
    ax = fig.add_subplot()
    ax.bar(r.x, r.y, width=0.02)
    ax.set_title("bars")
