// explainer serve: reload this page after each successful rebuild, and show
// the errors of a failed one over the page. Served only by the preview
// server, never part of the published site. Everything shown is built with
// DOM calls and textContent (diagnostics may contain `<`), and styled with
// element.style, so a strict Content-Security-Policy is no obstacle.
(function () {
  "use strict";
  var served = null; // the build generation this page came from
  var box = null;

  function el(tag, text, style) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (style) for (var k in style) e.style[k] = style[k];
    return e;
  }

  function location(d) {
    var where = d.file || "explainer";
    if (d.line) where += ":" + d.line + (d.column ? ":" + d.column : "");
    return where;
  }

  function hide() {
    if (box && box.parentNode) box.parentNode.removeChild(box);
    box = null;
  }

  function show(errors) {
    hide();
    box = el("section", null, {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto",
      background: "rgba(20, 20, 20, 0.94)", color: "#f5f5f5", padding: "2rem",
      font: "15px/1.5 system-ui, sans-serif", textAlign: "left"
    });
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", "Build errors");
    var title = errors.length === 1 ? "1 error" : errors.length + " errors";
    box.appendChild(el("h2", "The site did not build: " + title, {
      margin: "0 0 0.5rem", font: "bold 1.4rem system-ui, sans-serif", color: "#ff8a80"
    }));
    box.appendChild(el("p", "Still showing the last good version. Fix the file and save: this page reloads by itself.", {
      margin: "0 0 1.5rem", color: "#cfcfcf"
    }));
    var list = el("ol", null, { margin: "0", padding: "0", listStyle: "none" });
    errors.forEach(function (d) {
      var item = el("li", null, {
        margin: "0 0 1.25rem", padding: "0.75rem 1rem",
        borderLeft: "4px solid #ff5252", background: "rgba(255, 255, 255, 0.06)"
      });
      item.appendChild(el("div", location(d), { fontFamily: "monospace", color: "#80d8ff" }));
      item.appendChild(el("div", d.message, { fontWeight: "bold", margin: "0.25rem 0" }));
      if (d.snippet) {
        var pre = el("pre", null, {
          margin: "0.5rem 0", padding: "0.5rem", background: "#000",
          color: "#eee", overflow: "auto", whiteSpace: "pre"
        });
        var text = d.line + " | " + d.snippet;
        if (d.column) {
          var pad = String(d.line).replace(/./g, " ") + " | ";
          text += "\n" + pad + d.snippet.slice(0, d.column - 1).replace(/[^\t]/g, " ") + "^";
        }
        pre.textContent = text;
        item.appendChild(pre);
      }
      if (d.hint) item.appendChild(el("div", "hint: " + d.hint, { color: "#b9f6ca" }));
      list.appendChild(item);
    });
    box.appendChild(list);
    var close = el("button", "Hide", {
      position: "absolute", top: "1rem", right: "1rem", font: "inherit",
      padding: "0.25rem 0.75rem", cursor: "pointer"
    });
    close.type = "button";
    close.addEventListener("click", hide);
    box.appendChild(close);
    (document.body || document.documentElement).appendChild(box);
  }

  function status() {
    return fetch("/__explainer/status", { cache: "no-store" }).then(function (r) {
      return r.json();
    });
  }

  function onBuild(gen, ok) {
    if (served === null) served = gen;
    if (ok) {
      if (gen !== served) window.location.reload();
      else hide();
      return;
    }
    status().then(function (s) {
      if (!s.ok) show(s.errors);
    });
  }

  function listen() {
    var source = new EventSource("/__explainer/events");
    source.addEventListener("build", function (e) {
      var data = JSON.parse(e.data);
      onBuild(data.generation, data.ok);
    });
  }

  status().then(function (s) {
    served = s.generation;
    if (!s.ok) show(s.errors);
    listen();
  }, listen);
})();
