// vizdl bump explorer: the bump network of vizdl/sim/approximation.py (bump_parameters,
// staircase, _errors), written out in JavaScript with the same formulas and order of operations
// in float64: N bumps of two steep sigmoid units each, their staircase Σᵢ w2ᵢ σ(w1ᵢ x + b1ᵢ) on
// the gallery's grid, its sup and L2 errors against the target, and the error against N.
// tests/test_explorer_bumps.py compares this page's numbers with the Python simulation in
// headless Chromium.
(function () {
  "use strict";
  const SPEC = window.VIZDL_BUMPS_SPEC;
  const SIM = window.vizdlSim; // only its safe expression grammar (parseExpr, evalTree)
  const $ = (id) => document.getElementById(id);
  const FIT = "#0072B2", SUP = "#D55E00", L2C = "#009E73", MUTED = "#5b6372", WORST = "#b3261e";

  class InputError extends Error {}

  // ------------------------------------------------------------- the target functions ----
  // vizdl.sim.approximation.FUNCTIONS, the same formulas (x**2 is numpy's square, x·x)
  const TARGETS = {
    lecture: (x) => 0.2 + 0.4 * (x * x) + 0.3 * x * Math.sin(15 * x) + 0.05 * Math.cos(50 * x),
    sine: (x) => 0.5 + 0.4 * Math.sin(2 * Math.PI * x),
    abs: (x) => Math.abs(x - 0.5) * 1.6,
  };
  for (const name of Object.keys(SPEC.functions))
    if (!(name in TARGETS)) throw new Error(`bumps.js has no formula for Python's function '${name}'`);

  // f: a name of TARGETS, or {expr: "..."} (the explorer's safe grammar, in x only)
  const resolved = new Map();
  function resolveTarget(f) {
    const key = typeof f === "string" ? "n:" + f : "e:" + (f && f.expr);
    if (resolved.has(key)) return resolved.get(key);
    let fn, label;
    if (typeof f === "string") {
      if (!(f in TARGETS)) throw new InputError(`unknown function '${f}'; allowed: ${Object.keys(TARGETS).join(", ")}, or your own f(x)`);
      fn = TARGETS[f];
      label = SPEC.functions[f];
    } else if (f && typeof f.expr === "string") {
      let tree;
      try { tree = SIM.parseExpr(f.expr); } catch (err) { throw new InputError(err.message); }
      const uses = (t) => (t[0] === "var" ? [t[1]] : t[0] === "num" ? [] : t.slice(1).filter(Array.isArray).flatMap(uses));
      if (uses(tree).includes("y")) throw new InputError(`f(x) is a function of x alone; ${JSON.stringify(f.expr)} uses y`);
      fn = (x) => SIM.evalTree(tree, x, 0);
      label = f.expr;
    } else throw new InputError(`f must be one of ${Object.keys(TARGETS).join(", ")} or {expr: "..."}`);
    // as resolve_function: finite values on a 257-point probe of [0, 1]
    const probe = linspace(257);
    for (let i = 0; i < probe.length; i++)
      if (!isFinite(fn(probe[i]))) throw new InputError("f must return finite values, one per input, on [0, 1]");
    const out = { fn, label, key };
    resolved.set(key, out);
    return out;
  }

  // numpy.linspace(0, 1, n): i · (1/(n − 1)), the last point exactly 1
  function linspace(n) {
    const x = new Float64Array(n), step = 1.0 / (n - 1);
    for (let i = 0; i < n; i++) x[i] = i * step + 0.0;
    x[n - 1] = 1.0;
    return x;
  }

  // ------------------------------------------------------------------ the bump network ----
  function checkN(n) {
    const v = Number(n);
    if (!(Number.isInteger(v) && v >= 1)) throw new InputError(`N must be a whole number ≥ 1, got ${n}`);
    return v;
  }
  function checkW(w) {
    const v = Number(w);
    if (!(v > 0 && isFinite(v))) throw new InputError(`w must be a number > 0, got ${w}`);
    return v;
  }

  // bump_parameters: hidden weights w1, biases b1, output weights w2 (2N each) and the bin edges
  function bumpParameters(target, n, w) {
    const edges = linspace(n + 1);
    const h = new Float64Array(n);
    for (let i = 0; i < n; i++) h[i] = target.fn(0.5 * (edges[i] + edges[i + 1]));
    const steps = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) { steps[2 * i] = edges[i]; steps[2 * i + 1] = edges[i + 1]; }
    steps[0] = -1.0 / n;
    steps[2 * n - 1] = 1.0 + 1.0 / n;
    const w1 = new Float64Array(2 * n).fill(w), b1 = new Float64Array(2 * n), w2 = new Float64Array(2 * n);
    for (let k = 0; k < 2 * n; k++) b1[k] = -w * steps[k];
    for (let i = 0; i < n; i++) { w2[2 * i] = h[i]; w2[2 * i + 1] = -h[i]; }
    return { w1, b1, w2, edges, h };
  }

  // staircase: Σₖ w2ₖ σ(w1ₖ x + b1ₖ), summed in k's order, with vizdl's sigmoid (exp of −|z|
  // only). Three shortcuts that change no bit of that sum: where σ is exactly 1 in float64
  // (z ≥ 37: 1 + e^−z rounds to 1) the term is w2ₖ, and as z falls with k (the steps are sorted)
  // those units are a prefix whose running sum is precomputed; where σ is exactly 0 (z ≤ −746:
  // e^−|z| underflows) the units are a suffix adding nothing; and neighbouring bumps share a
  // step position (the same z), so its σ is computed once.
  function staircaseOn(p, xs) {
    const { w1, b1, w2 } = p;
    const m = w1.length, P = xs.length;
    const prefix = new Float64Array(m + 1);
    for (let k = 0; k < m; k++) prefix[k + 1] = prefix[k] + w2[k];
    const y = new Float64Array(P);
    let lo = 0, hi = 0; // both only grow with x (xs ascending)
    for (let i = 0; i < P; i++) {
      const x = xs[i];
      while (lo < m && x * w1[lo] + b1[lo] >= 37) lo++;
      if (hi < lo) hi = lo;
      while (hi < m && x * w1[hi] + b1[hi] > -746) hi++;
      let acc = prefix[lo], zPrev = NaN, sPrev = 0;
      for (let k = lo; k < hi; k++) {
        const z = x * w1[k] + b1[k];
        if (z !== zPrev) {
          const e = Math.exp(-Math.abs(z));
          sPrev = z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
          zPrev = z;
        }
        acc += sPrev * w2[k];
      }
      y[i] = acc;
    }
    return y;
  }

  // numpy's pairwise summation (add.reduce of a contiguous float64 array), so the mean is numpy's
  function pairwise(a, lo, n) {
    if (n < 8) {
      let r = 0.0;
      for (let i = 0; i < n; i++) r += a[lo + i];
      return r;
    }
    if (n <= 128) {
      const r = [a[lo], a[lo + 1], a[lo + 2], a[lo + 3], a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]];
      let i = 8;
      for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[lo + i + j];
      let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) res += a[lo + i];
      return res;
    }
    let n2 = Math.floor(n / 2);
    n2 -= n2 % 8;
    return pairwise(a, lo, n2) + pairwise(a, lo + n2, n - n2);
  }

  // _errors: the sup and the root-mean-square of y − target on the grid (and where the sup is)
  function errorsOf(y, t) {
    const P = y.length, d2 = new Float64Array(P);
    let sup = 0, at = 0;
    for (let i = 0; i < P; i++) {
      const d = y[i] - t[i], a = Math.abs(d);
      if (a > sup) { sup = a; at = i; }
      d2[i] = d * d;
    }
    return { sup, l2: Math.sqrt(pairwise(d2, 0, P) / P), at };
  }

  // max |f'| as numpy.gradient(target, x) computes it on the grid (second-order central
  // differences for the grid's unequal spacings, first-order at the ends)
  function lipschitz(t, xs) {
    const P = xs.length;
    let L = Math.abs((t[1] - t[0]) / (xs[1] - xs[0]));
    L = Math.max(L, Math.abs((t[P - 1] - t[P - 2]) / (xs[P - 1] - xs[P - 2])));
    for (let i = 1; i < P - 1; i++) {
      const dx1 = xs[i] - xs[i - 1], dx2 = xs[i + 1] - xs[i];
      const a = -dx2 / (dx1 * (dx1 + dx2)), b = (dx2 - dx1) / (dx1 * dx2), c = dx1 / (dx2 * (dx1 + dx2));
      L = Math.max(L, Math.abs(a * t[i - 1] + b * t[i] + c * t[i + 1]));
    }
    return L;
  }

  const XS = linspace(SPEC.points);
  const targetCache = new Map();
  function targetOn(target) {
    if (!targetCache.has(target.key)) {
      const t = new Float64Array(XS.length);
      for (let i = 0; i < XS.length; i++) t[i] = target.fn(XS[i]);
      targetCache.set(target.key, { t, L: lipschitz(t, XS) });
    }
    return targetCache.get(target.key);
  }

  // bumps({f, n, w}) -> {x, y, target, sup, l2}: the N-bump network's output on the grid
  function bumps(opts) {
    const target = resolveTarget(opts.f === undefined ? SPEC.f : opts.f);
    const n = checkN(opts.n), w = checkW(opts.w);
    const p = bumpParameters(target, n, w);
    const { t, L } = targetOn(target);
    const y = staircaseOn(p, XS);
    const e = errorsOf(y, t);
    return { x: XS, y, target: t, sup: e.sup, l2: e.l2, at: e.at, lipschitz: L, heights: p.h, edges: p.edges, n, w };
  }

  // errorCurve({f, w, ns}) -> {ns, sup, l2}: the errors of the staircase for each N at this w
  function errorCurve(opts) {
    const ns = (opts.ns || SPEC.curve_ns).map(checkN);
    const out = { ns, sup: [], l2: [] };
    for (const n of ns) {
      const r = bumps({ f: opts.f, n, w: opts.w });
      out.sup.push(r.sup);
      out.l2.push(r.l2);
    }
    return out;
  }

  // ------------------------------------------------------------------------ controls ----
  for (const name of Object.keys(SPEC.functions)) {
    const o = document.createElement("option");
    o.value = name;
    o.textContent = `${name}: ${SPEC.functions[name]}`;
    $("f").appendChild(o);
  }
  $("n").min = SPEC.n.low;
  $("n").max = SPEC.n.high;
  $("n-num").min = 1;

  function readState() {
    const expr = $("expr").value.trim();
    return {
      f: expr ? { expr } : $("f").value,
      n: Number($("n-num").value),
      wText: $("w-num").value.trim(),
      w: Number($("w-num").value.trim()),
    };
  }

  // ---------------------------------------------------- the error curve, a bit per frame ----
  // Moving N only adds the current N to the curve; a new f or w recomputes it, a few N per
  // frame (newest first drawn as it fills in), so no slider move waits for the whole curve.
  let curve = { key: "", ns: [], sup: new Map(), l2: new Map(), todo: [] };
  function curveFor(s, current) {
    const key = JSON.stringify([s.f, s.w]);
    if (curve.key !== key) curve = { key, f: s.f, w: s.w, sup: new Map(), l2: new Map(), todo: SPEC.curve_ns.slice() };
    curve.sup.set(current.n, current.sup);
    curve.l2.set(current.n, current.l2);
    curve.todo = curve.todo.filter((n) => !curve.sup.has(n));
    if (curve.todo.length) requestAnimationFrame(fillCurve);
    return curve;
  }
  let filling = false;
  function fillCurve() {
    if (filling) return;
    filling = true;
    const t0 = performance.now(), c = curve;
    while (c.todo.length && performance.now() - t0 < 8) {
      const n = c.todo.shift();
      const r = bumps({ f: c.f, n, w: c.w });
      c.sup.set(n, r.sup);
      c.l2.set(n, r.l2);
    }
    filling = false;
    if (c === curve) {
      if (last) drawCurve(last.r);
      if (c.todo.length) requestAnimationFrame(fillCurve);
      else drawTable();
    }
  }

  // ------------------------------------------------------------------------- drawing ----
  const fitC = $("fit"), fctx = fitC.getContext("2d");
  const curveC = $("curve"), cctx = curveC.getContext("2d");
  let last = null;
  const fmt = (v, p = 3) => (v === 0 ? "0" : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? String(Number(v.toPrecision(p))) : v.toExponential(p - 1));

  function axesBox(ctx, L, T, W, H) {
    ctx.strokeStyle = SPEC.ink;
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    ctx.strokeRect(L, T, W, H);
    ctx.fillStyle = SPEC.ink;
    ctx.font = "12px sans-serif";
  }

  function drawFit(r, target) {
    const W = fitC.width, H = fitC.height, L = 52, R = 12, T = 12, B = 40;
    fctx.clearRect(0, 0, W, H);
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < r.x.length; i++) { lo = Math.min(lo, r.y[i], r.target[i]); hi = Math.max(hi, r.y[i], r.target[i]); }
    const pad = 0.06 * (hi - lo || 1);
    lo -= pad; hi += pad;
    const X = (x) => L + x * (W - L - R), Y = (v) => T + ((hi - v) / (hi - lo)) * (H - T - B);
    axesBox(fctx, L, T, W - L - R, H - T - B);
    fctx.textAlign = "center";
    for (const v of [0, 0.5, 1]) fctx.fillText(String(v), X(v), H - B + 15);
    fctx.fillText("x", L + (W - L - R) / 2, H - 6);
    fctx.textAlign = "right";
    fctx.fillText(fmt(hi), L - 4, T + 10);
    fctx.fillText(fmt(lo), L - 4, H - B);
    // the bins' edges, light
    fctx.strokeStyle = "#dde2e8";
    fctx.beginPath();
    if (r.n <= 100) for (let i = 1; i < r.n; i++) { fctx.moveTo(X(r.edges[i]), T); fctx.lineTo(X(r.edges[i]), H - B); }
    fctx.stroke();
    const line = (vals, color, width, dash) => {
      fctx.strokeStyle = color;
      fctx.lineWidth = width;
      fctx.setLineDash(dash);
      fctx.beginPath();
      for (let i = 0; i < r.x.length; i++) i ? fctx.lineTo(X(r.x[i]), Y(vals[i])) : fctx.moveTo(X(r.x[i]), Y(vals[i]));
      fctx.stroke();
      fctx.setLineDash([]);
    };
    line(r.y, FIT, 2.2, []);
    line(r.target, SPEC.ink, 1.6, [6, 4]);
    // the largest error: a diamond on the staircase and a bar down to f
    const xa = X(r.x[r.at]);
    fctx.strokeStyle = WORST;
    fctx.lineWidth = 2;
    fctx.beginPath();
    fctx.moveTo(xa, Y(r.y[r.at]));
    fctx.lineTo(xa, Y(r.target[r.at]));
    fctx.stroke();
    const ya = Y(r.y[r.at]);
    fctx.fillStyle = WORST;
    fctx.beginPath();
    fctx.moveTo(xa, ya - 7); fctx.lineTo(xa + 7, ya); fctx.lineTo(xa, ya + 7); fctx.lineTo(xa - 7, ya);
    fctx.closePath();
    fctx.fill();
    $("fit-caption").textContent =
      `f(x) = ${target.label} (dashed) and the output of the network with N = ${r.n} bumps, ` +
      `2N = ${2 * r.n} hidden sigmoid units of steepness w = ${fmt(r.w, 6)} (solid), on ${r.x.length} points of [0, 1]; ` +
      `the diamond marks the largest error, |f − output| = ${fmt(r.sup)} at x = ${fmt(r.x[r.at])}.`;
  }

  function drawCurve(r) {
    const W = curveC.width, H = curveC.height, L = 58, R = 14, T = 12, B = 40;
    cctx.clearRect(0, 0, W, H);
    const ns = [...curve.sup.keys()].sort((a, b) => a - b);
    const nmax = SPEC.n.high;
    const vals = [...curve.sup.values(), ...curve.l2.values()].filter((v) => v > 0);
    const bound = (n) => r.lipschitz / (2 * n);
    vals.push(bound(1), bound(nmax));
    let hi = Math.ceil(Math.log10(Math.max(...vals))), lo = Math.floor(Math.log10(Math.min(...vals)));
    if (hi - lo > 12) lo = hi - 12;
    if (hi === lo) lo -= 1;
    const X = (n) => L + (Math.log10(n) / Math.log10(nmax)) * (W - L - R);
    const Y = (v) => T + ((hi - Math.log10(Math.max(v, 10 ** lo))) / (hi - lo)) * (H - T - B);
    axesBox(cctx, L, T, W - L - R, H - T - B);
    cctx.textAlign = "center";
    for (const n of [1, 10, 100, nmax]) cctx.fillText(String(n), X(n), H - B + 15);
    cctx.fillText("bumps N (log)", L + (W - L - R) / 2, H - 6);
    cctx.textAlign = "right";
    for (let k = lo; k <= hi; k++) cctx.fillText("1e" + k, L - 4, Y(10 ** k) + 4);
    // L/(2N), the Riemann bound of an ideal staircase (steps of zero width)
    cctx.strokeStyle = MUTED;
    cctx.lineWidth = 1.5;
    cctx.setLineDash([2, 3]);
    cctx.beginPath();
    cctx.moveTo(X(1), Y(bound(1)));
    cctx.lineTo(X(nmax), Y(bound(nmax)));
    cctx.stroke();
    const series = (m, color, dash, mark) => {
      cctx.strokeStyle = color;
      cctx.fillStyle = color;
      cctx.lineWidth = 2;
      cctx.setLineDash(dash);
      cctx.beginPath();
      ns.forEach((n, i) => (i ? cctx.lineTo(X(n), Y(m.get(n))) : cctx.moveTo(X(n), Y(m.get(n)))));
      cctx.stroke();
      cctx.setLineDash([]);
      for (const n of ns) mark(X(n), Y(m.get(n)), 3);
    };
    const circle = (x, y, s) => { cctx.beginPath(); cctx.arc(x, y, s, 0, 2 * Math.PI); cctx.fill(); };
    const square = (x, y, s) => cctx.fillRect(x - s, y - s, 2 * s, 2 * s);
    series(curve.sup, SUP, [], circle);
    series(curve.l2, L2C, [6, 4], square);
    // the current N
    cctx.strokeStyle = SPEC.ink;
    cctx.lineWidth = 1;
    cctx.beginPath();
    cctx.moveTo(X(r.n), T);
    cctx.lineTo(X(r.n), H - B);
    cctx.stroke();
    for (const [v, color] of [[r.sup, SUP], [r.l2, L2C]]) {
      cctx.strokeStyle = color;
      cctx.lineWidth = 2.5;
      cctx.beginPath();
      cctx.arc(X(r.n), Y(v), 7, 0, 2 * Math.PI);
      cctx.stroke();
    }
    const done = curve.todo.length === 0;
    $("curve-caption").textContent =
      `The sup and L2 errors against N at w = ${fmt(r.w, 6)}, log-log (${ns.length} values of N` +
      (done ? "" : ", still computing") + `); rings: the current N = ${r.n}. ` +
      `Dotted: L/(2N) with L = max|f′| = ${fmt(r.lipschitz)}, the bound of an ideal staircase (steps of zero width).`;
  }

  const sig4 = (v) => (v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e6) ? v.toExponential(3) : v.toPrecision(4));
  function drawReadout(r) {
    const b = r.lipschitz / (2 * r.n);
    const rise = (2 * Math.log(9)) / r.w, bin = 1 / r.n;
    const share = rise / bin;
    const sharp = `each step rises from 0.1 to 0.9 over ${fmt(rise)} of x, ${fmt(100 * share, 2)}% of a bin's width 1/N = ${fmt(bin)}: ` +
      (share < 0.25 ? "the bumps are sharp steps" : share < 1 ? "neighbouring steps overlap" : "neighbouring steps blend into each other");
    $("readout").innerHTML =
      `<p><strong>sup error ${sig4(r.sup)}</strong> (at x = ${fmt(r.x[r.at])}), <strong>L2 error ${sig4(r.l2)}</strong>, ` +
      `${r.sup <= b ? "within" : "above"} L/(2N) = ${sig4(b)}.</p>` +
      `<p class="muted">N = ${r.n} bumps = ${2 * r.n} hidden units; ${sharp}.</p>`;
  }

  function drawTable() {
    if (!$("table-box").open || !last) return;
    const ns = [...curve.sup.keys()].sort((a, b) => a - b);
    $("table").querySelector("tbody").innerHTML = ns
      .map((n) => `<tr${n === last.r.n ? ' class="current"' : ""}><td>${n}${n === last.r.n ? " (current)" : ""}</td><td>${curve.sup.get(n).toPrecision(10)}</td><td>${curve.l2.get(n).toPrecision(10)}</td></tr>`)
      .join("");
    const r = last.r;
    $("bump-table").querySelector("tbody").innerHTML = Array.from(r.heights)
      .map((h, i) => `<tr><td>${i + 1}</td><td>[${fmt(r.edges[i], 4)}, ${fmt(r.edges[i + 1], 4)}]</td><td>${h.toPrecision(10)}</td></tr>`)
      .join("");
  }

  function draw() {
    const s = readState();
    $("error").textContent = "";
    $("n-out").textContent = String(s.n);
    let r, target;
    try {
      target = resolveTarget(s.f);
      if (!(Number.isInteger(s.n) && s.n >= 1 && s.n <= SPEC.n.high)) throw new InputError(`N must be a whole number from 1 to ${SPEC.n.high}`);
      if (!(s.w > 0 && isFinite(s.w))) throw new InputError(`w must be a number > 0, got "${s.wText}"`);
      r = bumps({ f: s.f, n: s.n, w: s.w });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      $("error").textContent = err.message;
      return;
    }
    $("formula").textContent = `f(x) = ${target.label}`;
    last = { r, s };
    curveFor(s, r);
    drawReadout(r);
    drawFit(r, target);
    drawCurve(r);
    drawTable();
    writeHash(s);
  }

  // ---------------------------------------------------------------------- URL state ----
  let hashTimer = null;
  function writeHash(s) {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => {
      const q = new URLSearchParams();
      if (typeof s.f === "string") q.set("f", s.f);
      else q.set("e", s.f.expr);
      q.set("n", String(s.n));
      q.set("w", s.wText);
      history.replaceState(null, "", "#" + q.toString());
    }, 250);
  }

  function readHash() {
    const q = new URLSearchParams(location.hash.slice(1));
    $("f").value = q.get("f") in SPEC.functions ? q.get("f") : SPEC.f;
    $("expr").value = q.get("e") || "";
    $("n-num").value = q.get("n") !== null ? q.get("n") : SPEC.n.default;
    $("n").value = $("n-num").value;
    $("w-num").value = q.get("w") !== null ? q.get("w") : SPEC.w.default;
    syncW();
  }
  function syncW() {
    const v = Number($("w-num").value);
    if (v > 0 && isFinite(v)) $("w").value = String(Math.log10(v));
  }

  // ------------------------------------------------------------------------- events ----
  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; draw(); });
  }
  $("n").addEventListener("input", () => { $("n-num").value = $("n").value; schedule(); });
  $("n-num").addEventListener("input", () => { $("n").value = $("n-num").value; schedule(); });
  $("w").addEventListener("input", () => { $("w-num").value = String(Number((10 ** Number($("w").value)).toPrecision(3))); schedule(); });
  $("w-num").addEventListener("input", () => { syncW(); schedule(); });
  $("f").addEventListener("change", () => { $("expr").value = ""; schedule(); });
  $("expr").addEventListener("input", schedule);
  $("table-box").addEventListener("toggle", drawTable);
  $("share").addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(location.href); $("shared").textContent = "Copied."; }
    catch (e) { $("shared").textContent = location.href; }
  });
  window.addEventListener("hashchange", () => { readHash(); draw(); });

  // ------------------------------------------------------------------ the public API ----
  window.vizdl = {
    bumps: (opts) => {
      const r = bumps(opts);
      return { x: Array.from(r.x), y: Array.from(r.y), target: Array.from(r.target), sup: r.sup, l2: r.l2, lipschitz: r.lipschitz };
    },
    errorCurve,
    parameters: (opts) => {
      const p = bumpParameters(resolveTarget(opts.f), checkN(opts.n), checkW(opts.w));
      return { w1: Array.from(p.w1), b1: Array.from(p.b1), w2: Array.from(p.w2), edges: Array.from(p.edges) };
    },
    target: (f, xs) => xs.map(resolveTarget(f).fn),
    state: () => readState(),
    redraw: () => draw(),
    last: () => (last ? { n: last.r.n, w: last.r.w, sup: last.r.sup, l2: last.r.l2 } : null),
    curve: () => ({ ns: [...curve.sup.keys()].sort((a, b) => a - b), done: curve.todo.length === 0, sup: Object.fromEntries(curve.sup), l2: Object.fromEntries(curve.l2) }),
    spec: SPEC,
  };

  readHash();
  draw();
})();
