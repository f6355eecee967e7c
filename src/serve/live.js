// explainer serve: reload this page after each successful rebuild, show the
// errors of a failed one over the page, and the warnings of a good one in a
// small panel. Served only by the preview server, never part of the
// published site. Everything shown is built with DOM calls and textContent
// (diagnostics may contain `<`), and styled with element.style, so a strict
// Content-Security-Policy is no obstacle.
(function () {
  "use strict";
  var served = null; // the build generation this page came from
  var box = null; // the errors overlay
  var panel = null; // the warnings panel
  var dismissed = null; // the generation whose warnings were hidden

  function el(tag, text, style) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (style) for (var k in style) e.style[k] = style[k];
    return e;
  }

  function location(d) {
    if (d.location) return d.location;
    var where = d.file || "explainer";
    if (d.line) where += ":" + d.line + (d.column ? ":" + d.column : "");
    return where;
  }

  function plural(n, word) {
    return n === 1 ? "1 " + word : n + " " + word + "s";
  }

  function remove(node) {
    if (node && node.parentNode) node.parentNode.removeChild(node);
    return null;
  }

  function hide() {
    box = remove(box);
  }

  function hidePanel() {
    panel = remove(panel);
  }

  // The line around the column (the server's excerpt: the same window the
  // terminal shows), with the caret under the column.
  function snippet(d) {
    var shown = d.excerpt ? d.excerpt.text : d.snippet;
    var caret = d.excerpt ? d.excerpt.caret : d.column ? d.column - 1 : null;
    var pre = el("pre", null, {
      margin: "0.5rem 0", padding: "0.5rem", background: "#000", color: "#eee",
      overflowX: "auto", whiteSpace: "pre", font: "13px/1.4 monospace"
    });
    var text = d.line + " | " + shown;
    if (caret !== null && caret !== undefined) {
      var pad = String(d.line).replace(/./g, " ") + " | ";
      text += "\n" + pad + shown.slice(0, caret).replace(/[^\t]/g, " ") + "^";
    }
    pre.textContent = text;
    if (caret !== null && caret !== undefined) {
      // On a narrow screen even the excerpt is wider than the box: scroll
      // it so that the caret, and what it points at, are in view.
      var at = (String(d.line) + " | ").length + caret;
      var widest = Math.max(text.split("\n")[0].length, at + 1);
      requestAnimationFrame(function () {
        var x = pre.scrollWidth * at / widest;
        pre.scrollLeft = Math.max(0, x - pre.clientWidth / 2);
      });
    }
    return pre;
  }

  // One diagnostic as a list item: where, what, the line, what to do.
  function item(d, accent) {
    var li = el("li", null, {
      margin: "0 0 1rem", padding: "0.6rem 0.9rem",
      borderLeft: "4px solid " + accent, background: "#262626"
    });
    li.appendChild(el("div", location(d), { fontFamily: "monospace", color: "#80d8ff" }));
    li.appendChild(el("div", d.message, { fontWeight: "bold", margin: "0.25rem 0" }));
    if (d.snippet) li.appendChild(snippet(d));
    if (d.hint) li.appendChild(el("div", "hint: " + d.hint, { color: "#b9f6ca" }));
    return li;
  }

  function list(diags, accent) {
    var ol = el("ol", null, { margin: "0", padding: "0", listStyle: "none" });
    diags.forEach(function (d) { ol.appendChild(item(d, accent)); });
    return ol;
  }

  function closeButton(label, onClick) {
    var b = el("button", "Hide", {
      position: "absolute", top: "0.75rem", right: "0.75rem", font: "inherit",
      padding: "0.25rem 0.75rem", cursor: "pointer", color: "#000", background: "#eee",
      border: "2px solid #fff", borderRadius: "4px"
    });
    b.type = "button";
    b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  }

  function escapeCloses(node, close) {
    node.addEventListener("keydown", function (e) {
      if (e.key === "Escape") close();
    });
  }

  function mount(node) {
    (document.body || document.documentElement).appendChild(node);
  }

  // Errors: the whole window, opaque, so nothing of the page shows through.
  function show(errors) {
    hide();
    hidePanel();
    box = el("section", null, {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto",
      background: "#141414", color: "#f5f5f5", padding: "2rem",
      font: "15px/1.5 system-ui, sans-serif", textAlign: "left"
    });
    box.id = "explainer-errors";
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", "Build errors");
    box.appendChild(el("h2", "The site did not build: " + plural(errors.length, "error"), {
      margin: "0 0 0.5rem", font: "bold 1.4rem system-ui, sans-serif", color: "#ff8a80"
    }));
    box.appendChild(el("p", "Still showing the last good version. Fix the file and save: this page reloads by itself.", {
      margin: "0 0 1.5rem", color: "#cfcfcf"
    }));
    box.appendChild(list(errors, "#ff5252"));
    box.appendChild(closeButton("Hide the build errors", hide));
    escapeCloses(box, hide);
    mount(box);
  }

  // Warnings: a small panel in a corner with the count, each warning
  // listed, then what is past its review date in a section of its own;
  // hidden until the next build once dismissed.
  function showWarnings(warnings, stale, gen) {
    hidePanel();
    warnings = warnings || [];
    stale = stale || [];
    if ((!warnings.length && !stale.length) || dismissed === gen) return;
    panel = el("section", null, {
      position: "fixed", right: "1rem", bottom: "1rem", zIndex: "2147483646",
      width: "min(40rem, calc(100vw - 2rem))", maxHeight: "45vh", overflow: "auto",
      background: "#1e1e1e", color: "#f5f5f5", padding: "0.75rem 1rem",
      border: "2px solid #ffd54f", borderRadius: "6px",
      boxShadow: "0 4px 16px rgba(0, 0, 0, 0.5)",
      font: "14px/1.45 system-ui, sans-serif", textAlign: "left"
    });
    panel.id = "explainer-warnings";
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-label", "Build warnings");
    var heading = warnings.length ? plural(warnings.length, "warning") : "Due for review";
    var title = el("h2", heading, {
      margin: "0 4.5rem 0.5rem 0", font: "bold 1.05rem system-ui, sans-serif", color: "#ffd54f"
    });
    title.id = "explainer-warnings-title";
    panel.setAttribute("aria-labelledby", title.id);
    panel.appendChild(title);
    panel.appendChild(list(warnings, "#ffd54f"));
    if (stale.length) {
      var section = el("section", null, { margin: "0.5rem 0 0" });
      section.id = "explainer-stale";
      section.setAttribute("aria-label", "Past their review date");
      section.appendChild(el("h3", plural(stale.length, "item") + " past the review date, oldest first (never blocks publishing)", {
        margin: "0 0 0.5rem", font: "bold 0.95rem system-ui, sans-serif", color: "#80d8ff"
      }));
      section.appendChild(list(stale, "#80d8ff"));
      panel.appendChild(section);
    }
    panel.appendChild(closeButton("Hide the build warnings", function () {
      dismissed = gen;
      hidePanel();
    }));
    escapeCloses(panel, function () { dismissed = gen; hidePanel(); });
    mount(panel);
  }

  function status() {
    return fetch("/__explainer/status", { cache: "no-store" }).then(function (r) {
      return r.json();
    });
  }

  function present(s) {
    if (!s.ok) show(s.errors);
    else {
      hide();
      showWarnings(s.warnings, s.stale, s.generation);
    }
  }

  function onBuild(gen, ok) {
    if (served === null) served = gen;
    if (ok && gen !== served) {
      window.location.reload();
      return;
    }
    status().then(present);
  }

  function listen() {
    var source = new EventSource("/__explainer/events");
    source.addEventListener("build", function (e) {
      var data = JSON.parse(e.data);
      onBuild(data.generation, data.ok);
    });
  }

  function start() {
    status().then(function (s) {
      served = s.generation;
      present(s);
      listen();
    }, listen);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
