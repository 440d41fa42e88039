// vizdl learning-rate explorer: gradient descent on the parabola ½·a·θ² and on the 2-D quadratic
// bowls, as vizdl/sim/optimizers/learning_rates.py runs it (torch.optim.SGD's update
// θ ← θ − η·g, float64, the same order of operations), and the regime named by the same rule as
// its _regime_label / _regime_label_2d. tests/test_explorer_lr.py compares this page's numbers
// with the Python simulation in headless Chromium.
(function () {
  "use strict";
  const SPEC = window.VIZDL_LR_SPEC;
  const $ = (id) => document.getElementById(id);
  const PATH = "#0072B2", LOSS = "#D55E00";
  const reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  class InputError extends Error {}

  // ----------------------------------------------------------------- the simulation ----
  // The quadratic ½ zᵀHz of vizdl/sim/surfaces.py:quadratic (centre 0): value summed term by
  // term as its Python does, gradient x @ H.T.
  function surfaceOf(name, curvature) {
    if (name === "parabola") {
      const a = Number(curvature === undefined ? SPEC.parabola.curvature.default : curvature);
      if (!(a > 0 && isFinite(a))) throw new InputError(`the curvature a must be a positive number, got ${curvature}`);
      return {
        name, d: 1, a, lam: [a],
        domain: [[-SPEC.parabola.extent, SPEC.parabola.extent]],
        value: (x) => 0.5 * (a * x[0] * x[0]),
        grad: (x) => [x[0] * a],
      };
    }
    const s = SPEC.surfaces[name];
    if (!s) throw new InputError(`unknown surface '${name}'; allowed: parabola, ${Object.keys(SPEC.surfaces).join(", ")}`);
    const h = s.hessian;
    return {
      name, d: 2, lam: s.curvatures, domain: s.domain, title: s.title, levels: s.levels,
      value: (x) => {
        let acc = 0;
        for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) acc = acc + h[i][j] * x[i] * x[j];
        return 0.5 * acc;
      },
      grad: (x) => [x[0] * h[0][0] + x[1] * h[0][1], x[0] * h[1][0] + x[1] * h[1][1]],
    };
  }

  // numpy.isclose's default tolerances
  const isclose = (a, b) => Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);

  // vizdl.sim.optimizers.learning_rates._regime_label and _regime_label_2d, operation by operation
  function regimeLabel(lr, sf) {
    if (sf.d === 1) {
      const r = lr * sf.a;
      if (r >= 2) return "divergent";
      if (r > 1) return "too large (oscillates)";
      if (r < 0.3) return "too small";
      return "about right";
    }
    const lmax = Math.max(...sf.lam), lmin = Math.min(...sf.lam);
    const steep = lr * lmax;
    if (steep < 1 && isclose(lmin, lmax)) return "smooth";
    if (steep >= 2) return "steep axis diverges";
    if (steep > 1) return "steep axis zig-zags";
    if (1 - lr * lmin > 0.98) return "too small";
    return "smooth, flat axis slow";
  }

  // lr({surface, lr, start, steps, curvature}) -> {points, losses, regime, factors, diverged}:
  // vizdl.sim.optimizers.rules.trajectory("sgd", ...): a run whose |θ| passes the bound (or
  // stops being finite) is diverged from that step on (null points and losses).
  function lr(opts) {
    const name = typeof opts.surface === "string" ? opts.surface : (opts.surface || {}).name;
    const sf = surfaceOf(name, opts.curvature !== undefined ? opts.curvature : (opts.surface || {}).curvature);
    const eta = Number(opts.lr);
    if (!(eta >= 0 && isFinite(eta))) throw new InputError(`η must be a number ≥ 0, got ${opts.lr}`);
    const steps = Number(opts.steps);
    if (!(Number.isInteger(steps) && steps >= 0)) throw new InputError(`steps must be a whole number ≥ 0, got ${opts.steps}`);
    const start = (Array.isArray(opts.start) ? opts.start : [opts.start]).map(Number);
    if (start.length !== sf.d || !start.every(isFinite))
      throw new InputError(`the start must be ${sf.d} number${sf.d > 1 ? "s" : ""}, got ${JSON.stringify(opts.start)}`);
    const bound = SPEC.bound;
    let x = start.slice();
    const points = [x.slice()], losses = [sf.value(x)];
    let diverged = -1;
    for (let t = 1; t <= steps; t++) {
      if (diverged >= 0) { points.push(null); losses.push(null); continue; }
      const g = sf.grad(x);
      x = x.map((xi, i) => xi - eta * g[i]);
      if (!x.every((xi) => Math.abs(xi) <= bound)) { diverged = t; points.push(null); losses.push(null); continue; }
      points.push(x.slice());
      losses.push(sf.value(x));
    }
    // |1 − ηλ| per direction (the curvatures in ascending order, as numpy.linalg.eigvalsh)
    const factors = sf.lam.map((l) => Math.abs(1.0 - eta * l));
    return { points, losses, regime: regimeLabel(eta, sf), factors, curvatures: sf.lam.slice(), diverged };
  }

  // ------------------------------------------------------------------------ controls ----
  const names = ["parabola", ...Object.keys(SPEC.surfaces)];
  for (const n of names) {
    const o = document.createElement("option");
    o.value = n;
    o.textContent = n === "parabola" ? "Parabola J(θ) = ½·a·θ² (the lecture's)" : SPEC.surfaces[n].title;
    $("surface").appendChild(o);
  }
  const PRESETS = [...new Set([...SPEC.parabola.lr_factors, 1, 2, 0.3])].sort((a, b) => a - b);
  for (const f of PRESETS) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.factor = String(f);
    b.textContent = `${f}/λ`;
    b.addEventListener("click", () => {
      const sf = currentSurface(false);
      if (!sf) return;
      // η = factor / λ_max, exactly as learning_rate_regimes(_2d) computes its rates
      $("lr-num").value = String(f / Math.max(...sf.lam));
      syncSlider();
      schedule();
    });
    $("presets").appendChild(b);
  }

  function currentSurface(report) {
    try {
      return surfaceOf($("surface").value, $("curv").value);
    } catch (err) {
      if (report) $("error").textContent = err.message;
      return null;
    }
  }

  function readState() {
    const surface = $("surface").value;
    const is1d = surface === "parabola";
    return {
      surface,
      curvature: Number($("curv").value),
      lrText: $("lr-num").value.trim(),
      lr: Number($("lr-num").value.trim()),
      start: is1d ? [Number($("x0").value)] : [Number($("x0").value), Number($("y0").value)],
      steps: Number($("steps").value),
    };
  }

  function syncSlider() {
    const v = Number($("lr-num").value);
    if (v > 0 && isFinite(v)) $("lr").value = String(Math.log10(v));
  }

  function showRows() {
    const is1d = $("surface").value === "parabola";
    $("curv-row").hidden = !is1d;
    $("y0-row").hidden = is1d;
    $("x0-label").textContent = is1d ? "start θ₀" : "start θ₁";
    const lmaxName = is1d ? "a" : "λ_max";
    for (const b of $("presets").children) b.textContent = `${b.dataset.factor}/${lmaxName}`;
  }

  function defaults(surface) {
    if (surface === "parabola") {
      $("x0").value = SPEC.parabola.x0.default;
      $("steps").value = SPEC.parabola.steps.default;
    } else {
      $("x0").value = SPEC.bowl2d.start.default[0];
      $("y0").value = SPEC.bowl2d.start.default[1];
      $("steps").value = SPEC.bowl2d.steps.default;
    }
  }

  // ------------------------------------------------------------------------- drawing ----
  const map = $("map"), mctx = map.getContext("2d");
  const lossC = $("loss"), lctx = lossC.getContext("2d");
  const PAD = 44;
  let last = null; // the last drawn run, for the table and the tests
  let fieldCache = { key: "", layer: null };

  function frame(sf) {
    // the plot box and the data → pixel maps
    const W = map.width, H = map.height;
    if (sf.d === 1) {
      const e = sf.domain[0][1];
      const top = sf.value([e]) * 1.08;
      return {
        X: (x) => PAD + ((x + e) / (2 * e)) * (W - 2 * PAD),
        Y: (v) => H - PAD - (v / top) * (H - 2 * PAD),
        inX: (x) => ((x - PAD) / (W - 2 * PAD)) * 2 * e - e,
        box: [PAD, PAD, W - 2 * PAD, H - 2 * PAD],
        top,
      };
    }
    const [[x0, x1], [y0, y1]] = sf.domain;
    const sc = Math.min((W - 2 * PAD) / (x1 - x0), (H - 2 * PAD) / (y1 - y0));
    const ox = (W - sc * (x1 - x0)) / 2, oy = (H - sc * (y1 - y0)) / 2;
    return {
      X: (x) => ox + (x - x0) * sc,
      Y: (y) => oy + (y1 - y) * sc,
      inX: (px) => x0 + (px - ox) / sc,
      inY: (py) => y1 - (py - oy) / sc,
      box: [ox, oy, sc * (x1 - x0), sc * (y1 - y0)],
    };
  }

  function dot(ctx, x, y, r, stroke, fill) {
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = fill;
    ctx.strokeStyle = stroke;
    ctx.lineWidth = 1.5;
    ctx.fill();
    ctx.stroke();
  }

  function contourLayer(sf, fr) {
    const key = sf.name + map.width;
    if (fieldCache.key === key) return fieldCache.layer;
    const layer = document.createElement("canvas");
    layer.width = map.width;
    layer.height = map.height;
    const ctx = layer.getContext("2d");
    const n = 121;
    const [[x0, x1], [y0, y1]] = sf.domain;
    const gx = (j) => x0 + ((x1 - x0) * j) / (n - 1), gy = (i) => y0 + ((y1 - y0) * i) / (n - 1);
    const z = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) z[i * n + j] = sf.value([gx(j), gy(i)]);
    ctx.strokeStyle = SPEC.contour;
    ctx.lineWidth = 0.9;
    ctx.beginPath();
    for (const lv of sf.levels) {
      for (let i = 0; i < n - 1; i++)
        for (let j = 0; j < n - 1; j++) {
          const a = z[i * n + j], b = z[i * n + j + 1], c = z[(i + 1) * n + j + 1], d = z[(i + 1) * n + j];
          const pts = [];
          const edge = (p, q, xp, yp, xq, yq) => {
            if ((p < lv) !== (q < lv)) { const t = (lv - p) / (q - p); pts.push([xp + t * (xq - xp), yp + t * (yq - yp)]); }
          };
          edge(a, b, gx(j), gy(i), gx(j + 1), gy(i));
          edge(b, c, gx(j + 1), gy(i), gx(j + 1), gy(i + 1));
          edge(c, d, gx(j + 1), gy(i + 1), gx(j), gy(i + 1));
          edge(d, a, gx(j), gy(i + 1), gx(j), gy(i));
          for (let k = 0; k + 1 < pts.length; k += 2) {
            ctx.moveTo(fr.X(pts[k][0]), fr.Y(pts[k][1]));
            ctx.lineTo(fr.X(pts[k + 1][0]), fr.Y(pts[k + 1][1]));
          }
        }
    }
    ctx.stroke();
    fieldCache = { key, layer };
    return layer;
  }

  // where the run leaves the plotted box: the first step outside it (null if it never does)
  function leaves(sf, points) {
    for (let t = 0; t < points.length; t++) {
      const p = points[t];
      if (!p) return t;
      for (let i = 0; i < sf.d; i++) if (p[i] < sf.domain[i][0] || p[i] > sf.domain[i][1]) return t;
    }
    return null;
  }

  function drawMap(sf, run, s) {
    const fr = frame(sf);
    const W = map.width, H = map.height;
    mctx.clearRect(0, 0, W, H);
    const [bx, by, bw, bh] = fr.box;
    const out = leaves(sf, run.points);
    const shown = out === null ? run.points : run.points.slice(0, out);
    mctx.font = "13px sans-serif";
    mctx.fillStyle = SPEC.ink;
    if (sf.d === 1) {
      // the parabola, then the path: each step a dot on the curve, joined in step order
      mctx.strokeStyle = SPEC.ink;
      mctx.lineWidth = 2;
      mctx.beginPath();
      const e = sf.domain[0][1], n = SPEC.parabola.grid;
      for (let i = 0; i < n; i++) {
        const x = -e + (2 * e * i) / (n - 1);
        i ? mctx.lineTo(fr.X(x), fr.Y(sf.value([x]))) : mctx.moveTo(fr.X(x), fr.Y(sf.value([x])));
      }
      mctx.stroke();
      mctx.strokeStyle = PATH;
      mctx.lineWidth = 1.6;
      mctx.setLineDash([5, 3]);
      mctx.beginPath();
      shown.forEach((p, t) => (t ? mctx.lineTo(fr.X(p[0]), fr.Y(sf.value(p))) : mctx.moveTo(fr.X(p[0]), fr.Y(sf.value(p)))));
      mctx.stroke();
      mctx.setLineDash([]);
      shown.forEach((p, t) => dot(mctx, fr.X(p[0]), fr.Y(sf.value(p)), t ? 4.5 : 6.5, PATH, t ? PATH : "#ffffff"));
      // axes
      mctx.fillStyle = SPEC.ink;
      mctx.strokeStyle = SPEC.ink;
      mctx.lineWidth = 1;
      mctx.strokeRect(bx, by, bw, bh);
      mctx.textAlign = "center";
      mctx.fillText("θ", bx + bw / 2, H - 10);
      for (const v of [-e, 0, e]) mctx.fillText(String(v), fr.X(v), by + bh + 16);
      mctx.save();
      mctx.translate(14, by + bh / 2);
      mctx.rotate(-Math.PI / 2);
      mctx.fillText("J(θ) = ½·a·θ²", 0, 0);
      mctx.restore();
    } else {
      mctx.drawImage(contourLayer(sf, fr), 0, 0);
      dot(mctx, fr.X(0), fr.Y(0), 4, SPEC.ink, SPEC.ink);
      mctx.save();
      mctx.beginPath();
      mctx.rect(bx, by, bw, bh);
      mctx.clip();
      mctx.strokeStyle = PATH;
      mctx.lineWidth = 2;
      mctx.beginPath();
      shown.forEach((p, t) => (t ? mctx.lineTo(fr.X(p[0]), fr.Y(p[1])) : mctx.moveTo(fr.X(p[0]), fr.Y(p[1]))));
      mctx.stroke();
      shown.forEach((p, t) => dot(mctx, fr.X(p[0]), fr.Y(p[1]), t ? 3.5 : 6.5, PATH, t ? PATH : "#ffffff"));
      mctx.restore();
      mctx.fillStyle = SPEC.ink;
      mctx.strokeStyle = SPEC.ink;
      mctx.lineWidth = 1;
      mctx.strokeRect(bx, by, bw, bh);
      mctx.textAlign = "center";
      const [[x0, x1], [y0, y1]] = sf.domain;
      mctx.fillText(`θ₁ from ${x0} to ${x1}`, bx + bw / 2, by + bh + 18);
      mctx.save();
      mctx.translate(bx - 14, by + bh / 2);
      mctx.rotate(-Math.PI / 2);
      mctx.fillText(`θ₂ from ${y0} to ${y1}`, 0, 0);
      mctx.restore();
    }
    if (out !== null) {
      // a run that leaves the plot is drawn up to its edge and says so, never dropped
      mctx.fillStyle = "#b3261e";
      mctx.textAlign = "left";
      mctx.font = "bold 13px sans-serif";
      mctx.fillText(run.points[out] ? `leaves the plot at step ${out}` : `diverged at step ${out}`, bx + 8, by + 18);
    }
    const title = sf.d === 1 ? `Parabola ½·${sf.a}·θ²` : sf.title;
    $("map-caption").textContent =
      `${title}: ${s.steps} steps of gradient descent at η = ${s.lrText} from θ₀ = ${sf.d === 1 ? s.start[0] : "(" + s.start.join(", ") + ")"}; ` +
      "the white dot is the start, each blue dot one step" +
      (out === null ? "." : `; the run leaves the plot at step ${out} (drawn up to there).`);
  }

  function drawLoss(run, s) {
    const W = lossC.width, H = lossC.height, L = 62, R = 14, T = 14, B = 40;
    lctx.clearRect(0, 0, W, H);
    const pos = run.losses.filter((v) => v !== null && v > 0);
    let hi = pos.length ? Math.log10(Math.max(...pos)) : 0;
    let lo = pos.length ? Math.max(Math.log10(Math.min(...pos)), hi - 16) : -1;
    if (!(hi > lo)) { lo = hi - 1; }
    hi = Math.ceil(hi);
    lo = Math.floor(lo);
    const n = Math.max(1, run.losses.length - 1);
    const X = (t) => L + ((W - L - R) * t) / n;
    const Y = (v) => T + ((H - T - B) * (hi - Math.log10(Math.max(v, 10 ** lo)))) / (hi - lo);
    lctx.strokeStyle = SPEC.ink;
    lctx.lineWidth = 1;
    lctx.strokeRect(L, T, W - L - R, H - T - B);
    lctx.fillStyle = SPEC.ink;
    lctx.font = "12px sans-serif";
    lctx.textAlign = "center";
    lctx.fillText("step", L + (W - L - R) / 2, H - 6);
    lctx.fillText("0", L, H - B + 15);
    lctx.fillText(String(n), W - R, H - B + 15);
    lctx.textAlign = "right";
    lctx.fillText("1e" + hi, L - 4, T + 10);
    lctx.fillText("1e" + lo, L - 4, H - B);
    lctx.save();
    lctx.translate(14, T + (H - T - B) / 2);
    lctx.rotate(-Math.PI / 2);
    lctx.textAlign = "center";
    lctx.fillText("J(θ) (log scale)", 0, 0);
    lctx.restore();
    lctx.strokeStyle = LOSS;
    lctx.lineWidth = 2;
    lctx.beginPath();
    let first = true;
    run.losses.forEach((v, t) => {
      if (v === null) return;
      first ? lctx.moveTo(X(t), Y(v)) : lctx.lineTo(X(t), Y(v));
      first = false;
    });
    lctx.stroke();
    if (n <= 120) run.losses.forEach((v, t) => { if (v !== null) { lctx.fillStyle = LOSS; lctx.fillRect(X(t) - 2.5, Y(v) - 2.5, 5, 5); } });
    const end = run.losses.filter((v) => v !== null).pop();
    $("loss-caption").textContent = run.diverged >= 0
      ? `The loss per step (log scale, squares): the run passed |θ| > ${SPEC.bound} at step ${run.diverged} and diverged.`
      : `The loss per step (log scale, squares), from ${run.losses[0].toPrecision(3)} to ${end.toPrecision(3)} after ${n} steps` +
        (end === 0 ? " (exactly 0: shown at the bottom of the scale)." : ".");
  }

  function describeRegime(run, sf, s) {
    const dirs = sf.d === 1 ? ["θ"] : sameAxes(sf) ? ["θ₁", "θ₂"] : ["the flat direction", "the steep direction"];
    const lines = run.factors.map((f, i) => {
      const l = run.curvatures[i];
      const m = 1 - s.lr * l;
      const what = f >= 1
        ? (m < 0 ? "flips side and grows: diverges" : "grows")
        : m < 0 ? "flips side each step and shrinks: oscillates in" : m === 0 ? "lands on the minimum in one step" : "shrinks without overshooting";
      return `<li>${dirs[sf.d === 1 ? 0 : i]} (λ = ${fmt(l)}): 1 − ηλ = ${fmt(m)}, |1 − ηλ| = ${fmt(f)} per step — ${what}</li>`;
    });
    const lmax = Math.max(...run.curvatures);
    const unit = sf.d === 1 ? "a" : "λ_max";
    $("regime").innerHTML =
      `<p><strong>Regime: ${run.regime}</strong> <span class="muted">(η = ${fmt(s.lr * lmax)}/${unit}; stable while η &lt; 2/${unit} = ${fmt(2 / lmax)})</span></p><ul>${lines.join("")}</ul>`;
  }
  // the eigen-directions are the axes when the Hessian is diagonal
  const sameAxes = (sf) => SPEC.surfaces[sf.name].hessian[0][1] === 0 && SPEC.surfaces[sf.name].hessian[1][0] === 0;
  const fmt = (v) => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5) || v === 0 ? String(Number(v.toPrecision(4))) : v.toExponential(3);

  function drawTable() {
    if (!$("table-box").open || !last) return;
    const d = last.sf.d;
    $("table").querySelector("thead").innerHTML = `<tr><th>step</th>${d === 1 ? "<th>θ</th>" : "<th>θ₁</th><th>θ₂</th>"}<th>loss</th></tr>`;
    $("table").querySelector("tbody").innerHTML = last.run.points
      .map((p, t) => `<tr><td>${t}</td>${p ? p.map((v) => `<td>${v.toPrecision(12)}</td>`).join("") : `<td colspan="${d}">diverged</td>`}<td>${last.run.losses[t] !== null ? last.run.losses[t].toPrecision(12) : ""}</td></tr>`)
      .join("");
  }

  function draw() {
    const s = readState();
    $("error").textContent = "";
    showRows();
    let sf, run;
    try {
      sf = surfaceOf(s.surface, s.curvature);
      if (!(s.lr > 0 && isFinite(s.lr))) throw new InputError(`η must be a number > 0, got "${s.lrText}"`);
      if (!(Number.isInteger(s.steps) && s.steps >= 1 && s.steps <= 1000)) throw new InputError("steps must be a whole number from 1 to 1000");
      s.start.forEach((v, i) => {
        const [lo, hi] = sf.domain[i];
        if (!(v >= lo && v <= hi)) throw new InputError(`the start must lie inside the plot, ${lo} to ${hi}, got ${$(i ? "y0" : "x0").value}`);
      });
      run = lr({ surface: s.surface, curvature: s.curvature, lr: s.lr, start: s.start, steps: s.steps });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      $("error").textContent = err.message;
      return;
    }
    last = { sf, run, s };
    describeRegime(run, sf, s);
    drawMap(sf, run, s);
    drawLoss(run, s);
    drawTable();
    writeHash(s);
  }

  // ---------------------------------------------------------------------- URL state ----
  let hashTimer = null;
  function writeHash(s) {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => {
      const q = new URLSearchParams();
      q.set("s", s.surface);
      if (s.surface === "parabola") q.set("a", $("curv").value);
      q.set("lr", s.lrText);
      q.set("x0", $("x0").value);
      if (s.surface !== "parabola") q.set("y0", $("y0").value);
      q.set("steps", $("steps").value);
      history.replaceState(null, "", "#" + q.toString());
    }, 250);
  }

  function readHash() {
    const q = new URLSearchParams(location.hash.slice(1));
    const s = q.get("s");
    $("surface").value = names.includes(s) ? s : "parabola";
    $("curv").value = q.get("a") !== null ? q.get("a") : SPEC.parabola.curvature.default;
    defaults($("surface").value);
    for (const k of ["x0", "y0", "steps"]) if (q.get(k) !== null) $(k).value = q.get(k);
    const sf = currentSurface(false);
    const lmax = sf ? Math.max(...sf.lam) : 1;
    // the default rate: the gallery's "too large (oscillates)" example, 1.8/λ_max
    $("lr-num").value = q.get("lr") !== null ? q.get("lr") : String(SPEC.parabola.lr_factors[2] / lmax);
    syncSlider();
  }

  // ------------------------------------------------------------------------- events ----
  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; draw(); });
  }
  $("lr").addEventListener("input", () => {
    $("lr-num").value = String(Number((10 ** Number($("lr").value)).toPrecision(4)));
    schedule();
  });
  $("lr-num").addEventListener("input", () => { syncSlider(); schedule(); });
  for (const id of ["curv", "x0", "y0", "steps"]) $(id).addEventListener("input", schedule);
  $("surface").addEventListener("change", () => {
    defaults($("surface").value);
    const sf = currentSurface(false);
    if (sf) { $("lr-num").value = String(SPEC.parabola.lr_factors[2] / Math.max(...sf.lam)); syncSlider(); }
    schedule();
  });
  map.addEventListener("click", (ev) => {
    const sf = currentSurface(false);
    if (!sf) return;
    const fr = frame(sf), rect = map.getBoundingClientRect();
    const px = ((ev.clientX - rect.left) * map.width) / rect.width, py = ((ev.clientY - rect.top) * map.height) / rect.height;
    const clamp = (v, [lo, hi]) => Math.min(hi, Math.max(lo, v));
    $("x0").value = Number(clamp(fr.inX(px), sf.domain[0]).toPrecision(3));
    if (sf.d === 2) $("y0").value = Number(clamp(fr.inY(py), sf.domain[1]).toPrecision(3));
    schedule();
  });
  map.addEventListener("keydown", (ev) => {
    const sf = currentSurface(false);
    if (!sf) return;
    const moves = { ArrowLeft: [-0.1, 0], ArrowRight: [0.1, 0], ArrowUp: [0, 0.1], ArrowDown: [0, -0.1] };
    if (!(ev.key in moves) || (sf.d === 1 && moves[ev.key][0] === 0)) return;
    ev.preventDefault();
    const step = (id, dv, [lo, hi]) => ($(id).value = Number(Math.min(hi, Math.max(lo, Number($(id).value) + dv)).toFixed(6)));
    step("x0", moves[ev.key][0], sf.domain[0]);
    if (sf.d === 2) step("y0", moves[ev.key][1], sf.domain[1]);
    schedule();
  });
  $("table-box").addEventListener("toggle", drawTable);
  $("share").addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(location.href); $("shared").textContent = "Copied."; }
    catch (e) { $("shared").textContent = location.href; }
  });
  if (reduceMotion) document.documentElement.classList.add("reduce-motion");
  window.addEventListener("hashchange", () => { readHash(); draw(); });

  // ------------------------------------------------------------------ the public API ----
  window.vizdl = {
    lr,
    regime: (lrValue, surface, curvature) => regimeLabel(Number(lrValue), surfaceOf(surface, curvature)),
    state: () => readState(),
    redraw: () => draw(),
    last: () => (last ? { points: last.run.points, losses: last.run.losses, regime: last.run.regime, factors: last.run.factors } : null),
    spec: SPEC,
  };

  readHash();
  draw();
})();
