// bpnn playground: the page only draws the numbers the server sends.
// Nothing about back-propagation, an activation or a loss is computed here: the server runs
// bpnn.train (one epoch per step) and bpnn.explain (Inspect); this file draws their numbers.
"use strict";

const TOKEN = document.body.dataset.token;
let lang = document.body.dataset.lang === "zh" ? "zh" : "en";

const UI = {
  en: {
    title: "bpnn playground", subtitle: "back-propagation with bpnn's own numbers",
    data: "Data", dataset: "data set", points: "points", noise: "noise", test_fraction: "test share", seed: "seed",
    network: "Network", add_layer: "+ layer", remove_layer: "− layer", layer: "hidden layer {l}", units: "units",
    output: "output", loss: "loss", init: "initial weights", training: "Training", algorithm: "algorithm",
    lr: "learning rate", batch_size: "batch size", apply: "apply (new run)", play: "play", pause: "pause",
    step: "one step", reset: "reset", speed: "epochs per frame", epoch: "epoch", train_loss: "training loss",
    test_loss: "test loss", hint: "Click a unit or an edge to see this step's numbers.", output_view: "Output",
    loss_curves: "Loss", train: "training", test: "test", log_scale: "(log scale)", export_model: "model file",
    export_code: "Python code", export_data: "data (CSV)", engine: "engine", stopped: "stopped",
    full: "the whole step, as bpnn explain prints it", input: "input", all_rows: "batch: all rows",
    inspect_epoch: "epoch {e}: the full-batch step on the {n} training rows; E = {E}",
    weight: "weight", clicked: "(the edge you clicked)", apply_first: "change a setting, then apply",
  },
  zh: {
    title: "bpnn 演练场", subtitle: "用 bpnn 自己的数值观察反向传播",
    data: "数据", dataset: "数据集", points: "样本数", noise: "噪声", test_fraction: "测试集比例", seed: "随机种子",
    network: "网络", add_layer: "+ 隐层", remove_layer: "− 隐层", layer: "第 {l} 隐层", units: "神经元",
    output: "输出层激活", loss: "损失函数", init: "初始权重", training: "训练", algorithm: "训练算法",
    lr: "学习率", batch_size: "批大小", apply: "应用(重新开始)", play: "运行", pause: "暂停",
    step: "单步", reset: "重置", speed: "每帧训练轮数", epoch: "训练轮数", train_loss: "训练损失",
    test_loss: "测试损失", hint: "点击神经元或连线,查看这一步的具体数值。", output_view: "网络输出",
    loss_curves: "损失曲线", train: "训练集", test: "测试集", log_scale: "(对数坐标)", export_model: "模型文件",
    export_code: "Python 代码", export_data: "数据(CSV)", engine: "计算引擎", stopped: "已停止",
    full: "完整的一步(与 bpnn explain 的输出相同)", input: "输入", all_rows: "批大小:全部样本",
    inspect_epoch: "第 {e} 轮:在 {n} 个训练样本上的全批量一步;E = {E}",
    weight: "权重", clicked: "(你点击的连线)", apply_first: "修改设置后点击应用",
  },
};
const tr = (key, vars) => (UI[lang][key] || key).replace(/\{(\w+)\}/g, (_, k) => (vars && k in vars ? vars[k] : ""));

let OPT = null, DATA = null, STATE = null, lossTrain = [], lossTest = [];
let playing = false, busy = false, selected = null, layers = [];
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
const fmt = (x) => (x === null || x === undefined ? "—" : Math.abs(x) >= 1e-3 || x === 0 ? Number(x).toPrecision(6) : Number(x).toExponential(4));

async function api(path, body) {
  const init = {headers: {"X-BPNN-Token": TOKEN}};
  if (body !== undefined) {
    init.method = "POST";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error || response.statusText);
  return answer;
}

function message(text) { $("message").textContent = text || ""; }

