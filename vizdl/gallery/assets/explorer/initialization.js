// vizdl initialization explorer: per-layer variance of a deep MLP at initialization, from the
// theory recursion of vizdl/sim/initialization.py (theory_variances, weight_moments,
// gaussian_moments: the same formulas, in the same order) and from a random network simulated
// here (its own seeded generator). tests/test_explorer_init.py compares the theory with Python's
// to 1e-12 relative and the simulation with the theory statistically.
(function () {
  "use strict";
  const SPEC = window.VIZDL_INIT_SPEC;
  const $ = (id) => document.getElementById(id);
  const INITS = Object.keys(SPEC.initializers);
  const ACTS = Object.keys(SPEC.activations);
  const LIMITS = { width: [1, 1024], depth: [1, 100], samples: [2, 512], seed: [0, 2 ** 31 - 1] };
  const MAX_WORK = 3e9; // multiply-adds the page will simulate (a few seconds at most)

  class InitError extends Error {}

  // ------------------------------------------------------------------------ the theory ----
  // weight_moments(name, fan_in, fan_out).var, as Python computes it (mode fan_in, ReLU's gain)
  function weightVar(name, fanIn, fanOut) {
    const g = SPEC.kaiming_gain;
    switch (name) {
      case "small-normal": return SPEC.small_std * SPEC.small_std;
      case "large-normal": return SPEC.large_std * SPEC.large_std;
      case "uniform": return (SPEC.uniform_a * SPEC.uniform_a) / 3.0;
      case "xavier-normal": return 2.0 / (fanIn + fanOut);
      case "xavier-uniform": { const a = Math.sqrt(6.0 / (fanIn + fanOut)); return (a * a) / 3.0; }
      case "kaiming-normal": return (g * g) / fanIn;
      case "kaiming-uniform": { const a = g * Math.sqrt(3.0 / fanIn); return (a * a) / 3.0; }
      case "torch-default": { const a = 1.0 / Math.sqrt(fanIn); return (a * a) / 3.0; }
      case "orthogonal": return 1.0 / Math.max(fanIn, fanOut);
    }
    throw new InitError(`unknown initializer '${name}'; allowed: ${INITS.join(", ")}`);
  }

  // the weight's support [low, high] (uniform kinds), as weight_moments
  function uniformBound(name, fanIn, fanOut) {
    const g = SPEC.kaiming_gain;
    if (name === "uniform") return SPEC.uniform_a;
    if (name === "xavier-uniform") return Math.sqrt(6.0 / (fanIn + fanOut));
    if (name === "kaiming-uniform") return g * Math.sqrt(3.0 / fanIn);
    return 1.0 / Math.sqrt(fanIn); // torch-default
  }

  const sigmoid = (x) => { const e = Math.exp(-Math.abs(x)); return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e); };
  const PHI = {
    linear: [(x) => x, () => 1.0],
    tanh: [Math.tanh, (x) => 1.0 - Math.tanh(x) ** 2],
    sigmoid: [sigmoid, (x) => sigmoid(x) * (1.0 - sigmoid(x))],
    relu: [(x) => Math.max(x, 0.0), (x) => (x > 0 ? 1.0 : 0.0)],
  };

  // gaussian_moments' quadrature: nodes numpy.linspace(start, stop, num), rebuilt by numpy's own
  // formula (start + i·step, the last node exactly stop), weights φ_N(0,1)(node) · spacing
  const Q = (() => {
    const { start, stop, num } = SPEC.quadrature;
    const step = (stop - start) / (num - 1);
    const nodes = new Float64Array(num), weights = new Float64Array(num);
    for (let i = 0; i < num; i++) nodes[i] = i * step + start;
    nodes[num - 1] = stop;
    const h = nodes[1] - nodes[0], c = Math.sqrt(2.0 * Math.PI);
    for (let i = 0; i < num; i++) weights[i] = (Math.exp(-0.5 * (nodes[i] * nodes[i])) / c) * h;
    return { nodes, weights };
  })();

  // (E[φ(s)], E[φ(s)²], E[φ'(s)²]) for s ~ N(0, q), as gaussian_moments (compensated sums:
  // the page's rounding stays far below numpy's own)
  function gaussianMoments(act, q) {
    q = Math.max(Number(q), 0.0);
    if (act === "linear") return [0.0, q, 1.0];
    if (act === "relu") return [Math.sqrt(q / (2 * Math.PI)), q / 2.0, q > 0 ? 0.5 : 0.0];
    const [f, df] = PHI[act];
    if (q === 0.0) { const f0 = f(0), d0 = df(0); return [f0, f0 * f0, d0 * d0]; }
    const sd = Math.sqrt(q);
    const acc = [[0, 0], [0, 0], [0, 0]];
    const add = (k, v) => { // Neumaier summation
      const s = acc[k][0], t = s + v;
      acc[k][1] += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
      acc[k][0] = t;
    };
    const { nodes, weights } = Q;
    for (let i = 0; i < nodes.length; i++) {
      const s = nodes[i] * sd, w = weights[i], fv = f(s), d = df(s);
      add(0, w * fv);
      add(1, w * fv ** 2);
      add(2, w * d ** 2);
    }
    return acc.map(([s, c]) => s + c);
  }

  // theory_variances: Var(a_l), l = 0..L (input second moment 1) and Var(δ_l), l = 1..L
  function theory(init, act, width, depth) {
    const sizes = new Array(depth + 1).fill(width);
    const wv = [], bv = [];
    for (let i = 0; i < depth; i++) {
      wv.push(weightVar(init, sizes[i], sizes[i + 1]));
      bv.push(init === "torch-default" ? 1.0 / (3.0 * sizes[i]) : 0.0);
    }
    const fwd = [1.0], dphi2 = [];
    let second = 1.0;
    for (let i = 0; i < depth; i++) {
      const q = sizes[i] * wv[i] * second + bv[i];
      const [m1, m2, d2] = gaussianMoments(act, q);
      fwd.push(Math.max(m2 - m1 * m1, 0.0));
      second = m2;
      dphi2.push(d2);
    }
    const bwd = new Array(depth);
    bwd[depth - 1] = dphi2[depth - 1];
    for (let i = depth - 2; i >= 0; i--) bwd[i] = dphi2[i] * sizes[i + 2] * wv[i + 1] * bwd[i + 1];
    return { forward: fwd, backward: bwd, weightVars: wv };
  }

  // ---------------------------------------------------------------- the random network ----
  // xoshiro128** (seeded through splitmix32): 53-bit uniforms in [0, 1), normals by Box–Muller
  function rng(seed) {
    let z = seed >>> 0;
    const split = () => {
      z = (z + 0x9e3779b9) >>> 0;
      let t = z;
      t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
      t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
      return (t ^ (t >>> 16)) >>> 0;
    };
    let a = split(), b = split(), c = split(), d = split();
    const next = () => {
      const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)), 9) >>> 0;
      const t = b << 9;
      c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
      d = (d << 11) | (d >>> 21);
      return r;
    };
    const uniform = () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
    let spare = null;
    const normal = () => {
      if (spare !== null) { const v = spare; spare = null; return v; }
      let u = 0;
      while (u === 0) u = uniform();
      const r = Math.sqrt(-2 * Math.log(u)), th = 2 * Math.PI * uniform();
      spare = r * Math.sin(th);
      return r * Math.cos(th);
    };
    return { uniform, normal };
  }

  // one layer's n_out × n_in weights (row-major) and biases, drawn as vizdl's sampler does
  function sampleLayer(init, nIn, nOut, g) {
    const W = new Float64Array(nOut * nIn), b = new Float64Array(nOut);
    const kind = SPEC.initializers[init].kind;
    if (kind === "normal") {
      const sd = Math.sqrt(weightVar(init, nIn, nOut));
      for (let k = 0; k < W.length; k++) W[k] = g.normal() * sd;
    } else if (kind === "uniform") {
      const a = uniformBound(init, nIn, nOut);
      for (let k = 0; k < W.length; k++) W[k] = -a + 2 * a * g.uniform();
    } else {
      // orthogonal: QR of a Gaussian max × min matrix (modified Gram–Schmidt), each column's sign
      // that of R's diagonal (Haar-distributed), transposed when there are fewer rows
      const rows = Math.max(nOut, nIn), cols = Math.min(nOut, nIn);
      const A = new Float64Array(rows * cols);
      for (let k = 0; k < A.length; k++) A[k] = g.normal();
      for (let j = 0; j < cols; j++) {
        for (let p = 0; p < j; p++) {
          let dot = 0;
          for (let i = 0; i < rows; i++) dot += A[i * cols + p] * A[i * cols + j];
          for (let i = 0; i < rows; i++) A[i * cols + j] -= dot * A[i * cols + p];
        }
        let nrm = 0;
        for (let i = 0; i < rows; i++) nrm += A[i * cols + j] ** 2;
        nrm = Math.sqrt(nrm); // R's diagonal entry: positive, so Q's column keeps its sign
        for (let i = 0; i < rows; i++) A[i * cols + j] /= nrm;
      }
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) {
          if (nOut >= nIn) W[i * nIn + j] = A[i * cols + j];
          else W[j * nIn + i] = A[i * cols + j];
        }
    }
    if (init === "torch-default") {
      const a = 1.0 / Math.sqrt(nIn);
      for (let j = 0; j < nOut; j++) b[j] = -a + 2 * a * g.uniform();
    }
    return { W, b };
  }

  function variance(v) { // over every entry, as torch's var(unbiased=False)
    let m = 0;
    for (let k = 0; k < v.length; k++) m += v[k];
    m /= v.length;
    let s = 0;
    for (let k = 0; k < v.length; k++) s += (v[k] - m) ** 2;
    return s / v.length;
  }

  function work(width, depth, samples, init) {
    const qr = SPEC.initializers[init].kind === "orthogonal" ? 2 * depth * width ** 3 : 0;
    return 2 * depth * width * width * samples + qr;
  }

  // a width-wide, depth-deep MLP fed `samples` rows of N(0, 1) inputs (dimension `width`); a
  // N(0, 1) gradient arrives at the last activation and is back-propagated as autograd would
  function simulate(init, act, width, depth, samples, seed) {
    const w = work(width, depth, samples, init);
    if (w > MAX_WORK)
      throw new InitError(`the simulated network is too large for this page (${w.toExponential(1)} multiply-adds, at most ${MAX_WORK.toExponential(0)}): lower the width, depth or samples; the theory is shown`);
    const [f, df] = PHI[act];
    const n = width, S = samples;
    const gIn = rng(seed * 7 + 1);
    let a = new Float64Array(S * n);
    for (let k = 0; k < a.length; k++) a[k] = gIn.normal();
    const fwd = [variance(a)], layers = [], dphi = [];
    for (let l = 0; l < depth; l++) {
      const { W, b } = sampleLayer(init, n, n, rng(seed * 7919 + 1000 * (l + 1)));
      layers.push(W);
      const out = new Float64Array(S * n), d = new Float64Array(S * n);
      for (let k = 0; k < S; k++) {
        const ak = k * n;
        for (let j = 0; j < n; j++) {
          let s = b[j];
          const wj = j * n;
          for (let i = 0; i < n; i++) s += W[wj + i] * a[ak + i];
          out[ak + j] = f(s);
          d[ak + j] = df(s);
        }
      }
      dphi.push(d);
      a = out;
      fwd.push(variance(a));
    }
    const gOut = rng(seed * 7 + 31);
    let delta = new Float64Array(S * n);
    for (let k = 0; k < delta.length; k++) delta[k] = gOut.normal() * dphi[depth - 1][k];
    const bwd = new Array(depth);
    bwd[depth - 1] = variance(delta);
    for (let l = depth - 2; l >= 0; l--) {
      const W = layers[l + 1], up = new Float64Array(S * n);
      for (let k = 0; k < S; k++) {
        const dk = k * n;
        for (let j = 0; j < n; j++) {
          const dj = delta[dk + j];
          if (dj === 0) continue;
          const wj = j * n;
          for (let i = 0; i < n; i++) up[dk + i] += W[wj + i] * dj;
        }
      }
      const d = dphi[l];
      for (let k = 0; k < up.length; k++) up[k] *= d[k];
      delta = up;
      bwd[l] = variance(delta);
    }
    return { forward: fwd, backward: bwd };
  }

  function checkOpts(o) {
    const init = o.init, act = o.activation;
    if (!INITS.includes(init)) throw new InitError(`unknown initializer '${init}'; allowed: ${INITS.join(", ")}`);
    if (!ACTS.includes(act)) throw new InitError(`unknown activation '${act}'; allowed: ${ACTS.join(", ")}`);
    const out = { init, activation: act };
    for (const k of ["width", "depth", "samples", "seed"]) {
      const v = Number(o[k]), [lo, hi] = LIMITS[k];
      if (!Number.isInteger(v) || v < lo || v > hi) throw new InitError(`${k} must be a whole number from ${lo} to ${hi}, got ${o[k]}`);
      out[k] = v;
    }
    return out;
  }

  // ------------------------------------------------------------------ the public API ----
  // window.vizdl.init({init, activation, width, depth, samples, seed}) -> {theory, simulated,
  // theory_backward, simulated_backward}: Var(a_l) for l = 0..depth, Var(δ_l) for l = 1..depth
  function compute(opts, withSim = true) {
    const o = checkOpts({ ...SPEC.defaults, ...opts });
    const th = theory(o.init, o.activation, o.width, o.depth);
    const r = { theory: th.forward, theory_backward: th.backward, weight_vars: th.weightVars, simulated: null, simulated_backward: null, error: null };
    if (withSim) {
      try {
        const sim = simulate(o.init, o.activation, o.width, o.depth, o.samples, o.seed);
        r.simulated = sim.forward;
        r.simulated_backward = sim.backward;
      } catch (e) {
        if (!(e instanceof InitError)) throw e;
        r.error = e.message;
      }
    }
    return r;
  }

  window.vizdl = {
    init: (opts) => compute(opts),
    theory: (opts) => compute(opts, false),
    moments: gaussianMoments,
    weightVar,
    quadrature: (idx) => idx.map((i) => [Q.nodes[i], Q.weights[i]]),
    state: () => readState(),
    redraw: () => draw(true),
    spec: SPEC,
  };

  // ------------------------------------------------------------------------ controls ----
  for (const name of INITS) {
    const o = document.createElement("option");
    o.value = name;
    o.textContent = SPEC.initializers[name].label;
    $("init").appendChild(o);
  }
  for (const name of ACTS) {
    const o = document.createElement("option");
    o.value = name;
    o.textContent = SPEC.activations[name];
    $("activation").appendChild(o);
  }
  for (const k of Object.keys(LIMITS)) { $(k).min = LIMITS[k][0]; $(k).max = LIMITS[k][1]; }

  function readState() {
    return {
      init: $("init").value,
      activation: $("activation").value,
      width: Math.round(Number($("width").value)),
      depth: Math.round(Number($("depth").value)),
      samples: Math.round(Number($("samples").value)),
      seed: Math.round(Number($("seed").value)),
      backward: $("show-backward").checked,
    };
  }

  // ------------------------------------------------------------------------- drawing ----
  const canvas = $("variance"), ctx = canvas.getContext("2d");
  const INK = "#1d2330", GRID = "#dde2e8";
  const STYLE = {
    forward: { color: "#0072B2", marker: "o", label: "forward: Var(aₗ)" },
    backward: { color: "#D55E00", marker: "s", label: "backward: Var(δₗ)" },
  };
  let last = null;

  function markerAt(kind, x, y, r, color) {
    ctx.beginPath();
    if (kind === "s") ctx.rect(x - r, y - r, 2 * r, 2 * r);
    else ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = "#ffffff";
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.6;
    ctx.fill();
    ctx.stroke();
  }

  function drawPlot(s, r) {
    const W = canvas.width, H = canvas.height, L = 64, R = 16, T = 16, B = 44;
    ctx.clearRect(0, 0, W, H);
    const series = [["forward", r.theory, r.simulated, 0]];
    if (s.backward) series.push(["backward", r.theory_backward, r.simulated_backward, 1]);
    const logs = [];
    for (const [, th, sim] of series) for (const v of [...th, ...(sim || [])]) if (v > 0 && isFinite(v)) logs.push(Math.log10(v));
    let hi = Math.ceil(Math.max(...logs, 1)), lo = Math.floor(Math.min(...logs, -1));
    if (hi - lo > 320) lo = hi - 320;
    const X = (l) => L + ((W - L - R) * l) / Math.max(s.depth, 1);
    const Y = (v) => T + ((H - T - B) * (hi - Math.max(Math.log10(v), lo))) / (hi - lo);
    ctx.strokeStyle = GRID;
    ctx.lineWidth = 1;
    ctx.fillStyle = INK;
    ctx.font = "12px sans-serif";
    ctx.textAlign = "right";
    const every = Math.max(1, Math.ceil((hi - lo) / 10));
    for (let e = Math.ceil(lo / every) * every; e <= hi; e += every) {
      const y = T + ((H - T - B) * (hi - e)) / (hi - lo);
      ctx.beginPath(); ctx.moveTo(L, y); ctx.lineTo(W - R, y); ctx.stroke();
      ctx.fillText("1e" + e, L - 4, y + 4);
    }
    ctx.strokeStyle = INK;
    ctx.strokeRect(L, T, W - L - R, H - T - B);
    ctx.textAlign = "center";
    const tick = Math.max(1, Math.ceil(s.depth / 10));
    for (let l = 0; l <= s.depth; l += tick) ctx.fillText(String(l), X(l), H - B + 16);
    ctx.fillText("layer l", L + (W - L - R) / 2, H - 8);
    ctx.save();
    ctx.translate(14, T + (H - T - B) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText("variance (log scale)", 0, 0);
    ctx.restore();
    for (const [dir, th, sim, off] of series) {
      const st = STYLE[dir];
      ctx.strokeStyle = st.color;
      ctx.lineWidth = 2;
      ctx.setLineDash(dir === "forward" ? [] : [7, 4]);
      ctx.beginPath();
      let first = true;
      th.forEach((v, i) => {
        if (!(v > 0 && isFinite(v))) { first = true; return; }
        const x = X(i + off), y = Y(v);
        first ? ctx.moveTo(x, y) : ctx.lineTo(x, y);
        first = false;
      });
      ctx.stroke();
      ctx.setLineDash([]);
      if (sim) sim.forEach((v, i) => { if (v > 0 && isFinite(v)) markerAt(st.marker, X(i + off), Y(v), 3.5, st.color); });
    }
  }

  const fmt = (v) => (v === null || v === undefined ? "—" : !isFinite(v) ? String(v) : v === 0 ? "0" : v.toExponential(3));

  // the words about the numbers, computed from them: a ratio within a decade "stays", within
  // three decades it shrinks or grows, beyond that it vanishes or explodes
  function trendWord(ratio, stays) {
    const dec = Math.abs(Math.log10(ratio));
    return dec < 1 ? stays : dec < 3 ? (ratio < 1 ? "shrinks" : "grows") : ratio < 1 ? "vanishes" : "explodes";
  }

  function describe(s, r) {
    const th = r.theory, L = s.depth;
    const first = th[1], end = th[L];
    const parts = [];
    const ratio = end / first;
    let trend;
    if (!(first > 0) || !(end > 0)) trend = `the theory's variance reaches ${fmt(end)} at layer ${L}`;
    else if (L === 1) trend = `one layer: Var(a₁) = ${fmt(first)}`;
    else {
      const per = Math.pow(ratio, 1 / (L - 1));
      const word = trendWord(ratio, "stays within a factor 10 of Var(a₁)");
      trend = `in theory the forward signal ${word}: Var(a_${L}) / Var(a₁) = ${fmt(ratio)}, × ${per.toPrecision(3)} per layer`;
    }
    parts.push(`${SPEC.initializers[s.init].label} weights, ${SPEC.activations[s.activation]}, ${L} layers of ${s.width} units: ${trend}.`);
    if (r.simulated) {
      const sim = r.simulated[L];
      const f = sim > 0 && end > 0 ? sim / end : NaN;
      parts.push(`The simulated network (${s.samples} inputs, seed ${s.seed}) ends at Var(a_${L}) = ${fmt(sim)}` +
        (isFinite(f) ? `, ${f.toPrecision(3)} × the theory's.` : "."));
    }
    if (s.backward) {
      const b1 = r.theory_backward[0], bL = r.theory_backward[L - 1];
      const rb = b1 / bL;
      parts.push(L > 1 && rb > 0 && isFinite(rb)
        ? `Backward, in theory the gradient ${trendWord(rb, "stays within a factor 10")} on its way to layer 1: Var(δ₁) / Var(δ_${L}) = ${fmt(rb)}.`
        : `Backward, in theory Var(δ₁) = ${fmt(b1)}.`);
    }
    return parts.join(" ");
  }

  function drawTable(s, r) {
    if (!$("table-box").open) return;
    const rows = [];
    for (let l = 0; l <= s.depth; l++) {
      const tb = l ? r.theory_backward[l - 1] : null, sb = l && r.simulated_backward ? r.simulated_backward[l - 1] : null;
      rows.push(`<tr><td>${l}</td><td>${fmt(r.theory[l])}</td><td>${r.simulated ? fmt(r.simulated[l]) : "—"}</td><td>${fmt(tb)}</td><td>${fmt(sb)}</td></tr>`);
    }
    $("table").querySelector("tbody").innerHTML = rows.join("");
  }

  function draw(withSim) {
    const s = readState();
    let r;
    try {
      // the simulation reruns only when the network changed (and, while a control moves, only
      // after the last move: the markers wait, the theory's line follows at once)
      const reuse = last && sameNet(s, last.s) && (last.r.simulated || last.r.error);
      r = compute(s, withSim && !reuse);
      if (reuse) Object.assign(r, { simulated: last.r.simulated, simulated_backward: last.r.simulated_backward, error: last.r.error });
      $("init-error").textContent = r.error || "";
    } catch (e) {
      if (!(e instanceof InitError)) throw e;
      $("init-error").textContent = e.message;
      return;
    }
    last = { s, r };
    drawPlot(s, r);
    $("variance-caption").textContent = describe(s, r);
    $("torch-call").textContent = SPEC.initializers[s.init].torch;
    drawTable(s, r);
    writeHash(s);
  }
  const sameNet = (a, b) => ["init", "activation", "width", "depth", "samples", "seed"].every((k) => a[k] === b[k]);

  // ---------------------------------------------------------------------- URL state ----
  let hashTimer = null;
  function writeHash(s) {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => {
      const q = new URLSearchParams();
      for (const k of ["init", "activation", "width", "depth", "samples", "seed"]) q.set(k, String(s[k]));
      q.set("backward", s.backward ? "1" : "0");
      history.replaceState(null, "", "#" + q.toString());
    }, 150);
  }

  function readHash() {
    const q = new URLSearchParams(location.hash.slice(1));
    const d = SPEC.defaults;
    $("init").value = INITS.includes(q.get("init")) ? q.get("init") : d.init;
    $("activation").value = ACTS.includes(q.get("activation")) ? q.get("activation") : d.activation;
    for (const k of ["width", "depth", "samples", "seed"]) {
      const v = Number(q.get(k));
      const [lo, hi] = LIMITS[k];
      $(k).value = q.get(k) !== null && Number.isInteger(v) && v >= lo && v <= hi ? v : d[k];
    }
    $("show-backward").checked = q.get("backward") !== "0";
  }

  // ------------------------------------------------------------------------- events ----
  // the theory follows every change at once; the simulation a moment after the last one
  let simTimer = null, pending = false;
  function schedule() {
    if (!pending) {
      pending = true;
      requestAnimationFrame(() => { pending = false; draw(false); });
    }
    clearTimeout(simTimer);
    simTimer = setTimeout(() => draw(true), 200);
  }
  document.querySelectorAll("input, select").forEach((el) => el.addEventListener("input", schedule));
  $("table-box").addEventListener("toggle", () => last && drawTable(last.s, last.r));
  $("share").addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(location.href); $("shared").textContent = "Copied."; }
    catch (e) { $("shared").textContent = location.href; }
  });
  window.addEventListener("hashchange", () => { readHash(); draw(true); });
  readHash();
  draw(true);
})();
