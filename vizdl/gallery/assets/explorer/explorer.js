// vizdl optimizer explorer: controls, drawing and the URL state. The numbers come from sim.js.
(function () {
  "use strict";
  const SPEC = window.VIZDL_SPEC;
  const SIM = window.vizdlSim;
  const $ = (id) => document.getElementById(id);
  const RACERS = Object.keys(SPEC.racers);
  const reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // ------------------------------------------------------------------ the public API ----
  // window.vizdl.run({optimizer, hparams, surface, start, steps}) -> {points, losses}: the
  // simulation the page draws, for tests and for the curious (hyperparameters named as in
  // torch.optim; surface {name: "beale"} or {expr: "x**2 + 3*y**2", domain: [x0, x1, y0, y1]}).
  window.vizdl = {
    run: (opts) => {
      const r = SIM.run(opts, SPEC);
      return { points: r.points, losses: r.losses, diverged: r.diverged, hparams: r.hparams };
    },
    value: (surface, x, y) => SIM.makeSurface(surface, SPEC).value(x, y),
    grad: (surface, x, y) => SIM.makeSurface(surface, SPEC).grad(x, y),
    state: () => readState(),
    redraw: () => draw(),
    spec: SPEC,
    // window.vizdl.basins({optimizer, hparams, surface, steps, n, tol, bound}) -> Promise of
    // {labels, ms, worker_ms, xs, ys, minima}: which minimum each start of an n × n grid over the
    // surface's domain reaches (row i: y = ys[i], column j: x = xs[j]; -1 none, -2 diverged), as
    // vizdl.sim.optimizers.basins.basin_map classifies it; computed in a Web Worker
    basins: (opts) => {
      const job = basinJob(opts);
      const t0 = performance.now();
      return postBasins(job).then((r) => ({
        labels: Array.from(r.labels), xs: Array.from(r.xs), ys: Array.from(r.ys),
        minima: job.minima, ms: performance.now() - t0, worker_ms: r.worker_ms,
      }));
    },
  };

  // ------------------------------------------------------------------- the basin map ----
  // basins-worker.js is loaded as a plain script (it defines window.vizdlBasinsWorker); its own
  // source text becomes the worker through a Blob URL, which Chromium accepts from file:// too
  // (a worker script file it refuses there). No user text is ever run: an expression surface
  // goes to the worker as the tree sim.js parsed.
  let basinWorker = null, basinSeq = 0;
  const basinWaiting = new Map();
  function postBasins(job) {
    if (!basinWorker) {
      const src = "(" + window.vizdlBasinsWorker.toString() + ")(self);\n";
      basinWorker = new Worker(URL.createObjectURL(new Blob([src], { type: "text/javascript" })));
      basinWorker.onmessage = (ev) => {
        const w = basinWaiting.get(ev.data.id);
        basinWaiting.delete(ev.data.id);
        if (!w) return;
        ev.data.error ? w.reject(new SIM.ExprError(ev.data.error)) : w.resolve(ev.data);
      };
    }
    const id = ++basinSeq;
    return new Promise((resolve, reject) => {
      basinWaiting.set(id, { resolve, reject });
      basinWorker.postMessage({ ...job, id });
    });
  }

  function basinJob(opts) {
    const rule = SIM.RULES[opts.optimizer];
    if (!rule) throw new SIM.ExprError(`unknown optimizer '${opts.optimizer}'; allowed: ${Object.keys(SIM.RULES).join(", ")}`);
    for (const k of Object.keys(opts.hparams || {}))
      if (!(k in rule.defaults)) throw new SIM.ExprError(`unknown hyperparameter '${k}' for optimizer '${opts.optimizer}'; allowed: ${Object.keys(rule.defaults).join(", ")}`);
    const n = opts.n === undefined ? 100 : Number(opts.n), steps = opts.steps === undefined ? 200 : Number(opts.steps);
    if (!(Number.isInteger(n) && n >= 2 && n <= 400)) throw new SIM.ExprError(`n must be a whole number from 2 to 400, got ${opts.n}`);
    if (!(Number.isInteger(steps) && steps >= 1 && steps <= 5000)) throw new SIM.ExprError(`steps must be a whole number from 1 to 5000, got ${opts.steps}`);
    const sf = opts.surfaceObject || SIM.makeSurface(opts.surface, SPEC);
    let surface;
    if (opts.surface && opts.surface.expr !== undefined) surface = { kind: "expr", tree: SIM.parseExpr(opts.surface.expr) };
    else if (SPEC.surfaces[sf.name] && SPEC.surfaces[sf.name].hessian) surface = { kind: "quadratic", hessian: SPEC.surfaces[sf.name].hessian, center: SPEC.surfaces[sf.name].center };
    else surface = { kind: "builtin", name: sf.name };
    const minima = (sf.minima || []).map((m) => [m[0], m[1]]);
    if (!minima.length) throw new SIM.ExprError(`${sf.title} has no minimum in its domain for the basin map to colour; pick one that has, e.g. Himmelblau's`);
    return {
      rule: opts.optimizer, hparams: { ...rule.defaults, ...(opts.hparams || {}) }, surface, minima,
      domain: sf.domain, n, steps, tol: opts.tol === undefined ? 1e-2 : Number(opts.tol), bound: opts.bound || 1e6,
    };
  }

  // the colours of vizdl.style.THEME.minima (Okabe–Ito), then more for expressions with more
  // minima; THEME.basins' greys for "none" and "diverged"
  const BASIN_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];
  const BASIN_NONE = "#D9D9D9", BASIN_DIVERGED = "#4D4D4D";
  const basin = { key: "", want: "", busy: false, map: null, error: "" };

  function basinRequest(s, sf) {
    if (!s.basins) return;
    const label = s.basinRacer;
    const hp = hparamsFor(label, s);
    const surfaceSpec = s.expr ? { expr: s.expr, domain: s.domain } : { name: s.surface };
    const key = JSON.stringify([surfaceKey, label, hp, s.steps, s.basinN]);
    basin.want = key;
    if (key === basin.key || basin.busy) return; // the latest settings go when the running job is back
    let job;
    try {
      job = basinJob({ optimizer: SPEC.racers[label].rule, hparams: hp, surface: surfaceSpec, surfaceObject: sf, steps: s.steps, n: s.basinN });
    } catch (err) {
      basin.error = err.message; basin.key = key; basin.map = null;
      return;
    }
    basin.busy = true;
    basin.error = "";
    const t0 = performance.now();
    postBasins(job).then((r) => {
      basin.busy = false;
      basin.map = { ...r, key, label, n: job.n, steps: job.steps, minima: job.minima, ms: performance.now() - t0 };
      basin.key = key;
      schedule();
    }, (err) => { basin.busy = false; basin.error = err.message; basin.key = key; basin.map = null; schedule(); });
  }

  function basinImage(m) {
    const c = document.createElement("canvas");
    c.width = m.n; c.height = m.n;
    const img = c.getContext("2d").createImageData(m.n, m.n);
    const rgb = (hex) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
    const cols = m.minima.map((_, k) => rgb(BASIN_COLORS[k % BASIN_COLORS.length]));
    const none = rgb(BASIN_NONE), div = rgb(BASIN_DIVERGED);
    for (let i = 0; i < m.n; i++)
      for (let j = 0; j < m.n; j++) {
        const l = m.labels[i * m.n + j], col = l >= 0 ? cols[l] : l === -1 ? none : div;
        const p = 4 * ((m.n - 1 - i) * m.n + j); // row 0 of the image is the top: the largest y
        img.data[p] = col[0]; img.data[p + 1] = col[1]; img.data[p + 2] = col[2]; img.data[p + 3] = 255;
      }
    c.getContext("2d").putImageData(img, 0, 0);
    return c;
  }

  function drawBasins(s, sf) {
    const box = $("basin-legend");
    if (!s.basins) { // off: leave the DOM alone unless something is shown (a redraw stays cheap)
      if (box.firstChild) box.innerHTML = "";
      if ($("basin-status").textContent) $("basin-status").textContent = "";
      return;
    }
    if (basin.error) { $("basin-status").textContent = basin.error; box.innerHTML = ""; return; }
    const m = basin.map;
    const current = m && !basin.busy && m.key === basin.want;
    if (!m) { $("basin-status").textContent = "computing the basin map…"; return; }
    if (!m.img) m.img = basinImage(m);
    // each start's cell is centred on it: the image spans half a cell beyond the domain (clipped)
    const [[x0, x1], [y0, y1]] = sf.domain;
    const hx = (x1 - x0) / (2 * (m.n - 1)), hy = (y1 - y0) / (2 * (m.n - 1));
    const [a, b] = toPx(sf, x0 - hx, y1 + hy), [c, d] = toPx(sf, x1 + hx, y0 - hy);
    const [ca, cb] = toPx(sf, x0, y0), [cc, cd] = toPx(sf, x1, y1);
    mctx.save();
    mctx.beginPath();
    mctx.rect(ca, cd, cc - ca, cb - cd);
    mctx.clip();
    mctx.globalAlpha = current ? 0.55 : 0.25;
    mctx.imageSmoothingEnabled = false;
    mctx.drawImage(m.img, a, b, c - a, d - b);
    mctx.restore();
    const total = m.labels.length, count = (v) => m.labels.reduce((k, l) => k + (l === v), 0);
    const pct = (k) => `${((100 * k) / total).toFixed(1)}%`;
    $("basin-status").textContent = current
      ? `${m.label}: ${m.n} × ${m.n} starts × ${m.steps} steps, computed in ${Math.round(m.ms)} ms (in a worker).`
      : "computing the basin map for the new settings…";
    const items = m.minima.map((p, k) => [BASIN_COLORS[k % BASIN_COLORS.length], `minimum ${k + 1} at (${p[0].toPrecision(4)}, ${p[1].toPrecision(4)}): ${pct(count(k))} of the starts`]);
    items.push([BASIN_NONE, `no minimum within 0.01 after ${m.steps} steps: ${pct(count(-1))}`]);
    items.push([BASIN_DIVERGED, `diverged: ${pct(count(-2))}`]);
    box.innerHTML = "";
    for (const [col, text] of items) {
      const li = document.createElement("li");
      li.innerHTML = '<span class="basin-key"></span> ';
      li.querySelector(".basin-key").style.background = col;
      li.appendChild(document.createTextNode(text));
      box.appendChild(li);
    }
    // the minima's numbers on the map, so a basin is named without its colour
    mctx.fillStyle = SPEC.ink;
    mctx.font = "bold 13px sans-serif";
    mctx.textAlign = "left";
    m.minima.forEach((p, k) => { const [u, v] = toPx(sf, p[0], p[1]); mctx.fillText(String(k + 1), u + 8, v - 6); });
  }

  // ------------------------------------------------------------------------ controls ----
  for (const name of Object.keys(SPEC.surfaces)) {
    const o = document.createElement("option");
    o.value = name;
    o.textContent = SPEC.surfaces[name].title;
    $("surface").appendChild(o);
  }
  for (const label of RACERS) {
    const id = "racer-" + label;
    const wrap = document.createElement("label");
    wrap.className = "racer";
    wrap.innerHTML = `<input type="checkbox" id="${id}"> <span class="swatch"></span> ${label}`;
    wrap.querySelector(".swatch").style.background = SPEC.styles[label].color;
    $("racers").appendChild(wrap);
    const o = document.createElement("option");
    o.value = label;
    o.textContent = label;
    $("table-racer").appendChild(o);
    const b = o.cloneNode(true);
    $("basin-racer").appendChild(b);
  }

  const num = (id) => Number($(id).value);

  function readState() {
    const expr = $("expr").value.trim();
    return {
      surface: $("surface").value,
      expr,
      domain: [num("dx0"), num("dx1"), num("dy0"), num("dy1")],
      racers: RACERS.filter((l) => $("racer-" + l).checked),
      lr: 10 ** num("lr"),
      lrDefault: $("lr-default").checked,
      momentum: num("momentum"),
      beta1: num("beta1"),
      beta2: num("beta2"),
      eps: num("eps"),
      rho: num("rho"),
      alpha: num("alpha"),
      steps: Math.max(1, Math.min(5000, Math.round(num("steps")))),
      start: [num("x0"), num("y0")],
      basins: $("basins").checked,
      basinRacer: $("basin-racer").value,
      basinN: Number($("basin-n").value),
    };
  }

  // The hyperparameters a racer runs with: its rule's torch defaults, what its name implies
  // (momentum 0.9, nesterov), then the page's settings where that rule has them.
  function hparamsFor(label, s) {
    const { rule, implied } = SPEC.racers[label];
    const d = SPEC.rules[rule];
    const h = { ...implied };
    if (!s.lrDefault) h.lr = s.lr;
    if ("momentum" in implied) h.momentum = s.momentum;
    if ("betas" in d) h.betas = [s.beta1, s.beta2];
    if ("eps" in d && (rule === "adam" || rule === "adamax" || rule === "rmsprop")) h.eps = s.eps;
    if (rule === "adadelta") h.rho = s.rho;
    if (rule === "rmsprop") h.alpha = s.alpha;
    return h;
  }

  // ---------------------------------------------------------------------- the surface ----
  let surfaceKey = "", surf = null, field = null;

  function currentSurface(s) {
    const key = s.expr ? "e:" + s.expr + ":" + s.domain.join(",") : "s:" + s.surface;
    if (key === surfaceKey && surf) return surf;
    const spec = s.expr ? { expr: s.expr, domain: s.domain } : { name: s.surface };
    surf = SIM.makeSurface(spec, SPEC);
    surfaceKey = key;
    field = contourField(surf);
    return surf;
  }

  // values on a grid and log-spaced levels above the lowest value (as the gallery's figures)
  function contourField(sf) {
    const n = 121;
    const [[x0, x1], [y0, y1]] = sf.domain;
    const z = new Float64Array(n * n);
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const v = sf.value(x0 + ((x1 - x0) * j) / (n - 1), y0 + ((y1 - y0) * i) / (n - 1));
        z[i * n + j] = v;
        if (isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      }
    const levels = [];
    const span = hi - lo || 1;
    for (let k = 1; k <= 18; k++) levels.push(lo + span * Math.pow(10, -4 + (4 * k) / 18));
    return { n, z, lo, hi, levels };
  }

  // ------------------------------------------------------------------------- drawing ----
  const map = $("map");
  let mctx = map.getContext("2d");
  const lossC = $("loss"), lctx = lossC.getContext("2d");
  const PAD = 36;

  function toPx(sf, x, y) {
    const [[x0, x1], [y0, y1]] = sf.domain;
    const w = map.width - 2 * PAD, h = map.height - 2 * PAD;
    const sc = Math.min(w / (x1 - x0), h / (y1 - y0)); // equal aspect: a non-square domain keeps its shape
    const ox = PAD + (w - sc * (x1 - x0)) / 2, oy = PAD + (h - sc * (y1 - y0)) / 2;
    return [ox + (x - x0) * sc, oy + (y1 - y) * sc];
  }
  function fromPx(sf, px, py) {
    const [[x0, x1], [y0, y1]] = sf.domain;
    const w = map.width - 2 * PAD, h = map.height - 2 * PAD;
    const sc = Math.min(w / (x1 - x0), h / (y1 - y0));
    const ox = PAD + (w - sc * (x1 - x0)) / 2, oy = PAD + (h - sc * (y1 - y0)) / 2;
    return [x0 + (px - ox) / sc, y1 - (py - oy) / sc];
  }

  function drawContours(sf) {
    const { n, z, levels } = field;
    const [[x0, x1], [y0, y1]] = sf.domain;
    const gx = (j) => x0 + ((x1 - x0) * j) / (n - 1), gy = (i) => y0 + ((y1 - y0) * i) / (n - 1);
    mctx.strokeStyle = SPEC.contour;
    mctx.lineWidth = 0.8;
    mctx.setLineDash([]);
    mctx.beginPath();
    for (const lv of levels) {
      // marching squares, one segment per cell crossing
      for (let i = 0; i < n - 1; i++)
        for (let j = 0; j < n - 1; j++) {
          const a = z[i * n + j], b = z[i * n + j + 1], c = z[(i + 1) * n + j + 1], d = z[(i + 1) * n + j];
          const pts = [];
          const edge = (p, q, xp, yp, xq, yq) => {
            if ((p < lv) !== (q < lv) && isFinite(p) && isFinite(q)) {
              const t = (lv - p) / (q - p);
              pts.push([xp + t * (xq - xp), yp + t * (yq - yp)]);
            }
          };
          edge(a, b, gx(j), gy(i), gx(j + 1), gy(i));
          edge(b, c, gx(j + 1), gy(i), gx(j + 1), gy(i + 1));
          edge(c, d, gx(j + 1), gy(i + 1), gx(j), gy(i + 1));
          edge(d, a, gx(j), gy(i + 1), gx(j), gy(i));
          for (let k = 0; k + 1 < pts.length; k += 2) {
            const [u0, v0] = toPx(sf, pts[k][0], pts[k][1]);
            const [u1, v1] = toPx(sf, pts[k + 1][0], pts[k + 1][1]);
            mctx.moveTo(u0, v0);
            mctx.lineTo(u1, v1);
          }
        }
    }
    mctx.stroke();
  }

  function marker(ctx, kind, x, y, r, color, fill) {
    ctx.beginPath();
    if (kind === "s") ctx.rect(x - r, y - r, 2 * r, 2 * r);
    else if (kind === "^") { ctx.moveTo(x, y - r); ctx.lineTo(x + r, y + r); ctx.lineTo(x - r, y + r); ctx.closePath(); }
    else if (kind === "v") { ctx.moveTo(x, y + r); ctx.lineTo(x + r, y - r); ctx.lineTo(x - r, y - r); ctx.closePath(); }
    else if (kind === "D") { ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath(); }
    else if (kind === "*") {
      for (let k = 0; k < 10; k++) {
        const rr = k % 2 ? r * 0.45 : r * 1.2, a = -Math.PI / 2 + (k * Math.PI) / 5;
        k ? ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a)) : ctx.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
      }
      ctx.closePath();
    } else ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = fill || color;
    ctx.strokeStyle = color;
    ctx.fill();
    ctx.stroke();
  }

  let lastRuns = [];

  function draw() {
    const s = readState();
    $("lr-out").textContent = s.lrDefault ? "torch defaults" : "η = " + s.lr.toPrecision(3);
    let sf;
    try {
      sf = currentSurface(s);
      $("expr-error").textContent = "";
    } catch (err) {
      $("expr-error").textContent = err.message;
      return;
    }
    const runs = s.racers.map((label) => {
      const hp = hparamsFor(label, s);
      const r = SIM.run({ optimizer: SPEC.racers[label].rule, hparams: hp, surfaceObject: sf, start: s.start, steps: s.steps }, SPEC);
      return { label, hp, ...r };
    });
    lastRuns = runs;
    // the map
    mctx.clearRect(0, 0, map.width, map.height);
    if (!field.layer) {
      // the contours change only with the surface: drawn once into a layer, then copied
      const main = mctx;
      field.layer = document.createElement("canvas");
      field.layer.width = map.width;
      field.layer.height = map.height;
      mctx = field.layer.getContext("2d");
      drawContours(sf);
      mctx = main;
    }
    basinRequest(s, sf);
    drawBasins(s, sf);
    mctx.drawImage(field.layer, 0, 0);
    for (const m of sf.minima || []) {
      const [u, v] = toPx(sf, m[0], m[1]);
      marker(mctx, "*", u, v, 7, SPEC.ink, SPEC.ink);
    }
    // paths are clipped to the domain's box (a path that leaves it is cut at the edge)
    const [[bx0, bx1], [by0, by1]] = sf.domain;
    const [ca, cb] = toPx(sf, bx0, by0), [cc, cd] = toPx(sf, bx1, by1);
    mctx.save();
    mctx.beginPath();
    mctx.rect(ca, cd, cc - ca, cb - cd);
    mctx.clip();
    for (const r of runs) {
      const st = SPEC.styles[r.label];
      mctx.strokeStyle = st.color;
      mctx.lineWidth = 2;
      mctx.setLineDash(st.dash.map((d) => d * 1.3));
      mctx.beginPath();
      let first = true;
      for (const p of r.points) {
        if (!p) break;
        const [u, v] = toPx(sf, p[0], p[1]);
        first ? mctx.moveTo(u, v) : mctx.lineTo(u, v);
        first = false;
      }
      mctx.stroke();
      mctx.setLineDash([]);
      const last = r.points.filter(Boolean).pop();
      if (last) { const [u, v] = toPx(sf, last[0], last[1]); marker(mctx, st.marker, u, v, 5, st.color); }
    }
    mctx.restore();
    const [su, sv] = toPx(sf, s.start[0], s.start[1]);
    marker(mctx, "o", su, sv, 6, SPEC.ink, "#ffffff");
    drawAxes(sf);
    $("map-caption").textContent =
      `${sf.title}: ${runs.length} optimizer${runs.length === 1 ? "" : "s"} from (${s.start[0].toPrecision(3)}, ${s.start[1].toPrecision(3)}), ${s.steps} steps` +
      (s.lrDefault ? ", each at torch's default learning rate." : `, all at η = ${s.lr.toPrecision(3)}.`);
    drawLoss(sf, runs, s);
    drawTable();
    writeHash(s);
  }

  function drawAxes(sf) {
    const [[x0, x1], [y0, y1]] = sf.domain;
    const [a, b] = toPx(sf, x0, y0), [c, d] = toPx(sf, x1, y1);
    mctx.strokeStyle = SPEC.ink;
    mctx.lineWidth = 1;
    mctx.strokeRect(a, d, c - a, b - d);
    mctx.fillStyle = SPEC.ink;
    mctx.font = "12px sans-serif";
    mctx.textAlign = "center";
    mctx.fillText(`θ₁ from ${x0} to ${x1}`, (a + c) / 2, b + 20);
    mctx.save();
    mctx.translate(a - 14, (b + d) / 2);
    mctx.rotate(-Math.PI / 2);
    mctx.fillText(`θ₂ from ${y0} to ${y1}`, 0, 0);
    mctx.restore();
  }

  function drawLoss(sf, runs, s) {
    const W = lossC.width, H = lossC.height, L = 60, R = 12, T = 12, B = 36;
    lctx.clearRect(0, 0, W, H);
    // J − J_min on a log scale when the minimum is known (negative minima work); else J, linear
    const mins = (sf.minima || []).map((m) => sf.value(m[0], m[1]));
    const jmin = mins.length ? Math.min(...mins) : null;
    const ys = [];
    for (const r of runs) for (const v of r.losses) if (v !== null && isFinite(v)) ys.push(jmin === null ? v : v - jmin);
    const logy = jmin !== null;
    const pos = ys.filter((v) => v > 0);
    let lo, hi;
    if (logy) {
      hi = Math.log10(Math.max(...pos, 1e-300));
      lo = Math.max(Math.log10(Math.min(...pos, 1e300)), hi - 14); // at most 14 decades: readable
      if (!(hi > lo)) { lo = hi - 1; }
    } else {
      lo = Math.min(...ys); hi = Math.max(...ys);
      if (!(hi > lo)) { lo -= 1; hi += 1; }
    }
    const X = (t) => L + ((W - L - R) * t) / s.steps;
    const Y = (v) => {
      const q = logy ? Math.log10(Math.max(v, 10 ** lo)) : v;
      return T + ((H - T - B) * (hi - q)) / (hi - lo);
    };
    lctx.strokeStyle = SPEC.ink;
    lctx.strokeRect(L, T, W - L - R, H - T - B);
    lctx.fillStyle = SPEC.ink;
    lctx.font = "12px sans-serif";
    lctx.textAlign = "center";
    lctx.fillText("step", L + (W - L - R) / 2, H - 6);
    lctx.fillText("0", L, H - B + 14);
    lctx.fillText(String(s.steps), W - R, H - B + 14);
    lctx.textAlign = "right";
    const fmt = (q) => (logy ? "1e" + Math.round(q) : q.toPrecision(3));
    lctx.fillText(fmt(hi), L - 4, T + 10);
    lctx.fillText(fmt(lo), L - 4, H - B);
    lctx.save();
    lctx.translate(14, T + (H - T - B) / 2);
    lctx.rotate(-Math.PI / 2);
    lctx.textAlign = "center";
    lctx.fillText(logy ? "J(θ) − J_min (log)" : "J(θ)", 0, 0);
    lctx.restore();
    for (const r of runs) {
      const st = SPEC.styles[r.label];
      lctx.strokeStyle = st.color;
      lctx.lineWidth = 2;
      lctx.setLineDash(st.dash);
      lctx.beginPath();
      let first = true;
      r.losses.forEach((v, t) => {
        if (v === null || !isFinite(v)) return;
        const yv = jmin === null ? v : v - jmin;
        first ? lctx.moveTo(X(t), Y(yv)) : lctx.lineTo(X(t), Y(yv));
        first = false;
      });
      lctx.stroke();
    }
    lctx.setLineDash([]);
    $("legend").innerHTML = "";
    for (const r of runs) {
      const li = document.createElement("li");
      const end = r.losses.filter((v) => v !== null).pop();
      const lr = r.hp.lr !== undefined ? r.hp.lr : SPEC.rules[SPEC.racers[r.label].rule].lr;
      li.innerHTML = `<span class="swatch"></span> ${r.label} (η = ${Number(lr).toPrecision(3)}): ` +
        (r.diverged >= 0 ? `diverged at step ${r.diverged}` : `final loss ${Number(end).toExponential(3)}`);
      li.querySelector(".swatch").style.background = SPEC.styles[r.label].color;
      $("legend").appendChild(li);
    }
    $("loss-caption").textContent = logy
      ? "Loss minus the lowest minimum's value, log scale (the lowest 14 decades shown)."
      : "Loss per step, linear scale: no local minimum was found inside the domain (the loss may be unbounded below, as on a saddle).";
  }

  function drawTable() {
    if (!$("table-box").open) return;
    const label = $("table-racer").value;
    const r = lastRuns.find((x) => x.label === label);
    const body = $("table").querySelector("tbody");
    body.innerHTML = "";
    if (!r) { body.innerHTML = "<tr><td colspan=4>This optimizer is not selected.</td></tr>"; return; }
    const rows = [];
    r.points.forEach((p, t) => {
      rows.push(`<tr><td>${t}</td><td>${p ? p[0].toPrecision(10) : "diverged"}</td><td>${p ? p[1].toPrecision(10) : ""}</td><td>${r.losses[t] !== null ? r.losses[t].toPrecision(10) : ""}</td></tr>`);
    });
    body.innerHTML = rows.join("");
  }

  // ---------------------------------------------------------------------- URL state ----
  // history.replaceState costs more than a whole redraw in Chromium: while a slider is being
  // dragged the URL follows a quarter of a second after the last move
  let hashTimer = null;
  function writeHash(s) {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => writeHashNow(s), 250);
  }

  function writeHashNow(s) {
    const q = new URLSearchParams();
    if (s.expr) { q.set("e", s.expr); q.set("d", s.domain.join(",")); } else q.set("s", s.surface);
    q.set("o", s.racers.join(","));
    q.set("lr", s.lrDefault ? "default" : String(s.lr));
    for (const k of ["momentum", "beta1", "beta2", "eps", "rho", "alpha", "steps"]) q.set(k, String(s[k]));
    q.set("x0", String(s.start[0]));
    q.set("y0", String(s.start[1]));
    if (s.basins) { q.set("b", s.basinRacer); q.set("bn", String(s.basinN)); }
    history.replaceState(null, "", "#" + q.toString());
  }

  function readHash() {
    const q = new URLSearchParams(location.hash.slice(1));
    const surface = q.get("s");
    if (surface && surface in SPEC.surfaces) $("surface").value = surface;
    showDomain();
    if (q.get("e")) {
      $("expr").value = q.get("e");
      const d = (q.get("d") || "").split(",").map(Number);
      if (d.length === 4 && d.every(isFinite)) ["dx0", "dx1", "dy0", "dy1"].forEach((id, i) => ($(id).value = d[i]));
    }
    const o = q.get("o");
    const chosen = o === null ? ["SGD", "Momentum", "Adam"] : o.split(",");
    for (const l of RACERS) $("racer-" + l).checked = chosen.includes(l);
    const lr = q.get("lr");
    if (lr === "default") $("lr-default").checked = true;
    else if (lr && Number(lr) > 0) $("lr").value = Math.log10(Number(lr));
    for (const k of ["momentum", "beta1", "beta2", "eps", "rho", "alpha", "steps"]) if (q.get(k) !== null && isFinite(Number(q.get(k)))) $(k).value = q.get(k);
    const b = q.get("b");
    $("basins").checked = b !== null && RACERS.includes(b);
    if ($("basins").checked) $("basin-racer").value = b;
    if (["100", "150", "200"].includes(q.get("bn"))) $("basin-n").value = q.get("bn");
    const start = SPEC.surfaces[$("surface").value].start;
    $("x0").value = q.get("x0") !== null ? q.get("x0") : start[0];
    $("y0").value = q.get("y0") !== null ? q.get("y0") : start[1];
  }

  // ------------------------------------------------------------------------- events ----
  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; draw(); });
  }
  document.querySelectorAll("input, select").forEach((el) => el.addEventListener("input", schedule));
  // the domain boxes show the built-in's domain (a starting point for your own expression)
  function showDomain() {
    const d = SPEC.surfaces[$("surface").value].domain;
    ["dx0", "dx1", "dy0", "dy1"].forEach((id, i) => ($(id).value = d[i >> 1][i & 1]));
  }
  // this site's own formula surfaces (its [[entries]]), from site-surfaces.js: choosing one
  // fills the formula, its domain and its start, as a typed formula would
  const SITE = Array.isArray(window.VIZDL_SITE_SURFACES) ? window.VIZDL_SITE_SURFACES : [];
  SITE.forEach((own, k) => {
    const o = document.createElement("option");
    o.value = String(k);
    o.textContent = own.title;
    $("site-surface").appendChild(o);
  });
  $("site-surface-box").style.display = SITE.length ? "" : "none";
  $("site-surface").addEventListener("change", () => {
    const own = SITE[Number($("site-surface").value)];
    if (!own) return;
    $("expr").value = own.expr;
    ["dx0", "dx1", "dy0", "dy1"].forEach((id, i) => ($(id).value = own.domain[i]));
    $("x0").value = own.start[0];
    $("y0").value = own.start[1];
    schedule();
  });
  $("surface").addEventListener("change", () => {
    $("expr").value = "";
    $("site-surface").value = "";
    const st = SPEC.surfaces[$("surface").value].start;
    $("x0").value = st[0];
    $("y0").value = st[1];
    showDomain();
    schedule();
  });
  $("table-box").addEventListener("toggle", drawTable);
  $("table-racer").addEventListener("change", drawTable);
  map.addEventListener("click", (ev) => {
    if (!surf) return;
    const rect = map.getBoundingClientRect();
    const [x, y] = fromPx(surf, ((ev.clientX - rect.left) * map.width) / rect.width, ((ev.clientY - rect.top) * map.height) / rect.height);
    $("x0").value = x.toPrecision(4);
    $("y0").value = y.toPrecision(4);
    schedule();
  });
  map.addEventListener("keydown", (ev) => {
    if (!surf) return;
    const [[x0, x1], [y0, y1]] = surf.domain;
    const dx = (x1 - x0) / 50, dy = (y1 - y0) / 50;
    const moves = { ArrowLeft: [-dx, 0], ArrowRight: [dx, 0], ArrowUp: [0, dy], ArrowDown: [0, -dy] };
    if (!(ev.key in moves)) return;
    ev.preventDefault();
    $("x0").value = (num("x0") + moves[ev.key][0]).toPrecision(4);
    $("y0").value = (num("y0") + moves[ev.key][1]).toPrecision(4);
    schedule();
  });
  $("share").addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(location.href); $("shared").textContent = "Copied."; }
    catch (e) { $("shared").textContent = location.href; }
  });
  if (reduceMotion) document.documentElement.classList.add("reduce-motion");

  // a link into the page (or the back button) with another state: read it
  window.addEventListener("hashchange", () => { readHash(); draw(); });

  readHash();
  draw();
})();