// -- settings -------------------------------------------------------------------------------
function fill(id, names) {
  $(id).innerHTML = names.map((n) => `<option value="${esc(n)}">${esc(n)}</option>`).join("");
}

function layerRows() {
  const acts = Object.keys(OPT.activations);
  $("layers").innerHTML = layers.map((layer, i) =>
    `<div class="layer-row"><span>${esc(tr("layer", {l: i + 1}))}</span>
      <input type="number" min="1" max="${OPT.limits.units}" value="${layer.units}" data-i="${i}" class="units">
      <select data-i="${i}" class="act">${acts.map((a) => `<option${a === layer.act ? " selected" : ""}>${esc(a)}</option>`).join("")}</select></div>`).join("");
  for (const el of document.querySelectorAll("#layers .units")) el.onchange = () => { layers[el.dataset.i].units = Number(el.value); };
  for (const el of document.querySelectorAll("#layers .act")) el.onchange = () => { layers[el.dataset.i].act = el.value; };
}

function setForm(c) {
  for (const key of ["dataset", "noise", "test_fraction", "seed", "output", "loss", "init", "algorithm", "lr"]) $(key).value = c[key];
  $("points").value = c.points === null ? OPT.datasets[c.dataset].points : c.points;
  $("batch_size").value = c.batch_size === null ? "" : c.batch_size;
  layers = c.hidden.map((units, i) => ({units, act: c.activations[i]}));
  layerRows();
  lossRules();
}

function readForm() {
  const num = (id) => Number($(id).value);
  return {
    dataset: $("dataset").value, points: num("points"), noise: num("noise"), test_fraction: num("test_fraction"),
    seed: num("seed"), hidden: layers.map((l) => Number(l.units)), activations: layers.map((l) => l.act),
    output: $("output").value, loss: $("loss").value, init: $("init").value, algorithm: $("algorithm").value,
    lr: num("lr"), batch_size: $("batch_size").value === "" ? null : num("batch_size"),
  };
}

function notArticle() {       // the article's weights exist for its 1-4-1 network only
  if ($("init").value === "article") $("init").value = OPT.inits.find((name) => name !== "article");
}

function lossRules() {           // a loss that needs a particular output layer (from the server's registry)
  const need = OPT.losses[$("loss").value].requires_output;
  if (need) $("output").value = need;
  $("output").disabled = Boolean(need);
}

// -- the run ----------------------------------------------------------------------------------
async function newRun(config) {
  stop();
  try {
    const answer = await api("/api/config", {config});
    message("");
    start(answer);
  } catch (err) { message(err.message); }
}

function start(answer) {
  DATA = answer.data; STATE = answer.state;
  lossTrain = STATE.loss.slice(); lossTest = STATE.test_loss.slice();
  selected = null; $("inspect").hidden = true;
  setForm(DATA.config);
  layout();
  draw();
}

async function step(k) {
  if (busy) return;
  busy = true;
  try {
    const state = await api("/api/step", {steps: k, since: lossTrain.length});
    lossTrain.push(...state.loss); lossTest.push(...state.test_loss);
    STATE = state;
    draw();
    if (state.stopped || state.error) stop();
    if (selected && !playing) inspect(selected.layer, selected.unit, selected.input);
  } catch (err) { message(err.message); stop(); }
  busy = false;
}

function stop() { playing = false; $("play").textContent = tr("play"); }

