"""Surface expressions: a safe grammar (nothing typed is ever run as Python), an exact gradient
(checked against finite differences and torch autograd), and minima found and marked."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from vizdl.sim.expr import ExprError, expression_surface, parse
from vizdl.sim.surfaces import himmelblau

EXPRESSIONS = [
    "x**2 + 3*y**2",
    "(x**2 + y - 11)**2/10 + sin(3*x)",
    "(1 - x)**2 + 100*(y - x**2)**2",
    "exp(-x**2 - y**2) * cos(2*x) + 0.1*abs(y) + tanh(x*y)",
    "log(1 + x**2 + y**2) - sqrt(2 + x**2) / (3 + y**2)",
    "x^3 - 3*x*y^2",  # ^ read as a power, as on a blackboard
    "2**x + x**y + sigmoid(x - y) + cosh(y/3) - sinh(x/4) + pi*e",
    "-x + +y - (-x)**2",
]


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_the_gradient_is_exact(text: str) -> None:
    e = parse(text)
    rng = np.random.default_rng(0)
    x = rng.uniform(0.3, 2.0, 50)  # x > 0 keeps x**y real
    y = rng.uniform(-1.5, 1.5, 50)
    v, gx, gy = e.value_and_grad(x, y)
    # central differences agree to their own accuracy (h² ≈ 1e-10 relative)
    h = 1e-6
    fx = (e.value(x + h, y) - e.value(x - h, y)) / (2 * h)
    fy = (e.value(x, y + h) - e.value(x, y - h)) / (2 * h)
    np.testing.assert_allclose(gx, fx, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(gy, fy, rtol=1e-6, atol=1e-6)
    # and torch autograd on the same tree agrees to rounding
    tx = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    ty = torch.tensor(y, dtype=torch.float64, requires_grad=True)
    tv = e.value(tx, ty)
    tv.sum().backward()
    np.testing.assert_allclose(tv.detach().numpy(), v, rtol=1e-13)
    np.testing.assert_allclose(tx.grad.numpy(), gx, rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(ty.grad.numpy(), gy, rtol=1e-11, atol=1e-12)


ATTACKS = [
    "__import__('os').system('touch /tmp/vizdl-pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "eval('1+1')",
    "exec('import os')",
    "open('/etc/passwd')",
    "x.real",
    "x[0]",
    "lambda: 1",
    "x if y else 1",
    "[x, y]",
    "'text'",
    "x; import os",
    "x\nimport os",
    "(x := 3)",
    "x < y",
    "x and y",
    "sin",
    "sin(x, y)",
    "sin(x=1)",
    "np.sin(x)",
    "globals()",
    "x" + " + x" * 300,
    "(" * 300 + "x" + ")" * 300,
    "3 + 4",
    "",
    "x**1000",
]


@pytest.mark.parametrize("text", ATTACKS, ids=range(len(ATTACKS)))
def test_anything_outside_the_grammar_is_refused_and_never_run(text: str, tmp_path) -> None:
    import os

    with pytest.raises(ExprError) as err:
        parse(text)
    msg = str(err.value)
    assert "\n" not in msg and len(msg) < 700
    assert not os.path.exists("/tmp/vizdl-pwned")


def test_refusals_say_what_is_allowed() -> None:
    with pytest.raises(ExprError, match=r"unknown name 'z'.*allowed: numbers, x, y, pi, e"):
        parse("x + z")
    with pytest.raises(ExprError, match=r"'np.sin' is not an allowed function"):
        parse("np.sin(x)")
    with pytest.raises(ExprError, match=r"attribute access"):
        parse("x.real")
    with pytest.raises(ExprError, match=r"sin is a function: write sin\(x\)"):
        parse("sin + x")
    with pytest.raises(ExprError, match=r"does not depend on x or y"):
        parse("3 + 4")


def test_minima_are_found_and_match_the_known_ones() -> None:
    s = expression_surface("(x**2 + y - 11)**2 + (x + y**2 - 7)**2", (-5, 5, -5, 5))
    known = himmelblau().minima
    assert len(s.minima) == 4
    for m in known:
        assert np.min(np.linalg.norm(s.minima - m, axis=1)) < 1e-8
    np.testing.assert_allclose(s.value(s.minima), 0.0, atol=1e-12)
    bowl = expression_surface("(x - 1)**2 + 2*(y + 0.5)**2", (-3, 3, -2, 2))
    np.testing.assert_allclose(bowl.minima, [[1.0, -0.5]], atol=1e-10)
    # a saddle has none; a minimum outside the domain is not reported
    assert len(expression_surface("x**2 - y**2", (-2, 2, -2, 2)).minima) == 0
    assert len(expression_surface("(x - 9)**2 + y**2", (-2, 2, -2, 2)).minima) == 0


def test_the_surface_gradient_drives_torch_optim_like_a_built_in() -> None:
    s = expression_surface("(x - 1)**2 + 10*(y + 0.5)**2", (-3, 3, -2, 2))
    p = torch.tensor([[-2.0, 1.5]], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.02)
    q = np.array([[-2.0, 1.5]])
    for _ in range(50):
        opt.zero_grad()
        s.value(p).sum().backward()
        opt.step()
        q = q - 0.02 * s.grad(q)
    np.testing.assert_allclose(p.detach().numpy(), q, rtol=1e-12)


def test_a_bad_domain_or_a_not_everywhere_finite_expression_is_refused() -> None:
    with pytest.raises(ExprError, match="low < high"):
        expression_surface("x**2 + y**2", (1, -1, 0, 1))
    with pytest.raises(ExprError, match="not finite at x = -1, y = -1"):
        expression_surface("log(-1 - x**2) + y", (-1, 1, -1, 1))
    # overflow in part of the domain: e^(1000x) passes the largest float (e^709.78) from
    # x = 0.70978; the first probe point past it (a 41-point grid: steps of 0.05) is 0.75
    with pytest.raises(ExprError, match=r"not finite at x = 0.75, y = -1.*pick a domain"):
        expression_surface("exp(1000*x)", (-1, 1, -1, 1))
    with pytest.raises(ExprError, match="not finite at x = -1"):
        expression_surface("log(x)", (-1, 1, -1, 1))  # NaN left of 0: the first probe point
    expression_surface("log(x)", (0.5, 2, -1, 1))  # finite everywhere on this domain
