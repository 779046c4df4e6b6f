/* poi-bot's Mini App dashboard: reads Telegram's launch data, asks the bot's API, draws the figures.
   Every figure and text comes from the API (the bot's own service); this file only lays them out. */
(function () {
  "use strict";

  var tg = window.Telegram && window.Telegram.WebApp;
  var launch = new URLSearchParams(location.hash.slice(1));
  var MONTHS = ["ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC"];
  var opened = new URLSearchParams(location.search);  // "📊 Ver tablero" names the answer's unit and period
  var state = { unit: opened.has("unit") ? opened.get("unit") : null, period: opened.get("period") || null,
    activity: null, data: null, chart: null };

  function $(id) { return document.getElementById(id); }

  function initData() {
    if (tg && tg.initData) return tg.initData;
    return launch.get("tgWebAppData") || "";
  }

  function applyTheme() {
    var params = tg && tg.themeParams && Object.keys(tg.themeParams).length ? tg.themeParams : null;
    if (!params) {
      try { params = JSON.parse(launch.get("tgWebAppThemeParams") || "{}"); } catch (e) { params = {}; }
    }
    Object.keys(params).forEach(function (key) {
      document.documentElement.style.setProperty("--tg-theme-" + key.replace(/_/g, "-"), params[key]);
    });
  }

  function css(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  function fill(list, items, empty, render) {
    list.replaceChildren();
    if (!items.length) { if (empty) list.appendChild(el("li", empty, { "class": "empty" })); return; }
    items.forEach(function (item) { list.appendChild(render(item)); });
  }

  function showStatus(text, kind) {
    var status = $("status");
    status.textContent = text;
    status.dataset.kind = kind || "";
    status.hidden = !text;
  }

  function fail(text) {
    state.data = null;
    if (state.chart) { state.chart.destroy(); state.chart = null; }
    $("content").hidden = true;
    ["units-list", "lagging", "at-risk", "notes"].forEach(function (id) { $(id).replaceChildren(); });
    showStatus(text, "error");
    document.body.dataset.state = "error";
  }

  function load() {
    var query = new URLSearchParams();
    if (state.unit !== null) query.set("unit", state.unit);
    if (state.period) query.set("period", state.period);
    document.body.dataset.state = "loading";
    showStatus("Cargando…");
    fetch("api/dashboard?" + query.toString(), {
      headers: { "Authorization": "tma " + initData() },
      cache: "no-store",
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) throw new Error(body.error || "No se pudo cargar el tablero (" + response.status + ").");
        return body;
      });
    }).then(render, function (error) {
      fail(error.message === "Failed to fetch" ? "Sin conexión con el bot. Inténtalo de nuevo." : error.message);
    });
  }

  function options(select, items, chosen) {
    select.replaceChildren();
    items.forEach(function (item) {
      var option = el("option", item.label, { value: item.key });
      option.selected = item.key === chosen;
      select.appendChild(option);
    });
  }

  function figures(row) {
    return "Ejecutado " + row.executed_text + " de " + row.programmed_text + " programado (" + row.percent_text + ")";
  }

  function render(data) {
    state.data = data;
    state.period = data.period.key;
    $("scope").textContent = data.scope_label;
    $("subtitle").textContent = data.entity + " · POI " + data.year + " · datos a " + data.cutoff.label;
    $("unit-control").hidden = !data.units.length;
    var units = [{ key: "", label: "Toda la institución" }].concat(data.units.map(function (u) { return { key: u, label: u }; }));
    options($("unit"), units, data.unit || "");
    options($("period"), data.periods, data.period.key);

    var progress = data.progress;
    $("progress-percent").textContent = progress.percent_text;
    $("progress-status").textContent = progress.status_label || "sin programación";
    $("progress-status").dataset.status = progress.status || "sin_programacion";
    $("progress-bar").dataset.status = progress.status || "sin_programacion";
    $("progress-bar").style.width = Math.min(progress.percent || 0, 100) + "%";
    $("progress-period").textContent = data.period.label;
    fill($("bands"), [["verde", progress.verde], ["ambar", progress.ambar], ["rojo", progress.rojo],
      ["sin_programacion", progress.sin_programacion]].filter(function (b) { return b[1] || b[0] !== "sin_programacion"; }),
      "", function (band) {
        var item = el("li");
        item.appendChild(el("span", null, { "class": "dot", "data-status": band[0] }));
        var label = { verde: "verde", ambar: "ámbar", rojo: "rojo", sin_programacion: "sin programación" }[band[0]];
        item.appendChild(document.createTextNode(band[1] + " " + label));
        return item;
      });

    $("units-card").hidden = !data.units_progress.length;
    fill($("units-list"), data.units_progress, "", function (unit) {
      var item = el("li", unit.unit + " ");
      item.appendChild(el("span", unit.percent_text, { "class": "badge", "data-status": unit.status || "sin_programacion" }));
      return item;
    });
    fill($("lagging"), data.lagging, "Ninguna actividad rezagada en este periodo.", function (row) {
      var item = el("li", row.activity + (data.unit ? "" : " — " + row.unit));
      item.appendChild(el("span", figures(row), { "class": "figures" }));
      return item;
    });

    var chosen = data.activities.some(function (a) { return a.id === state.activity; }) ? state.activity
      : (data.lagging.length ? data.lagging[0].id : (data.activities[0] || {}).id);
    options($("activity"), data.activities.map(function (a) {
      return { key: String(a.id), label: a.activity + (data.unit ? "" : " — " + a.unit) };
    }), String(chosen));
    state.activity = chosen;

    var projection = data.projection;
    $("projection-percent").textContent = projection.percent_text;
    $("projection-basis").textContent = "Al ritmo de ejecución " + projection.from_label +
      (projection.at_risk.length ? ". En riesgo de no cumplir su meta anual:" : ".");
    fill($("at-risk"), projection.at_risk, "Ninguna actividad en riesgo de no cumplir su meta anual.", function (f) {
      var item = el("li", f.activity + (data.unit ? "" : " — " + f.unit));
      item.appendChild(el("span", "Proyectado " + f.projected_text + " de " + f.annual_target_text +
        " (" + f.percent_text + ")", { "class": "figures" }));
      return item;
    });
    fill($("notes"), data.notes, "", function (note) { return el("li", note); });

    showStatus("");
    $("content").hidden = false;
    drawChart();
    document.body.dataset.state = "ready";
  }

  function drawChart() {
    var box = $("chart");
    if (state.chart) { state.chart.destroy(); state.chart = null; }
    var activity = (state.data && state.data.activities.find(function (a) { return a.id === state.activity; })) || null;
    box.replaceChildren();
    if (!activity || !window.uPlot) return;
    var axis = { stroke: css("--text") || "#000", grid: { stroke: css("--hint") || "#ccc", width: 0.5 },
      ticks: { show: false } };
    var bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined;
    state.chart = new uPlot({
      width: Math.max(box.clientWidth, 240),
      height: 220,
      scales: { x: { time: false, range: [0.5, 12.5] }, y: { range: function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } } },
      axes: [
        Object.assign({ values: function (u, ticks) { return ticks.map(function (t) { return MONTHS[t - 1] || ""; }); },
          splits: function () { return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]; }, size: 30, font: "10px sans-serif" }, axis),
        Object.assign({ size: 36, font: "10px sans-serif" }, axis),
      ],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: "Mes", value: function (u, v) { return v ? MONTHS[v - 1] : "—"; } },
        { label: "Programado", fill: css("--hint") || "#999", stroke: css("--hint") || "#999", paths: bars, points: { show: false } },
        { label: "Ejecutado", stroke: css("--link") || "#2481cc", width: 2, points: { show: true, size: 6 } },
      ],
    }, [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], activity.monthly_programmed, activity.monthly_executed], box);
    box.dataset.activity = activity.activity;
  }

  $("unit").addEventListener("change", function (event) { state.unit = event.target.value; state.activity = null; load(); });
  $("period").addEventListener("change", function (event) { state.period = event.target.value; load(); });
  $("activity").addEventListener("change", function (event) { state.activity = Number(event.target.value); drawChart(); });
  window.addEventListener("resize", function () { if (state.data) drawChart(); });

  applyTheme();
  if (tg) {
    tg.ready();
    tg.expand();
    tg.onEvent("themeChanged", function () { if (state.data) drawChart(); });
  }
  if (!initData()) {
    fail("Abre este tablero desde el bot en Telegram (botón «📊 Ver tablero» o el menú del chat).");
    return;
  }
  load();
})();
