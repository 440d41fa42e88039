"""Your own loss surface: an expression in ``x`` and ``y``, parsed safely, differentiated exactly.

``parse("(x**2 + y - 11)**2/10 + sin(3*x)")`` reads the text with an allow-list grammar — numbers,
the variables ``x`` and ``y``, the constants ``pi`` and ``e``, ``+ - * / **``, parentheses and the
functions in :data:`FUNCTIONS` — into a small tree of its own. Nothing is ever handed to ``eval``,
``exec`` or ``compile``: Python's parser only reads the text (``ast.parse``), every node type not
on the list is refused with one line naming it and saying what is allowed, and the tree is then
evaluated by this module's own interpreter.

The gradient is exact: forward-mode dual numbers carry ∂/∂x and ∂/∂y through every operation (no
finite differences). The same tree evaluates numpy arrays and torch tensors (so torch.optim and
autograd can run on it, and the tests compare both). :func:`expression_surface` makes a
:class:`~vizdl.sim.surfaces.Surface` of it, with its local minima inside the domain found
numerically (multi-start Newton on the exact gradient) and marked.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass

import numpy as np

from vizdl.sim.surfaces import SURFACES, Surface

__all__ = [
    "ExprError",
    "Expr",
    "parse",
    "expression_surface",
    "resolve_surface",
    "FORMULA_DOMAIN",
    "FUNCTIONS",
    "MAX_LENGTH",
]

MAX_LENGTH = 500  # characters: a surface, not a program
_MAX_NODES = 400
_MAX_POWER = 64  # |exponent| of a constant power, so 10**10**10 cannot hang the parser


class ExprError(ValueError):
    """A surface expression that is not allowed (the message says what is)."""


# name -> (numpy function, torch function name, derivative as a function of the argument's value)
FUNCTIONS: dict[str, tuple] = {
    "sin": (np.sin, "sin", lambda v: np.cos(v)),
    "cos": (np.cos, "cos", lambda v: -np.sin(v)),
    "tan": (np.tan, "tan", lambda v: 1 / np.cos(v) ** 2),
    "exp": (np.exp, "exp", lambda v: np.exp(v)),
    "log": (np.log, "log", lambda v: 1 / v),
    "sqrt": (np.sqrt, "sqrt", lambda v: 0.5 / np.sqrt(v)),
    "tanh": (np.tanh, "tanh", lambda v: 1 - np.tanh(v) ** 2),
    "sigmoid": (
        lambda v: 1 / (1 + np.exp(-v)),
        "sigmoid",
        lambda v: np.exp(-v) / (1 + np.exp(-v)) ** 2,
    ),
    "abs": (np.abs, "abs", lambda v: np.sign(v)),
    "cosh": (np.cosh, "cosh", lambda v: np.sinh(v)),
    "sinh": (np.sinh, "sinh", lambda v: np.cosh(v)),
}
CONSTANTS = {"pi": math.pi, "e": math.e}
VARIABLES = ("x", "y")
_ALLOWED = (
    "numbers, x, y, pi, e, + - * / ** (a power of a constant or of an expression), parentheses "
    "and the functions " + ", ".join(FUNCTIONS)
)


@dataclass(frozen=True)
class Expr:
    """A parsed surface expression: ``tree`` is nested tuples (``("num", 2.0)``, ``("var", "x")``,
    ``("neg", a)``, ``("add"|"sub"|"mul"|"div"|"pow", a, b)``, ``("call", name, a)``)."""

    text: str
    tree: tuple

    def value(self, x: object, y: object) -> object:
        """f(x, y) for numpy arrays (or floats) or torch tensors of the same shape."""
        if type(x).__module__.startswith("torch"):
            import torch

            return _eval_torch(self.tree, x, y, torch)
        with np.errstate(all="ignore"):
            return _eval(
                self.tree, np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
            )

    def value_and_grad(
        self, x: np.ndarray, y: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(f, ∂f/∂x, ∂f/∂y), exactly (dual numbers), as float64 arrays."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        one, zero = np.ones_like(x), np.zeros_like(x)
        with np.errstate(all="ignore"):
            v, dx, dy = _dual(self.tree, (x, one, zero), (y, zero, one))
        shape = np.broadcast(x, y).shape
        return tuple(np.broadcast_to(np.asarray(a, dtype=np.float64), shape) for a in (v, dx, dy))


def parse(text: str) -> Expr:
    """Read ``text`` as a surface expression; :class:`ExprError` with one line otherwise."""
    if not isinstance(text, str) or not text.strip():
        raise ExprError("a surface expression must be non-empty text in x and y")
    if len(text) > MAX_LENGTH:
        raise ExprError(f"a surface expression is at most {MAX_LENGTH} characters, got {len(text)}")
    if any(c in text for c in "\n\r;"):
        raise ExprError("a surface expression is one line, with no ';'")
    src = text.strip().replace("^", "**")  # x^2 as written on a blackboard
    try:
        node = ast.parse(src, mode="eval").body
    except (RecursionError, MemoryError):
        raise ExprError(f"{text!r} is nested too deeply") from None
    except SyntaxError as exc:
        col = f" at column {exc.offset}" if exc.offset else ""
        raise ExprError(f"cannot read {text!r}{col}; allowed: {_ALLOWED}") from None
    count = sum(1 for _ in ast.walk(node))
    if count > _MAX_NODES:
        raise ExprError(f"{text!r} is too long ({count} parts; at most {_MAX_NODES})")
    for n in ast.walk(node):  # numbers as the page's grammar writes them: no 0x10, 1_000, 1j
        if isinstance(n, ast.Constant) and not _NUMBER.fullmatch(
            ast.get_source_segment(src, n) or ""
        ):
            raise ExprError(
                f"{ast.get_source_segment(src, n)!r} in {text!r} is not a plain decimal number; "
                f"allowed: {_ALLOWED}"
            )
    tree = _convert(node, text)
    names = _variables(tree)
    if not names:
        raise ExprError(f"{text!r} does not depend on x or y")
    return Expr(text.strip(), tree)


_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_BINOPS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.Pow: "pow"}


def _convert(node: ast.AST, text: str) -> tuple:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return ("num", float(node.value))
    if isinstance(node, ast.Name):
        if node.id in VARIABLES:
            return ("var", node.id)
        if node.id in CONSTANTS:
            return ("num", CONSTANTS[node.id])
        hint = f" ({node.id} is a function: write {node.id}(x))" if node.id in FUNCTIONS else ""
        raise ExprError(f"unknown name {node.id!r} in {text!r}{hint}; allowed: {_ALLOWED}")
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _convert(node.operand, text)
        return ("neg", inner) if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        a, b = _convert(node.left, text), _convert(node.right, text)
        op = _BINOPS[type(node.op)]
        if op == "pow" and b[0] == "num" and abs(b[1]) > _MAX_POWER:
            raise ExprError(f"the power {b[1]:g} in {text!r} is too large (at most {_MAX_POWER})")
        return (op, a, b)
    if isinstance(node, ast.Call):
        fn = node.func
        if not isinstance(fn, ast.Name) or fn.id not in FUNCTIONS:
            what = ast.unparse(fn) if hasattr(ast, "unparse") else "that"
            raise ExprError(f"{what!r} is not an allowed function in {text!r}; allowed: {_ALLOWED}")
        if node.keywords or len(node.args) != 1:
            raise ExprError(f"{fn.id}() takes exactly one argument in {text!r}")
        return ("call", fn.id, _convert(node.args[0], text))
    what = type(node).__name__
    shown = {"Attribute": "attribute access (a.b)", "Subscript": "indexing (a[b])",
             "Compare": "a comparison", "Lambda": "lambda", "Constant": "a text or other constant",
             "BoolOp": "and/or", "IfExp": "if/else", "Starred": "*args", "NamedExpr": ":="}  # fmt: skip
    raise ExprError(
        f"{shown.get(what, what)} is not allowed in a surface expression ({text!r}); "
        f"allowed: {_ALLOWED}"
    )


def _variables(tree: tuple) -> set[str]:
    kind = tree[0]
    if kind == "var":
        return {tree[1]}
    if kind == "num":
        return set()
    return set().union(*(_variables(t) for t in tree[1:] if isinstance(t, tuple)))


def _eval(t: tuple, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    kind = t[0]
    if kind == "num":
        return t[1]
    if kind == "var":
        return x if t[1] == "x" else y
    if kind == "neg":
        return -_eval(t[1], x, y)
    if kind == "call":
        return FUNCTIONS[t[1]][0](_eval(t[2], x, y))
    a, b = _eval(t[1], x, y), _eval(t[2], x, y)
    return {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide,
            "pow": np.power}[kind](a, b)  # fmt: skip


def _eval_torch(t: tuple, x: object, y: object, torch: object) -> object:
    kind = t[0]
    if kind == "num":
        return t[1]
    if kind == "var":
        return x if t[1] == "x" else y
    if kind == "neg":
        return -_eval_torch(t[1], x, y, torch)
    if kind == "call":
        return getattr(torch, FUNCTIONS[t[1]][1])(_eval_torch(t[2], x, y, torch))
    a, b = _eval_torch(t[1], x, y, torch), _eval_torch(t[2], x, y, torch)
    if kind == "add":
        return a + b
    if kind == "sub":
        return a - b
    if kind == "mul":
        return a * b
    if kind == "div":
        return a / b
    return a**b


def _dual(t: tuple, X: tuple, Y: tuple) -> tuple:
    """(value, ∂/∂x, ∂/∂y) of node ``t``; X and Y are the duals of the variables."""
    kind = t[0]
    if kind == "num":
        return (t[1], 0.0, 0.0)
    if kind == "var":
        return X if t[1] == "x" else Y
    if kind == "neg":
        v, dx, dy = _dual(t[1], X, Y)
        return (-v, -dx, -dy)
    if kind == "call":
        v, dx, dy = _dual(t[2], X, Y)
        f, _, df = FUNCTIONS[t[1]]
        d = df(v)
        return (f(v), d * dx, d * dy)
    a, adx, ady = _dual(t[1], X, Y)
    b, bdx, bdy = _dual(t[2], X, Y)
    if kind == "add":
        return (a + b, adx + bdx, ady + bdy)
    if kind == "sub":
        return (a - b, adx - bdx, ady - bdy)
    if kind == "mul":
        return (a * b, adx * b + a * bdx, ady * b + a * bdy)
    if kind == "div":
        return (a / b, (adx * b - a * bdx) / b**2, (ady * b - a * bdy) / b**2)
    # power: a constant exponent keeps negative bases (x**2, x**3); otherwise a**b = exp(b log a)
    if t[2][0] == "num":
        n = t[2][1]
        d = n * np.power(a, n - 1) if n != 0 else 0.0
        return (np.power(a, n), d * adx, d * ady)
    v = np.power(a, b)
    log_a = np.log(a)
    return (v, v * (bdx * log_a + b * adx / a), v * (bdy * log_a + b * ady / a))


def expression_surface(text: str, domain: tuple[float, float, float, float]) -> Surface:
    """A :class:`~vizdl.sim.surfaces.Surface` of ``text`` over ``domain`` = (x_lo, x_hi, y_lo,
    y_hi), with its exact gradient and its local minima inside the domain."""
    expr = parse(text)
    x0, x1, y0, y1 = (float(v) for v in domain)
    if not (np.isfinite([x0, x1, y0, y1]).all() and x0 < x1 and y0 < y1):
        raise ExprError(
            f"domain {tuple(domain)} must be (x_low, x_high, y_low, y_high) with low < high"
        )

    def value(p):
        return expr.value(p[:, 0], p[:, 1])

    def grad(p):
        p = np.asarray(p, dtype=np.float64)
        _, gx, gy = expr.value_and_grad(p[:, 0], p[:, 1])
        return np.stack([gx, gy], axis=1)

    box = np.array([[x0, x1], [y0, y1]])
    probe = np.stack(np.meshgrid(np.linspace(x0, x1, 41), np.linspace(y0, y1, 41)), -1).reshape(
        -1, 2
    )
    with np.errstate(all="ignore"):
        vals = value(probe)
    bad = ~np.isfinite(vals)
    if bad.any():  # contours, minima and loss panels need a finite surface everywhere drawn
        x, y = probe[int(np.argmax(bad))]
        raise ExprError(
            f"{text!r} is not finite at x = {x:g}, y = {y:g}, inside the domain {tuple(domain)}: "
            "pick a domain where it is finite everywhere"
        )
    return Surface(
        "expression",
        text.strip(),
        value,
        grad,
        box,
        local_minima(value, grad, box),
    )


def local_minima(value, grad, box: np.ndarray, starts: int = 15, iters: int = 60) -> np.ndarray:
    """Local minima of a 2-D function inside ``box``: Newton steps on the exact gradient from a
    ``starts × starts`` grid (falling back to a gradient step where the Hessian is not positive
    definite), kept where the gradient vanishes and the Hessian is positive definite; merged
    within 1e-6 of the box size and sorted by value."""
    lo, hi = box[:, 0], box[:, 1]
    span = hi - lo
    g1 = np.linspace(0, 1, starts + 2)[1:-1]
    p = lo + span * np.stack(np.meshgrid(g1, g1), -1).reshape(-1, 2)
    eps = 1e-6 * span
    for _ in range(iters):
        g = grad(p)
        hess = np.stack([(grad(p + e) - grad(p - e)) / (2 * e.max()) for e in np.diag(eps)], axis=2)
        hess = 0.5 * (hess + np.swapaxes(hess, 1, 2))
        with np.errstate(all="ignore"):
            det = hess[:, 0, 0] * hess[:, 1, 1] - hess[:, 0, 1] * hess[:, 1, 0]
            pd = (hess[:, 0, 0] > 0) & (det > 0)
            step = np.where(
                pd[:, None], np.linalg.solve(hess + 1e-12 * np.eye(2), g[..., None])[..., 0], 0.0
            )
            gstep = 0.05 * span * g / (np.linalg.norm(g / span, axis=1, keepdims=True) + 1e-300)
            step = np.where(pd[:, None], step, gstep)
        # never leave the box by more than a little; keep finite points only
        p = np.clip(p - np.nan_to_num(step), lo - 0.05 * span, hi + 0.05 * span)
    g = grad(p)
    hess = np.stack([(grad(p + e) - grad(p - e)) / (2 * e.max()) for e in np.diag(eps)], axis=2)
    det = hess[:, 0, 0] * hess[:, 1, 1] - hess[:, 0, 1] * hess[:, 1, 0]
    scale = np.abs(value(p)) + 1.0
    ok = (
        np.isfinite(g).all(axis=1)
        & (np.linalg.norm(g * span, axis=1) < 1e-6 * scale)
        & (hess[:, 0, 0] > 0)
        & (det > 0)
        & np.all((p >= lo) & (p <= hi), axis=1)
    )
    found: list[np.ndarray] = []
    for q in p[ok]:
        if all(np.max(np.abs(q - f) / span) > 1e-6 for f in found):
            found.append(q)
    if not found:
        return np.zeros((0, 2))
    out = np.array(found)
    return out[np.argsort(value(out), kind="stable")]


# the square a formula is drawn on when no domain is given
FORMULA_DOMAIN = (-3.0, 3.0, -3.0, 3.0)


def resolve_surface(
    surface: str, domain: tuple[float, float, float, float] | None = None
) -> Surface:
    """A built-in surface by name, or a formula in ``x`` and ``y`` (vizdl.sim.expr's safe
    grammar: exact gradient, minima found numerically) over ``domain`` = (x_low, x_high,
    y_low, y_high), :data:`FORMULA_DOMAIN` if None. A built-in surface has its own domain:
    giving one is a ``ValueError`` that says so."""
    if not isinstance(surface, str) or not surface.strip():
        raise ValueError(f"surface must be a name or a formula in x and y, got {surface!r}")
    if surface in SURFACES:
        if domain is not None:
            own = ", ".join(f"[{a:g}, {b:g}]" for a, b in SURFACES[surface]().domain)
            raise ValueError(
                f"domain is for a formula; surface {surface!r} has its own ({own}): leave "
                "domain unset"
            )
        return SURFACES[surface]()
    try:
        return expression_surface(surface, FORMULA_DOMAIN if domain is None else domain)
    except ExprError as exc:
        raise ValueError(
            f"surface {surface!r} is neither a built-in ({', '.join(SURFACES)}) nor a formula: "
            f"{exc}"
        ) from None
