// seg4j serve's page: plain JavaScript against the server's own API, nothing fetched from elsewhere.
"use strict";

const $ = (id) => document.getElementById(id);
let localizer = null;

async function api(path, options) {
  const response = await fetch(path, options);
  const type = response.headers.get("content-type") || "";
  const body = type.startsWith("application/json") ? await response.json() : await response.text();
  if (!response.ok) {
    throw new Error(body && body.detail ? `${body.error}: ${body.detail}` : `HTTP ${response.status}`);
  }
  return body;
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

async function loadModels() {
  try {
    await api("/health");
    $("health").textContent = "ready";
    const { models } = await api("/models");
    for (const m of models.filter((m) => m.kind === "segmentation")) {
      const option = document.createElement("option");
      option.value = m.name;
      option.textContent = `${m.name} (${m.architecture}, ${m.classes.length} classes)`;
      $("model").appendChild(option);
    }
    localizer = models.find((m) => m.kind === "localization") || null;
    if (localizer) {
      $("localizer-name").textContent = localizer.name;
      $("boxes-label").hidden = false;
    }
  } catch (e) {
    $("health").textContent = "not ready";
    showError(e.message);
  }
}

function decode(file) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`${file.name} is not an image this browser can show`));
    img.src = URL.createObjectURL(file);
  });
}

async function segment(file) {
  showError("");
  const overlay = $("overlay");
  overlay.dataset.ready = "false";
  $("status").textContent = `segmenting ${file.name}...`;
  try {
    const img = await decode(file);
    const canvas = $("image");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    canvas.getContext("2d").drawImage(img, 0, 0);
    const model = $("model").value;
    const result = await api(`/models/${encodeURIComponent(model)}/segment?format=json`,
        { method: "POST", headers: { "Content-Type": file.type || "application/octet-stream" }, body: file });
    const labels = await decode(new File([Uint8Array.from(atob(result.labelPng), (c) => c.charCodeAt(0))],
        "labels.png", { type: "image/png" }));
    overlay.width = result.width;
    overlay.height = result.height;
    overlay.getContext("2d").drawImage(labels, 0, 0);
    applyOpacity();
    legend(result.classes);
    $("time").textContent = `${result.milliseconds} ms`;
    await boxes(file, result.width, result.height);
    overlay.dataset.ready = "true";
    $("status").textContent = `${file.name}: ${result.width} x ${result.height}`;
  } catch (e) {
    $("status").textContent = "";
    showError(e.message);
  }
}

function legend(classes) {
  const list = $("legend");
  list.replaceChildren();
  for (const c of classes) {
    const item = document.createElement("li");
    item.dataset.class = c.name;
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = c.color;
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = c.name;
    const area = document.createElement("span");
    area.className = "area";
    area.textContent = `${(100 * c.fraction).toFixed(1)} %`;
    item.append(swatch, name, area);
    list.appendChild(item);
  }
}

async function boxes(file, width, height) {
  const svg = $("boxes");
  svg.replaceChildren();
  $("detections").replaceChildren();
  if (!localizer || !$("boxes-toggle").checked) {
    return;
  }
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const result = await api(`/models/${encodeURIComponent(localizer.name)}/localize`,
      { method: "POST", headers: { "Content-Type": file.type || "application/octet-stream" }, body: file });
  const ns = "http://www.w3.org/2000/svg";
  for (const d of result.detections) {
    const [x1, y1, x2, y2] = d.box;
    const rect = document.createElementNS(ns, "rect");
    rect.setAttribute("x", x1);
    rect.setAttribute("y", y1);
    rect.setAttribute("width", x2 - x1);
    rect.setAttribute("height", y2 - y1);
    rect.setAttribute("stroke", "#ff1744");
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", x1 + 2);
    label.setAttribute("y", Math.max(14, y1 - 3));
    label.textContent = `${d.class} ${d.score.toFixed(2)}`;
    svg.append(rect, label);
    const item = document.createElement("li");
    item.textContent = `${d.class} ${d.score.toFixed(2)} [${d.box.map((v) => Math.round(v)).join(", ")}]`;
    $("detections").appendChild(item);
  }
}

function applyOpacity() {
  $("overlay").style.opacity = $("opacity").value / 100;
}

$("opacity").addEventListener("input", applyOpacity);
$("file").addEventListener("change", (e) => e.target.files[0] && segment(e.target.files[0]));
$("drop").addEventListener("dragover", (e) => { e.preventDefault(); $("drop").classList.add("over"); });
$("drop").addEventListener("dragleave", () => $("drop").classList.remove("over"));
$("drop").addEventListener("drop", (e) => {
  e.preventDefault();
  $("drop").classList.remove("over");
  if (e.dataTransfer.files[0]) {
    segment(e.dataTransfer.files[0]);
  }
});
loadModels();
