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
  };

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
  $("surface").addEventListener("change", () => {
    $("expr").value = "";
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