async function loop() {
  while (playing) {
    await step(Number($("speed").value));
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

// -- drawing ------------------------------------------------------------------------------------
function colour(v) {          // v in [−1, 1]: orange (negative) … white … blue (positive)
  const t = Math.max(-1, Math.min(1, v || 0));
  const [r, g, b] = t >= 0 ? [255 - 234 * t, 255 - 154 * t, 255 - 63 * t] : [255, 255 + 154 * t, 255 + 255 * t];
  return [Math.round(r), Math.round(g), Math.round(b)];
}

function maxAbs(values) { let m = 0; for (const v of values) m = Math.max(m, Math.abs(v)); return m || 1; }

function heatmap(canvas, values, centre, scale) {
  const [rows, cols] = DATA.grid;
  const small = document.createElement("canvas");
  small.width = cols; small.height = rows;
  const ctx = small.getContext("2d");
  const img = ctx.createImageData(cols, rows);
  values.forEach((v, k) => {
    const [r, g, b] = colour((v - centre) / scale);
    img.data.set([r, g, b, 255], 4 * k);
  });
  ctx.putImageData(img, 0, 0);
  const out = canvas.getContext("2d");
  out.imageSmoothingEnabled = true;
  out.drawImage(small, 0, 0, canvas.width, canvas.height);
}

function curve(canvas, values, lo, hi, colourName) {
  const ctx = canvas.getContext("2d"), w = canvas.width, h = canvas.height;
  const y = (v) => h - 2 - ((v - lo) / (hi - lo || 1)) * (h - 4);
  ctx.strokeStyle = colourName || "#1565c0"; ctx.lineWidth = 1.5; ctx.beginPath();
  values.forEach((v, k) => { const x = (k / (values.length - 1)) * w; k ? ctx.lineTo(x, y(v)) : ctx.moveTo(x, y(v)); });
  ctx.stroke();
}

function inputValues(i) {      // the grid's own coordinates: what an input unit "outputs"
  if (DATA.sizes[0] === 1) { const [lo, hi] = DATA.bounds[0]; return Array.from({length: DATA.grid}, (_, k) => lo + (hi - lo) * k / (DATA.grid - 1)); }
  const [rows, cols] = DATA.grid, out = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    const [lo, hi] = DATA.bounds[i];
    out.push(i === 0 ? lo + (hi - lo) * c / (cols - 1) : hi - (hi - lo) * r / (rows - 1));
  }
  return out;
}

let nodes = [];   // [column][unit] → {el, x, y}
function layout() {
  const box = $("diagram"), svg = $("edges");
  for (const el of box.querySelectorAll(".unit, .unit-label")) el.remove();
  svg.innerHTML = "";
  const width = box.clientWidth || 600, height = box.clientHeight || 420, size = 40;
  const cols = DATA.sizes.length, gap = Math.min(50, (height - 20) / Math.max(...DATA.sizes));
  nodes = DATA.sizes.map((count, c) => Array.from({length: count}, (_, j) => {
    const x = 30 + (c * (width - 60 - size)) / (cols - 1), y = height / 2 + (j - (count - 1) / 2) * gap - size / 2;
    const el = document.createElement("canvas");
    el.width = size; el.height = size; el.className = "unit";
    el.style.left = `${x}px`; el.style.top = `${y}px`;
    el.dataset.layer = c; el.dataset.unit = j; el.id = `unit-${c}-${j}`;
    if (c > 0) el.onclick = () => inspect(c, j, null);
    box.appendChild(el);
    return {el, x: x + size / 2, y: y + size / 2};
  }));
  for (let l = 1; l < cols; l++) for (let i = 0; i < DATA.sizes[l - 1]; i++) for (let j = 0; j < DATA.sizes[l]; j++) {
    const line = document.createElementNS("http://www.w3.org/2000/svg", "line");
    const a = nodes[l - 1][i], b = nodes[l][j];
    line.setAttribute("x1", a.x); line.setAttribute("y1", a.y); line.setAttribute("x2", b.x); line.setAttribute("y2", b.y);
    line.id = `edge-${l}-${i}-${j}`;
    line.onclick = () => inspect(l, j, i);
    svg.appendChild(line);
  }
}

function draw() {
  const W = STATE.W, L = W.length;
  const big = Math.max(...W.map((m) => maxAbs(m.flat())));
  for (let l = 1; l <= L; l++) W[l - 1].forEach((row, i) => row.forEach((w, j) => {
    const line = $(`edge-${l}-${i}-${j}`);
    line.setAttribute("stroke", w >= 0 ? "#1565c0" : "#e65100");
    line.setAttribute("stroke-width", (0.4 + 5 * Math.abs(w) / big).toFixed(2));
    line.setAttribute("stroke-opacity", "0.75");
    line.dataset.value = w;
  }));
  const oneD = DATA.sizes[0] === 1;
  nodes.forEach((column, c) => column.forEach((node, j) => {
    const values = c === 0 ? inputValues(j) : STATE.units[c - 1][j];
    const ctx = node.el.getContext("2d");
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, node.el.width, node.el.height);
    if (oneD) { let lo = Math.min(...values), hi = Math.max(...values); if (hi - lo < 1e-9) { lo -= 1; hi += 1; } curve(node.el, values, lo, hi); }
    else heatmap(node.el, values, 0, maxAbs(values));
  }));
  drawOutput();
  drawLoss();
  $("epoch").textContent = STATE.epoch;
  $("loss-now").textContent = lossTrain.length ? fmt(lossTrain[lossTrain.length - 1]) : "—";
  $("loss-now").dataset.value = lossTrain.length ? lossTrain[lossTrain.length - 1] : "";
  $("test-loss-now").textContent = lossTest.length ? fmt(lossTest[lossTest.length - 1]) : "—";
  $("engine").textContent = `${tr("engine")}: ${STATE.engine_reason}`;
  $("stopped").textContent = STATE.error ? STATE.error : STATE.stopped ? `${tr("stopped")}: ${STATE.stopped}` : "";
}

