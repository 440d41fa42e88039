// vizdl optimizer explorer: the basin map, computed in a Web Worker. For every start of an n × n
// grid over the surface's domain, run one optimizer for `steps` steps and say which minimum it
// ends at, as vizdl.sim.optimizers.basins.basin_map classifies it: -2 if the path diverged
// (left |θ| <= bound or stopped being finite), else the last minimum (in the surface's order)
// within `tol` of the end point, else -1.
//
// The update rules are sim.js's (vizdl/sim/optimizers/rules.py's, torch.optim's order of
// operations), written out per start with scalars instead of 2-vectors so that 10⁴ starts × 200
// steps fit well inside a second; tests/test_explorer_basins.py checks every cell against Python.
//
// One file, two uses: loaded by a worker it runs; loaded by the page as a plain <script> it
// defines window.vizdlBasinsWorker, whose own source text the page turns into a Blob URL for
// `new Worker` (Chromium refuses a worker script from file://, a Blob URL it accepts). Nothing
// the user types is ever run as code: an expression surface arrives as sim.js's parsed tree.
function vizdlBasinsWorker(scope) {
  "use strict";

  const lerp = (a, b, w) => (w < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w));
  const G = new Float64Array(2); // the gradient, written in place (no allocation per step)

  // ------------------------------------------------------------ gradients (as sim.js) ----
  const BUILTIN = {
    saddle: (a, b) => { G[0] = 2 * a; G[1] = -2 * b; },
    "monkey-saddle": (a, b) => { G[0] = 3 * a ** 2 - 3 * b ** 2; G[1] = -6 * a * b; },
    beale: (a, b) => {
      const t1 = 1.5 - a + a * b, t2 = 2.25 - a + a * b ** 2, t3 = 2.625 - a + a * b ** 3;
      G[0] = 2 * t1 * (b - 1) + 2 * t2 * (b ** 2 - 1) + 2 * t3 * (b ** 3 - 1);
      G[1] = 2 * t1 * a + 2 * t2 * 2 * a * b + 2 * t3 * 3 * a * b ** 2;
    },
    rosenbrock: (u, v) => { G[0] = -2 * (1 - u) - 4 * 100 * u * (v - u ** 2); G[1] = 2 * 100 * (v - u ** 2); },
    himmelblau: (a, b) => {
      const p = a ** 2 + b - 11, q = a + b ** 2 - 7;
      G[0] = 4 * a * p + 2 * q;
      G[1] = 2 * p + 4 * b * q;
    },
  };

  const DFUNCS = {
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

  // sim.js's dual(): [value, d/dx, d/dy] of a parsed expression tree, the same operations
  function dual(t, X, Y) {
    switch (t[0]) {
      case "num": return [t[1], 0, 0];
      case "var": return t[1] === "x" ? X : Y;
      case "neg": { const [v, dx, dy] = dual(t[1], X, Y); return [-v, -dx, -dy]; }
      case "call": {
        const [v, dx, dy] = dual(t[2], X, Y);
        const [f, df] = DFUNCS[t[1]];
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

  function gradient(surface) {
    if (surface.kind === "quadratic") {
      const [[h00, h01], [h10, h11]] = surface.hessian, [c0, c1] = surface.center;
      return (x0, x1) => {
        const z0 = x0 - c0, z1 = x1 - c1;
        G[0] = z0 * h00 + z1 * h01;
        G[1] = z0 * h10 + z1 * h11;
      };
    }
    if (surface.kind === "expr") {
      const tree = surface.tree;
      return (x, y) => { const r = dual(tree, [x, 1, 0], [y, 0, 1]); G[0] = r[1]; G[1] = r[2]; };
    }
    const g = BUILTIN[surface.name];
    if (!g) throw new Error(`the basin map has no gradient for surface '${surface.name}'`);
    return g;
  }

  // ---------------------------------------------------------------- one start's path ----
  // Each rule: run(x, y, grad, h, steps, bound, pre) -> end point in END, or false if diverged.
  // `pre` holds the per-step constants (bias corrections...) computed once for every start.
  const END = new Float64Array(2);
  const out = (x, y, bound) => Math.abs(x) <= bound && Math.abs(y) <= bound;

  const RULES = {
    sgd(x, y, grad, h, steps, bound) {
      const mu = h.momentum, damp = 1 - h.dampening, wd = h.weight_decay, lr = h.lr, nest = h.nesterov, mx = h.maximize;
      let b0 = 0, b1 = 0;
      for (let t = 1; t <= steps; t++) {
        grad(x, y);
        let g0 = G[0], g1 = G[1];
        if (mx) { g0 = -g0; g1 = -g1; }
        if (wd) { g0 = g0 + wd * x; g1 = g1 + wd * y; }
        if (mu) {
          if (t === 1) { b0 = g0; b1 = g1; } else { b0 = b0 * mu + damp * g0; b1 = b1 * mu + damp * g1; }
          if (nest) { g0 = g0 + mu * b0; g1 = g1 + mu * b1; } else { g0 = b0; g1 = b1; }
        }
        x = x - lr * g0;
        y = y - lr * g1;
        if (!out(x, y, bound)) return false;
      }
      END[0] = x; END[1] = y;
      return true;
    },
    adagrad(x, y, grad, h, steps, bound) {
      const wd = h.weight_decay, eps = h.eps, mx = h.maximize;
      let s0 = h.initial_accumulator_value, s1 = h.initial_accumulator_value;
      for (let t = 1; t <= steps; t++) {
        grad(x, y);
        let g0 = G[0], g1 = G[1];
        if (mx) { g0 = -g0; g1 = -g1; }
        if (wd) { g0 = g0 + wd * x; g1 = g1 + wd * y; }
        const clr = h.lr / (1 + (t - 1) * h.lr_decay);
        s0 = s0 + 1 * g0 * g0;
        s1 = s1 + 1 * g1 * g1;
        x = x + (-clr * g0) / (Math.sqrt(s0) + eps);
        y = y + (-clr * g1) / (Math.sqrt(s1) + eps);
        if (!out(x, y, bound)) return false;
      }
      END[0] = x; END[1] = y;
      return true;
    },
    adadelta(x, y, grad, h, steps, bound) {
      const wd = h.weight_decay, rho = h.rho, eps = h.eps, lr = h.lr, mx = h.maximize, r1 = 1 - rho;
      let q0 = 0, q1 = 0, a0 = 0, a1 = 0;
      for (let t = 1; t <= steps; t++) {
        grad(x, y);
        let g0 = G[0], g1 = G[1];
        if (mx) { g0 = -g0; g1 = -g1; }
        if (wd) { g0 = g0 + wd * x; g1 = g1 + wd * y; }
        q0 = q0 * rho + r1 * g0 * g0;
        q1 = q1 * rho + r1 * g1 * g1;
        const d0 = (Math.sqrt(a0 + eps) / Math.sqrt(q0 + eps)) * g0;
        const d1 = (Math.sqrt(a1 + eps) / Math.sqrt(q1 + eps)) * g1;
        a0 = a0 * rho + r1 * d0 * d0;
        a1 = a1 * rho + r1 * d1 * d1;
        x = x + -lr * d0;
        y = y + -lr * d1;
        if (!out(x, y, bound)) return false;
      }
      END[0] = x; END[1] = y;
      return true;
    },
    rmsprop(x, y, grad, h, steps, bound) {
      const wd = h.weight_decay, a = h.alpha, a1 = 1 - a, eps = h.eps, lr = h.lr, mom = h.momentum, cen = h.centered, mx = h.maximize;
      let q0 = 0, q1 = 0, m0 = 0, m1 = 0, b0 = 0, b1 = 0;
      for (let t = 1; t <= steps; t++) {
        grad(x, y);
        let g0 = G[0], g1 = G[1];
        if (mx) { g0 = -g0; g1 = -g1; }
        if (wd) { g0 = g0 + wd * x; g1 = g1 + wd * y; }
        q0 = q0 * a + a1 * g0 * g0;
        q1 = q1 * a + a1 * g1 * g1;
        let v0, v1;
        if (cen) {
          m0 = lerp(m0, g0, a1);
          m1 = lerp(m1, g1, a1);
          v0 = Math.sqrt(q0 + -1 * m0 * m0);
          v1 = Math.sqrt(q1 + -1 * m1 * m1);
        } else { v0 = Math.sqrt(q0); v1 = Math.sqrt(q1); }
        v0 = v0 + eps;
        v1 = v1 + eps;
        if (mom > 0) {
          b0 = b0 * mom + g0 / v0;
          b1 = b1 * mom + g1 / v1;
          x = x + -lr * b0;
          y = y + -lr * b1;
        } else {
          x = x + (-lr * g0) / v0;
          y = y + (-lr * g1) / v1;
        }
        if (!out(x, y, bound)) return false;
      }
      END[0] = x; END[1] = y;
      return true;
    },
    adam(x, y, grad, h, steps, bound, pre) {
      const wd = h.weight_decay, [b1, b2] = h.betas, w1 = 1 - b1, w2 = 1 - b2, eps = h.eps, ams = h.amsgrad, mx = h.maximize;
      let m0 = 0, m1 = 0, v0 = 0, v1 = 0, u0 = 0, u1 = 0;
      for (let t = 1; t <= steps; t++) {
        grad(x, y);
        let g0 = G[0], g1 = G[1];
        if (mx) { g0 = -g0; g1 = -g1; }
        if (wd) { g0 = g0 + wd * x; g1 = g1 + wd * y; }
        m0 = lerp(m0, g0, w1);
        m1 = lerp(m1, g1, w1);
        v0 = v0 * b2 + w2 * g0 * g0;
        v1 = v1 * b2 + w2 * g1 * g1;
        const stepSize = pre.stepSize[t], bc2s = pre.bc2s[t];
        let d0, d1;
        if (ams) {
          u0 = Math.max(u0, v0);
          u1 = Math.max(u1, v1);
          d0 = Math.sqrt(u0) / bc2s + eps;
          d1 = Math.sqrt(u1) / bc2s + eps;
        } else {
          d0 = Math.sqrt(v0) / bc2s + eps;
          d1 = Math.sqrt(v1) / bc2s + eps;
        }
        x = x + (-stepSize * m0) / d0;
        y = y + (-stepSize * m1) / d1;
        if (!out(x, y, bound)) return false;
      }
      END[0] = x; END[1] = y;
      return true;
    },
    adamax(x, y, grad, h, steps, bound, pre) {
      const wd = h.weight_decay, [b1, b2] = h.betas, w1 = 1 - b1, eps = h.eps, mx = h.maximize;
      let m0 = 0, m1 = 0, u0 = 0, u1 = 0;
      for (let t = 1; t <= steps; t++) {
        grad(x, y);
        let g0 = G[0], g1 = G[1];
        if (mx) { g0 = -g0; g1 = -g1; }
        if (wd) { g0 = g0 + wd * x; g1 = g1 + wd * y; }
        m0 = lerp(m0, g0, w1);
        m1 = lerp(m1, g1, w1);
        u0 = Math.max(u0 * b2, Math.abs(g0) + eps);
        u1 = Math.max(u1 * b2, Math.abs(g1) + eps);
        const clr = pre.clr[t];
        x = x + (-clr * m0) / u0;
        y = y + (-clr * m1) / u1;
        if (!out(x, y, bound)) return false;
      }
      END[0] = x; END[1] = y;
      return true;
    },
    nadam(x, y, grad, h, steps, bound, pre) {
      const [b1, b2] = h.betas, w1 = 1 - b1, w2 = 1 - b2, eps = h.eps, lr = h.lr, wd = h.weight_decay, mx = h.maximize;
      let m0 = 0, m1 = 0, v0 = 0, v1 = 0, muProduct = 1.0;
      for (let t = 1; t <= steps; t++) {
        grad(x, y);
        let g0 = G[0], g1 = G[1];
        if (mx) { g0 = -g0; g1 = -g1; }
        const bc2 = pre.bc2[t];
        if (wd) {
          if (h.decoupled_weight_decay) { x = x * (1 - lr * wd); y = y * (1 - lr * wd); }
          else { g0 = g0 + wd * x; g1 = g1 + wd * y; }
        }
        const mu = pre.mu[t], muNext = pre.muNext[t];
        muProduct = muProduct * mu;
        m0 = lerp(m0, g0, w1);
        m1 = lerp(m1, g1, w1);
        v0 = v0 * b2 + w2 * g0 * g0;
        v1 = v1 * b2 + w2 * g1 * g1;
        const d0 = Math.sqrt(v0 / bc2) + eps, d1 = Math.sqrt(v1 / bc2) + eps;
        const mpn = muProduct * muNext;
        const c1 = (-lr * (1.0 - mu)) / (1.0 - muProduct);
        const c2 = (-lr * muNext) / (1.0 - mpn);
        x = x + (c1 * g0) / d0;
        y = y + (c1 * g1) / d1;
        x = x + (c2 * m0) / d0;
        y = y + (c2 * m1) / d1;
        if (!out(x, y, bound)) return false;
      }
      END[0] = x; END[1] = y;
      return true;
    },
  };

  // per-step constants, each computed as sim.js computes it inside its step
  function constants(rule, h, steps) {
    const pre = {};
    const arr = () => new Float64Array(steps + 1);
    if (rule === "adam") {
      const [b1, b2] = h.betas;
      pre.stepSize = arr(); pre.bc2s = arr();
      for (let t = 1; t <= steps; t++) {
        const bc1 = 1 - b1 ** t, bc2 = 1 - b2 ** t;
        pre.stepSize[t] = h.lr / bc1;
        pre.bc2s[t] = bc2 ** 0.5;
      }
    } else if (rule === "adamax") {
      pre.clr = arr();
      for (let t = 1; t <= steps; t++) pre.clr[t] = h.lr / (1 - h.betas[0] ** t);
    } else if (rule === "nadam") {
      const [b1, b2] = h.betas;
      pre.bc2 = arr(); pre.mu = arr(); pre.muNext = arr();
      for (let t = 1; t <= steps; t++) {
        pre.bc2[t] = 1 - b2 ** t;
        pre.mu[t] = b1 * (1.0 - 0.5 * 0.96 ** (t * h.momentum_decay));
        pre.muNext[t] = b1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * h.momentum_decay));
      }
    }
    return pre;
  }

  // numpy.linspace(lo, hi, n): lo + i·step, the last point exactly hi
  function linspace(lo, hi, n) {
    const v = new Float64Array(n), step = (hi - lo) / (n - 1);
    for (let i = 0; i < n; i++) v[i] = i * step + lo;
    if (n > 1) v[n - 1] = hi;
    return v;
  }

  // job: {rule, hparams (complete), surface, minima, domain [[x0, x1], [y0, y1]], n, steps, tol,
  // bound} -> {labels: Int8Array(n·n), row i = ys[i], column j = xs[j]; counts per outcome}
  function basins(job) {
    const t0 = Date.now();
    const run = job.rule === "amsgrad" ? RULES.adam : RULES[job.rule];
    if (!run) throw new Error(`the basin map has no rule '${job.rule}'`);
    const grad = gradient(job.surface), h = job.hparams, n = job.n, steps = job.steps;
    const bound = job.bound, tol2 = job.tol * job.tol, minima = job.minima;
    const pre = constants(job.rule === "amsgrad" ? "adam" : job.rule, h, steps);
    const xs = linspace(job.domain[0][0], job.domain[0][1], n), ys = linspace(job.domain[1][0], job.domain[1][1], n);
    const labels = new Int8Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let label = -2;
        if (run(xs[j], ys[i], grad, h, steps, bound, pre)) {
          label = -1;
          const ex = END[0], ey = END[1];
          for (let m = 0; m < minima.length; m++) {
            const dx = ex - minima[m][0], dy = ey - minima[m][1];
            if (0 + dx * dx + dy * dy <= tol2) label = m;
          }
        }
        labels[i * n + j] = label;
      }
    return { labels, xs, ys, worker_ms: Date.now() - t0 };
  }

  scope.onmessage = (ev) => {
    const job = ev.data;
    try {
      const r = basins(job);
      scope.postMessage({ id: job.id, ...r }, [r.labels.buffer, r.xs.buffer, r.ys.buffer]);
    } catch (err) {
      scope.postMessage({ id: job.id, error: String(err.message || err) });
    }
  };
}

if (typeof document === "undefined" && typeof importScripts === "function") vizdlBasinsWorker(self);
else window.vizdlBasinsWorker = vizdlBasinsWorker;
