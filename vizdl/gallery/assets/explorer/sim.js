// vizdl explorer: the simulation, ported line for line from vizdl/sim/optimizers/rules.py (the
// update rules, in torch.optim's order of operations, float64) and vizdl/sim/surfaces.py (the
// built-in surfaces), plus the surface-expression grammar of vizdl/sim/expr.py with an exact
// gradient (forward-mode dual numbers). tests/test_explorer.py checks, in headless Chromium, that
// every path equals the Python simulation (which equals torch.optim).
//
// No eval, no Function: an expression typed in the page is tokenized and parsed here into a tree
// and evaluated by this file's own interpreter.
(function (root) {
  "use strict";

  // ---------------------------------------------------------------- surface expressions ----
  const FUNCS = {
    sin: [Math.sin, (v) => Math.cos(v)],
    cos: [Math.cos, (v) => -Math.sin(v)],
    tan: [Math.tan, (v) => 1 / Math.cos(v) ** 2],
    exp: [Math.exp, (v) => Math.exp(v)],
    log: [Math.log, (v) => 1 / v],
    sqrt: [Math.sqrt, (v) => 0.5 / Math.sqrt(v)],
    tanh: [Math.tanh, (v) => 1 - Math.tanh(v) ** 2],
    sigmoid: [(v) => 1 / (1 + Math.exp(-v)), (v) => Math.exp(-v) / (1 + Math.exp(-v)) ** 2],
    abs: [Math.abs, (v) => Math.sign(v)],
    cosh: [Math.cosh, (v) => Math.sinh(v)],
    sinh: [Math.sinh, (v) => Math.cosh(v)],
  };
  const CONSTS = { pi: Math.PI, e: Math.E };
  const MAX_LENGTH = 500;
  const MAX_POWER = 64;
  const ALLOWED =
    "numbers, x, y, pi, e, + - * / ** (or ^), parentheses and the functions " +
    Object.keys(FUNCS).join(", ");

  class ExprError extends Error {}

  function tokenize(text) {
    const toks = [];
    const re = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z_0-9]*)|(\*\*|[-+*/^(),]))/y;
    let i = 0;
    const s = text.trim();
    while (i < s.length) {
      re.lastIndex = i;
      const m = re.exec(s);
      if (!m) throw new ExprError(`cannot read ${JSON.stringify(text)} at column ${i + 1}; allowed: ${ALLOWED}`);
      if (m[1] !== undefined) toks.push({ t: "num", v: Number(m[1]) });
      else if (m[2] !== undefined) toks.push({ t: "name", v: m[2] });
      else toks.push({ t: "op", v: m[3] === "^" ? "**" : m[3] });
      i = re.lastIndex;
    }
    return toks;
  }

  // Python's precedence: + - < * / < unary -/+ < ** (right-associative; -x**2 = -(x**2), 2**-x ok)
  function parseExpr(text) {
    if (typeof text !== "string" || !text.trim()) throw new ExprError("a surface expression must be non-empty text in x and y");
    if (text.length > MAX_LENGTH) throw new ExprError(`a surface expression is at most ${MAX_LENGTH} characters, got ${text.length}`);
    const toks = tokenize(text);
    let k = 0;
    let depth = 0;
    const peek = () => toks[k];
    const isOp = (v) => toks[k] && toks[k].t === "op" && toks[k].v === v;
    function expect(v) {
      if (!isOp(v)) throw new ExprError(`cannot read ${JSON.stringify(text)}: expected '${v}'; allowed: ${ALLOWED}`);
      k++;
    }
    function sum() {
      let a = product();
      while (isOp("+") || isOp("-")) {
        const op = toks[k++].v === "+" ? "add" : "sub";
        a = [op, a, product()];
      }
      return a;
    }
    function product() {
      let a = unary();
      while (isOp("*") || isOp("/")) {
        const op = toks[k++].v === "*" ? "mul" : "div";
        a = [op, a, unary()];
      }
      return a;
    }
    function unary() {
      if (isOp("-")) { k++; return ["neg", unary()]; }
      if (isOp("+")) { k++; return unary(); }
      return power();
    }
    function power() {
      const base = atom();
      if (isOp("**")) {
        k++;
        const ex = unary();
        if (ex[0] === "num" && Math.abs(ex[1]) > MAX_POWER)
          throw new ExprError(`the power ${ex[1]} in ${JSON.stringify(text)} is too large (at most ${MAX_POWER})`);
        return ["pow", base, ex];
      }
      return base;
    }
    function atom() {
      const tok = peek();
      if (!tok) throw new ExprError(`cannot read ${JSON.stringify(text)}: it ends too early; allowed: ${ALLOWED}`);
      if (tok.t === "num") { k++; return ["num", tok.v]; }
      if (tok.t === "name") {
        k++;
        if (isOp("(")) {
          if (!(tok.v in FUNCS)) throw new ExprError(`'${tok.v}' is not an allowed function in ${JSON.stringify(text)}; allowed: ${ALLOWED}`);
          k++;
          if (++depth > 100) throw new ExprError(`${JSON.stringify(text)} is nested too deeply`);
          const arg = sum();
          depth--;
          if (isOp(",")) throw new ExprError(`${tok.v}() takes exactly one argument in ${JSON.stringify(text)}`);
          expect(")");
          return ["call", tok.v, arg];
        }
        if (tok.v === "x" || tok.v === "y") return ["var", tok.v];
        if (tok.v in CONSTS) return ["num", CONSTS[tok.v]];
        const hint = tok.v in FUNCS ? ` (${tok.v} is a function: write ${tok.v}(x))` : "";
        throw new ExprError(`unknown name '${tok.v}' in ${JSON.stringify(text)}${hint}; allowed: ${ALLOWED}`);
      }
      if (isOp("(")) {
        k++;
        if (++depth > 100) throw new ExprError(`${JSON.stringify(text)} is nested too deeply`);
        const a = sum();
        depth--;
        expect(")");
        return a;
      }
      throw new ExprError(`cannot read ${JSON.stringify(text)} at '${tok.v}'; allowed: ${ALLOWED}`);
    }
    const tree = sum();
    if (k !== toks.length) throw new ExprError(`cannot read ${JSON.stringify(text)} at '${toks[k].v}'; allowed: ${ALLOWED}`);
    const vars = (t) => (t[0] === "var" ? [t[1]] : t[0] === "num" ? [] : t.slice(1).filter(Array.isArray).flatMap(vars));
    if (!vars(tree).length) throw new ExprError(`${JSON.stringify(text)} does not depend on x or y`);
    return tree;
  }

  function evalTree(t, x, y) {
    switch (t[0]) {
      case "num": return t[1];
      case "var": return t[1] === "x" ? x : y;
      case "neg": return -evalTree(t[1], x, y);
      case "call": return FUNCS[t[1]][0](evalTree(t[2], x, y));
    }
    const a = evalTree(t[1], x, y), b = evalTree(t[2], x, y);
    switch (t[0]) {
      case "add": return a + b;
      case "sub": return a - b;
      case "mul": return a * b;
      case "div": return a / b;
      default: return Math.pow(a, b);
    }
  }

  // [value, d/dx, d/dy], exactly as vizdl/sim/expr.py's _dual
  function dual(t, X, Y) {
    switch (t[0]) {
      case "num": return [t[1], 0, 0];
      case "var": return t[1] === "x" ? X : Y;
      case "neg": { const [v, dx, dy] = dual(t[1], X, Y); return [-v, -dx, -dy]; }
      case "call": {
        const [v, dx, dy] = dual(t[2], X, Y);
        const [f, df] = FUNCS[t[1]];
        const d = df(v);
        return [f(v), d * dx, d * dy];
      }
    }
    const [a, adx, ady] = dual(t[1], X, Y);
    const [b, bdx, bdy] = dual(t[2], X, Y);
    switch (t[0]) {
      case "add": return [a + b, adx + bdx, ady + bdy];
      case "sub": return [a - b, adx - bdx, ady - bdy];
      case "mul": return [a * b, adx * b + a * bdx, ady * b + a * bdy];
      case "div": return [a / b, (adx * b - a * bdx) / b ** 2, (ady * b - a * bdy) / b ** 2];
    }
    if (t[2][0] === "num") {
      const n = t[2][1];
      const d = n !== 0 ? n * Math.pow(a, n - 1) : 0;
      return [Math.pow(a, n), d * adx, d * ady];
    }
    const v = Math.pow(a, b), la = Math.log(a);
    return [v, v * (bdx * la + b * adx / a), v * (bdy * la + b * ady / a)];
  }

  // ------------------------------------------------------------------------- surfaces ----
  // Built-ins: their formulas as in vizdl/sim/surfaces.py, the same order of operations; the
  // quadratics' Hessians come from Python (SPEC.surfaces[name].hessian), not recomputed here.
  const FORMULAS = {
    saddle: {
      value: (a, b) => a ** 2 - b ** 2,
      grad: (a, b) => [2 * a, -2 * b],
    },
    "monkey-saddle": {
      value: (a, b) => a ** 3 - 3 * a * b ** 2,
      grad: (a, b) => [3 * a ** 2 - 3 * b ** 2, -6 * a * b],
    },
    beale: {
      value: (a, b) => (1.5 - a + a * b) ** 2 + (2.25 - a + a * b ** 2) ** 2 + (2.625 - a + a * b ** 3) ** 2,
      grad: (a, b) => {
        const t1 = 1.5 - a + a * b, t2 = 2.25 - a + a * b ** 2, t3 = 2.625 - a + a * b ** 3;
        return [
          2 * t1 * (b - 1) + 2 * t2 * (b ** 2 - 1) + 2 * t3 * (b ** 3 - 1),
          2 * t1 * a + 2 * t2 * 2 * a * b + 2 * t3 * 3 * a * b ** 2,
        ];
      },
    },
    rosenbrock: {
      value: (u, v) => (1 - u) ** 2 + 100 * (v - u ** 2) ** 2,
      grad: (u, v) => [-2 * (1 - u) - 4 * 100 * u * (v - u ** 2), 2 * 100 * (v - u ** 2)],
    },
    himmelblau: {
      value: (a, b) => (a ** 2 + b - 11) ** 2 + (a + b ** 2 - 7) ** 2,
      grad: (a, b) => {
        const p = a ** 2 + b - 11, q = a + b ** 2 - 7;
        return [4 * a * p + 2 * q, 2 * p + 4 * b * q];
      },
    },
  };

  function quadratic(h, c) {
    return {
      value: (x0, x1) => {
        const z = [x0 - c[0], x1 - c[1]];
        let s = 0;
        for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) s = s + h[i][j] * z[i] * z[j];
        return 0.5 * s;
      },
      grad: (x0, x1) => {
        const z0 = x0 - c[0], z1 = x1 - c[1];
        return [z0 * h[0][0] + z1 * h[0][1], z0 * h[1][0] + z1 * h[1][1]];
      },
    };
  }

  // Local minima inside the box, as vizdl/sim/expr.py's local_minima: Newton steps on the exact
  // gradient from a 15 × 15 grid (a gradient step where the Hessian is not positive definite),
  // kept where the gradient vanishes and the Hessian is positive definite, merged, by value.
  function localMinima(value, grad, box) {
    const [[lx, hx], [ly, hy]] = box;
    const sx = hx - lx, sy = hy - ly, ex = 1e-6 * sx, ey = 1e-6 * sy;
    const hess = (x, y) => {
      const gxp = grad(x + ex, y), gxm = grad(x - ex, y), gyp = grad(x, y + ey), gym = grad(x, y - ey);
      // columns: d/dx and d/dy of the gradient (central differences, as the Python)
      const h = [[(gxp[0] - gxm[0]) / (2 * ex), (gyp[0] - gym[0]) / (2 * ey)], [(gxp[1] - gxm[1]) / (2 * ex), (gyp[1] - gym[1]) / (2 * ey)]];
      const o = 0.5 * (h[0][1] + h[1][0]);
      return [[h[0][0], o], [o, h[1][1]]];
    };
    const found = [];
    for (let i = 1; i <= 15; i++)
      for (let j = 1; j <= 15; j++) {
        let x = lx + (sx * j) / 16, y = ly + (sy * i) / 16;
        for (let it = 0; it < 60; it++) {
          const g = grad(x, y), h = hess(x, y);
          const det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
          let dx, dy;
          if (h[0][0] > 0 && det > 0) {
            // (H + 1e-12 I)⁻¹ g, as numpy.linalg.solve does it in the Python
            const a = h[0][0] + 1e-12, d = h[1][1] + 1e-12, dt = a * d - h[0][1] * h[1][0];
            dx = (d * g[0] - h[0][1] * g[1]) / dt;
            dy = (a * g[1] - h[1][0] * g[0]) / dt;
          } else {
            const n = Math.hypot(g[0] / sx, g[1] / sy) + 1e-300;
            dx = (0.05 * sx * g[0]) / n;
            dy = (0.05 * sy * g[1]) / n;
          }
          x = Math.min(Math.max(x - (isFinite(dx) ? dx : 0), lx - 0.05 * sx), hx + 0.05 * sx);
          y = Math.min(Math.max(y - (isFinite(dy) ? dy : 0), ly - 0.05 * sy), hy + 0.05 * sy);
        }
        const g = grad(x, y), h = hess(x, y);
        const det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
        const scale = Math.abs(value(x, y)) + 1;
        const ok = isFinite(g[0]) && isFinite(g[1]) && Math.hypot(g[0] * sx, g[1] * sy) < 1e-6 * scale &&
          h[0][0] > 0 && det > 0 && x >= lx && x <= hx && y >= ly && y <= hy;
        if (ok && found.every(([fx, fy]) => Math.max(Math.abs(x - fx) / sx, Math.abs(y - fy) / sy) > 1e-6)) found.push([x, y]);
      }
    return found.sort((a, b) => value(a[0], a[1]) - value(b[0], b[1]));
  }

  // surface: {name} (a built-in from SPEC) or {expr, domain: [x0, x1, y0, y1]}
  function makeSurface(spec, SPEC) {
    if (spec.expr !== undefined) {
      const tree = parseExpr(spec.expr);
      const d = spec.domain || [-3, 3, -3, 3];
      if (!(d.every(isFinite) && d[0] < d[1] && d[2] < d[3]))
        throw new ExprError(`domain ${JSON.stringify(d)} must be (x_low, x_high, y_low, y_high) with low < high`);
      const value = (x, y) => evalTree(tree, x, y);
      const grad = (x, y) => { const r = dual(tree, [x, 1, 0], [y, 0, 1]); return [r[1], r[2]]; };
      const box = [[d[0], d[1]], [d[2], d[3]]];
      return { name: "expression", title: spec.expr, domain: box, minima: localMinima(value, grad, box), value, grad };
    }
    const s = SPEC.surfaces[spec.name];
    if (!s) throw new ExprError(`unknown surface '${spec.name}'; allowed: ${Object.keys(SPEC.surfaces).join(", ")}`);
    const f = s.hessian ? quadratic(s.hessian, s.center) : FORMULAS[spec.name];
    return { name: spec.name, title: s.title, domain: s.domain, minima: s.minima, value: f.value, grad: f.grad };
  }

  // ------------------------------------------------------------------- update rules ----
  // Each rule works on one 2-vector at a time (x: [x0, x1]); state holds 2-vectors.
  const lerp = (a, b, w) => (w < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w));
  const map2 = (f, ...vs) => [f(...vs.map((v) => v[0])), f(...vs.map((v) => v[1]))];

  function gradIn(x, g, h) {
    if (h.maximize) g = map2((gi) => -gi, g);
    if (h.weight_decay) g = map2((gi, xi) => gi + h.weight_decay * xi, g, x);
    return g;
  }

  const ADAM = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, maximize: false };
  const RULES = {
    sgd: {
      defaults: { lr: 1e-3, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false },
      init: () => ({}),
      step(x, g, h, st, t) {
        g = gradIn(x, g, h);
        const mu = h.momentum;
        if (mu) {
          const buf = t === 1 ? g.slice() : map2((b, gi) => b * mu + (1 - h.dampening) * gi, st.buf, g);
          st.buf = buf;
          g = h.nesterov ? map2((gi, b) => gi + mu * b, g, buf) : buf;
        }
        return map2((xi, gi) => xi - h.lr * gi, x, g);
      },
    },
    adagrad: {
      defaults: { lr: 1e-2, lr_decay: 0, weight_decay: 0, initial_accumulator_value: 0, eps: 1e-10, maximize: false },
      init: (h) => ({ sum: [h.initial_accumulator_value, h.initial_accumulator_value] }),
      step(x, g, h, st, t) {
        g = gradIn(x, g, h);
        const clr = h.lr / (1 + (t - 1) * h.lr_decay);
        st.sum = map2((s, gi) => s + 1 * gi * gi, st.sum, g);
        const std = map2((s) => Math.sqrt(s) + h.eps, st.sum);
        return map2((xi, gi, sd) => xi + (-clr * gi) / sd, x, g, std);
      },
    },
    adadelta: {
      defaults: { lr: 1.0, rho: 0.9, eps: 1e-6, weight_decay: 0, maximize: false },
      init: () => ({ sq: [0, 0], acc: [0, 0] }),
      step(x, g, h, st) {
        g = gradIn(x, g, h);
        const rho = h.rho, eps = h.eps;
        st.sq = map2((s, gi) => s * rho + (1 - rho) * gi * gi, st.sq, g);
        const std = map2((s) => Math.sqrt(s + eps), st.sq);
        const delta = map2((a, sd, gi) => (Math.sqrt(a + eps) / sd) * gi, st.acc, std, g);
        st.acc = map2((a, d) => a * rho + (1 - rho) * d * d, st.acc, delta);
        return map2((xi, d) => xi + -h.lr * d, x, delta);
      },
    },
    rmsprop: {
      defaults: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false, maximize: false },
      init: () => ({ sq: [0, 0], gavg: [0, 0], buf: [0, 0] }),
      step(x, g, h, st) {
        g = gradIn(x, g, h);
        const a = h.alpha;
        st.sq = map2((s, gi) => s * a + (1 - a) * gi * gi, st.sq, g);
        let avg;
        if (h.centered) {
          st.gavg = map2((m, gi) => lerp(m, gi, 1 - a), st.gavg, g);
          avg = map2((s, m) => Math.sqrt(s + -1 * m * m), st.sq, st.gavg);
        } else avg = map2(Math.sqrt, st.sq);
        avg = map2((v) => v + h.eps, avg);
        if (h.momentum > 0) {
          st.buf = map2((b, gi, av) => b * h.momentum + gi / av, st.buf, g, avg);
          return map2((xi, b) => xi + -h.lr * b, x, st.buf);
        }
        return map2((xi, gi, av) => xi + (-h.lr * gi) / av, x, g, avg);
      },
    },
    adam: {
      defaults: { ...ADAM },
      init: () => ({ m: [0, 0], v: [0, 0], vmax: [0, 0] }),
      step(x, g, h, st, t) {
        g = gradIn(x, g, h);
        const [b1, b2] = h.betas;
        st.m = map2((m, gi) => lerp(m, gi, 1 - b1), st.m, g);
        st.v = map2((v, gi) => v * b2 + (1 - b2) * gi * gi, st.v, g);
        const bc1 = 1 - b1 ** t, bc2 = 1 - b2 ** t;
        const stepSize = h.lr / bc1, bc2s = bc2 ** 0.5;
        let denom;
        if (h.amsgrad) {
          st.vmax = map2(Math.max, st.vmax, st.v);
          denom = map2((v) => Math.sqrt(v) / bc2s + h.eps, st.vmax);
        } else denom = map2((v) => Math.sqrt(v) / bc2s + h.eps, st.v);
        return map2((xi, m, d) => xi + (-stepSize * m) / d, x, st.m, denom);
      },
    },
    adamax: {
      defaults: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, maximize: false },
      init: () => ({ m: [0, 0], u: [0, 0] }),
      step(x, g, h, st, t) {
        g = gradIn(x, g, h);
        const [b1, b2] = h.betas;
        st.m = map2((m, gi) => lerp(m, gi, 1 - b1), st.m, g);
        st.u = map2((u, gi) => Math.max(u * b2, Math.abs(gi) + h.eps), st.u, g);
        const clr = h.lr / (1 - b1 ** t);
        return map2((xi, m, u) => xi + (-clr * m) / u, x, st.m, st.u);
      },
    },
    nadam: {
      defaults: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, momentum_decay: 4e-3, decoupled_weight_decay: false, maximize: false },
      init: () => ({ m: [0, 0], v: [0, 0], mu_product: 1.0 }),
      step(x, g, h, st, t) {
        if (h.maximize) g = map2((gi) => -gi, g);
        const [b1, b2] = h.betas;
        const lr = h.lr, wd = h.weight_decay;
        const bc2 = 1 - b2 ** t;
        if (wd) {
          if (h.decoupled_weight_decay) x = map2((xi) => xi * (1 - lr * wd), x);
          else g = map2((gi, xi) => gi + wd * xi, g, x);
        }
        const mu = b1 * (1.0 - 0.5 * 0.96 ** (t * h.momentum_decay));
        const muNext = b1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * h.momentum_decay));
        st.mu_product = st.mu_product * mu;
        st.m = map2((m, gi) => lerp(m, gi, 1 - b1), st.m, g);
        st.v = map2((v, gi) => v * b2 + (1 - b2) * gi * gi, st.v, g);
        const denom = map2((v) => Math.sqrt(v / bc2) + h.eps, st.v);
        const mpn = st.mu_product * muNext;
        const c1 = (-lr * (1.0 - mu)) / (1.0 - st.mu_product);
        const c2 = (-lr * muNext) / (1.0 - mpn);
        x = map2((xi, gi, d) => xi + (c1 * gi) / d, x, g, denom);
        return map2((xi, m, d) => xi + (c2 * m) / d, x, st.m, denom);
      },
    },
  };
  RULES.amsgrad = { ...RULES.adam, defaults: { ...ADAM, amsgrad: true } };

  // run({optimizer, hparams, surface, start, steps, bound}) -> {points, losses, diverged, hparams}
  // as vizdl.sim.optimizers.rules.trajectory: a path that leaves |θ| <= bound (or stops being
  // finite) is diverged from that step on (null points and losses).
  function run(opts, SPEC) {
    const rule = RULES[opts.optimizer];
    if (!rule) throw new ExprError(`unknown optimizer '${opts.optimizer}'; allowed: ${Object.keys(RULES).join(", ")}`);
    const h = { ...rule.defaults, ...(opts.hparams || {}) };
    for (const k of Object.keys(opts.hparams || {}))
      if (!(k in rule.defaults)) throw new ExprError(`unknown hyperparameter '${k}' for optimizer '${opts.optimizer}'; allowed: ${Object.keys(rule.defaults).join(", ")}`);
    const surf = opts.surfaceObject || makeSurface(opts.surface, SPEC);
    const steps = opts.steps, bound = opts.bound || 1e6;
    let x = [Number(opts.start[0]), Number(opts.start[1])];
    const points = [x.slice()], losses = [surf.value(x[0], x[1])];
    const st = rule.init(h);
    let diverged = -1;
    for (let t = 1; t <= steps; t++) {
      if (diverged >= 0) { points.push(null); losses.push(null); continue; }
      const g = surf.grad(x[0], x[1]);
      x = rule.step(x, g, h, st, t);
      if (!(Math.abs(x[0]) <= bound && Math.abs(x[1]) <= bound)) {
        diverged = t; points.push(null); losses.push(null); continue;
      }
      points.push(x.slice());
      losses.push(surf.value(x[0], x[1]));
    }
    return { points, losses, diverged, hparams: h };
  }

  root.vizdlSim = { parseExpr, evalTree, dual, makeSurface, localMinima, run, RULES, FUNCS, ExprError };
})(typeof window !== "undefined" ? window : globalThis);