function drawOutput() {
  const canvas = $("output-view"), ctx = canvas.getContext("2d"), w = canvas.width, h = canvas.height;
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, h);
  const out = STATE.units[STATE.units.length - 1], last = out[out.length - 1];   // P(class 1) or the fit
  const classes = DATA.task === "classification";
  const target = (t) => t[t.length - 1];
  if (DATA.sizes[0] === 1) {
    const ys = DATA.T.map(target).concat(last);
    let lo = Math.min(...ys), hi = Math.max(...ys); const pad = 0.1 * (hi - lo || 1); lo -= pad; hi += pad;
    const [xlo, xhi] = DATA.bounds[0];
    const px = (x) => ((x - xlo) / (xhi - xlo)) * w, py = (y) => h - ((y - lo) / (hi - lo)) * h;
    ctx.strokeStyle = "#ccc"; ctx.beginPath(); ctx.moveTo(0, py(0)); ctx.lineTo(w, py(0)); ctx.stroke();
    curve(canvas, last, lo, hi, "#1565c0");
    const dots = (X, T, stroke) => X.forEach((x, k) => { ctx.beginPath(); ctx.arc(px(x[0]), py(target(T[k])), 3.5, 0, 7); ctx.fillStyle = "#e65100"; ctx.fill(); ctx.strokeStyle = stroke; ctx.stroke(); });
    dots(DATA.X, DATA.T, "#fff"); dots(DATA.X_test, DATA.T_test, "#000");
    return;
  }
  const scale = classes ? 0.5 : maxAbs(DATA.T.map(target));
  heatmap(canvas, last, classes ? 0.5 : 0, scale);
  const [[x0, x1], [y0, y1]] = DATA.bounds;
  const px = (x) => ((x - x0) / (x1 - x0)) * w, py = (y) => h - ((y - y0) / (y1 - y0)) * h;
  const dots = (X, T, stroke) => X.forEach((x, k) => {
    const [r, g, b] = colour(classes ? (target(T[k]) - 0.5) * 2 : target(T[k]) / scale);
    ctx.beginPath(); ctx.arc(px(x[0]), py(x[1]), 3.5, 0, 7); ctx.fillStyle = `rgb(${r},${g},${b})`; ctx.fill();
    ctx.strokeStyle = stroke; ctx.stroke();
  });
  dots(DATA.X, DATA.T, "#555"); dots(DATA.X_test, DATA.T_test, "#000");
}

function drawLoss() {
  const svg = $("loss-chart"), w = 300, h = 160;
  const all = lossTrain.concat(lossTest).filter((v) => v > 0 && isFinite(v));
  if (!all.length) { svg.innerHTML = ""; return; }
  let lo = Math.log10(Math.min(...all)), hi = Math.log10(Math.max(...all));
  if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
  const n = Math.max(lossTrain.length - 1, 1);
  const points = (values) => {
    const stride = Math.max(1, Math.floor(values.length / 600));
    const out = [];
    for (let k = 0; k < values.length; k += stride) if (values[k] > 0) out.push(`${(k / n * (w - 10) + 5).toFixed(1)},${(h - 5 - (Math.log10(values[k]) - lo) / (hi - lo) * (h - 10)).toFixed(1)}`);
    return out.join(" ");
  };
  svg.innerHTML = `<polyline fill="none" stroke="#1565c0" stroke-width="1.5" points="${points(lossTrain)}"/>` +
    (lossTest.length ? `<polyline fill="none" stroke="#e65100" stroke-width="1.5" points="${points(lossTest)}"/>` : "") +
    `<text x="5" y="12" font-size="10" fill="#666">${fmt(10 ** hi)}</text><text x="5" y="${h - 8}" font-size="10" fill="#666">${fmt(10 ** lo)}</text>`;
}

// -- inspect: bpnn.explain's trace and wording --------------------------------------------------------
async function inspect(layer, unit, input) {
  selected = {layer, unit, input};
  for (const el of document.querySelectorAll(".unit.selected, line.selected")) el.classList.remove("selected");
  $(`unit-${layer}-${unit}`).classList.add("selected");
  if (input !== null) $(`edge-${layer}-${input}-${unit}`).classList.add("selected");
  try {
    const v = await api("/api/inspect", {layer, unit, lang});
    renderInspect(v, input);
  } catch (err) { message(err.message); }
}

function renderInspect(v, input) {
  const t = v.text;
  const cols = [["z", t.z, v.z], ["a", t.a, v.a], ["grad_a", t.grad_a, v.grad_a], ["fprime", t.fprime, v.fprime], ["delta", t.delta, v.delta]]
    .filter(([, label, values]) => label !== null && values !== null);
  const rows = v.z.map((_, i) => `<tr><th>${esc(t.sample.replace("{i}", i + 1))}</th>${cols.map(([name, , values]) =>
    `<td class="${name}" data-value="${values[i]}">${fmt(values[i])}</td>`).join("")}</tr>`).join("");
  const grads = v.dW.map((g, i) => `<tr class="${i === input ? "selected" : ""}"><th>∂E/∂${esc(t.W)}[${i + 1},${v.unit + 1}] (${esc(t.inputs[i])})</th>
      <td class="dW" data-value="${g}">${fmt(g)}</td><td class="dW_fd" data-value="${v.dW_fd[i]}">${fmt(v.dW_fd[i])}</td><td>${fmt(v.W[i])}</td><td>${fmt(v.W_new[i])}</td></tr>`).join("") +
    `<tr><th>∂E/∂${esc(t.b)}[${v.unit + 1}]</th><td class="db" data-value="${v.db}">${fmt(v.db)}</td><td class="db_fd" data-value="${v.db_fd}">${fmt(v.db_fd)}</td><td>${fmt(v.b)}</td><td>${fmt(v.b_new)}</td></tr>`;
  const para = (s) => (s ? `<p>${esc(s)}</p>` : "");
  $("inspect-body").innerHTML = `
    <h3 id="inspect-heading">${esc(t.heading)} ${esc(t.unit)}${input !== null ? ` · ${esc(tr("weight"))} ${esc(t.W)}[${input + 1},${v.unit + 1}] ${esc(tr("clicked"))}` : ""}</h3>
    <p class="small">${esc(tr("inspect_epoch", {e: v.epoch, n: v.n, E: fmt(v.E)}))} · ${esc(tr("engine"))}: ${esc(STATE.engine)}</p>
    <h4>${esc(t.forward)}</h4><div class="eq">${esc(t.z)}\n${esc(t.a)}</div>
    <h4>${esc(t.backward)}</h4><p class="small">${esc(t.backward_intro)}</p>
    <div class="eq" id="inspect-bp">${esc(t.bp)}</div>${para(t.dE_da)}${para(t.derivative)}
    <div style="max-height: 220px; overflow: auto"><table id="trace"><tr><th></th>${cols.map(([, label]) => `<th>${esc(label)}</th>`).join("")}</tr>${rows}</table></div>
    <h4>${esc(t.grads)}</h4><div class="eq">${esc(t.bp4)}\n${esc(t.bp3)}</div>
    <table id="grads"><tr><th>${esc(t.param)}</th><th>${esc(t.bp_col)}</th><th>${esc(t.fd_col)}</th><th>${esc(t.before)}</th><th>${esc(t.after)}</th></tr>${grads}</table>
    ${t.relerr.map(para).join("")}
    <p class="small">${esc(t.update)} — ${esc(t.after_loss)}</p>
    <p class="small">${esc(t.footer)}</p>
    <p><a id="full-step" target="_blank" rel="noopener" href="/api/explain?lang=${lang}&token=${encodeURIComponent(TOKEN)}">${esc(tr("full"))}</a></p>`;
  $("inspect").hidden = false;
}

// -- language ---------------------------------------------------------------------------------------
function setLang(next) {
  lang = next;
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = tr(el.dataset.i18n);
  $("play").textContent = tr(playing ? "pause" : "play");
  if (OPT) layerRows();
  if (STATE) draw();
  if (selected && !$("inspect").hidden) inspect(selected.layer, selected.unit, selected.input);
}

// -- start -----------------------------------------------------------------------------------------
async function main() {
  try {
    OPT = await api("/api/options");
    fill("dataset", Object.keys(OPT.datasets)); fill("output", Object.keys(OPT.activations));
    fill("loss", Object.keys(OPT.losses)); fill("init", OPT.inits); fill("algorithm", OPT.algorithms);
    for (const [id, what] of [["export-model", "model"], ["export-code", "code"], ["export-data", "data"]])
      $(id).href = `/api/export/${what}?token=${encodeURIComponent(TOKEN)}`;
    $("dataset").onchange = () => setForm(OPT.presets[$("dataset").value]);
    $("loss").onchange = lossRules;
    $("add-layer").onclick = () => { if (layers.length < OPT.limits.layers) { layers.push({units: 4, act: (layers[layers.length - 1] || {act: Object.keys(OPT.activations)[0]}).act}); notArticle(); layerRows(); } };
    $("remove-layer").onclick = () => { layers.pop(); notArticle(); layerRows(); };
    $("apply").onclick = () => newRun(readForm());
    $("reset").onclick = () => newRun(DATA.config);
    $("step").onclick = () => { stop(); step(1); };
    $("play").onclick = () => { if (playing) { stop(); return; } playing = true; $("play").textContent = tr("pause"); loop(); };
    $("speed").oninput = () => { $("speed-value").textContent = $("speed").value; };
    $("lang-en").onclick = () => setLang("en");
    $("lang-zh").onclick = () => setLang("zh");
    $("close-inspect").onclick = () => { $("inspect").hidden = true; selected = null; };
    setLang(lang);
    start(await api("/api/state"));
    document.body.dataset.ready = "1";
  } catch (err) { message(err.message); }
}
window.addEventListener("pagehide", () => navigator.sendBeacon(`/api/bye?token=${encodeURIComponent(TOKEN)}`));
main();
