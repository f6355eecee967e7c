// Site search. The index (search/index.json and the files it names, next to
// this page) is fetched only when a reader starts typing or arrives with
// ?q=, so the page itself stays light. No third-party requests; works under any sub-path because the
// index URL comes from the page. Without JavaScript the page lists every page.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.fetch) return;
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var allPages = document.getElementById("all-pages");
  var nojs = document.getElementById("search-nojs");
  if (nojs) nojs.hidden = true; // searching works: the apology is not needed
  var loading = null;
  var timer = null;
  var LIMIT = 50;

  // Case- and accent-insensitive: "sirin" finds "Şirin", "xankendi" "Xankəndi".
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ə/g, "e").replace(/ı/g, "i").toLowerCase();
  }
  function words(s) {
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function prepare(e) {
    return { e: e, title: words(e.t), summary: words(e.s), other: words(e.w || "") };
  }

  function getJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
  }

  // The manifest holds figures, events and terms, and names the files
  // with the pages' entries (a hundred pages to a file), fetched at once.
  function load() {
    if (!loading) {
      var base = new URL(form.getAttribute("data-index"), window.location.href);
      loading = getJSON(base.href).then(function (m) {
        return Promise.all((m.files || []).map(function (f) {
          return getJSON(new URL(f, base).href);
        })).then(function (parts) {
          var all = m.entries;
          parts.forEach(function (p) { all = all.concat(p.entries); });
          return all.map(prepare);
        });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  // 2 when the token is a whole word of the list, 1 when it starts one.
  function matches(list, token) {
    var best = 0;
    for (var i = 0; i < list.length; i++) {
      if (list[i] === token) return 2;
      if (list[i].indexOf(token) === 0) best = 1;
    }
    return best;
  }

  // Names first: a place or an actor above a page that mentions it.
  var KIND = { Place: 3, Actor: 3, Section: 2, Page: 2, Term: 2, Figure: 1, Event: 1, Passage: 0 };

  // Every word of the query must start a word of the entry. Whole words
  // outrank prefixes ("shusha" finds the town Shusha before "Shushan");
  // then the field (title, other names, summary) and the kind decide.
  function score(item, tokens) {
    var whole = 0, field = 0;
    for (var i = 0; i < tokens.length; i++) {
      var t = tokens[i], m;
      if ((m = matches(item.title, t))) field += 3;
      else if ((m = matches(item.other, t))) field += 2;
      else if ((m = matches(item.summary, t))) field += 1;
      else return 0;
      if (m === 2) whole++;
    }
    return whole * 100 + field * 4 + (KIND[item.e.k] || 0);
  }

  var LABEL = { Passage: "In a page", Term: "Glossary" };

  function show(index, query) {
    var tokens = words(query);
    results.textContent = "";
    if (!tokens.length) {
      results.hidden = true;
      allPages.hidden = false;
      status.textContent = "";
      return;
    }
    var found = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(index[i], tokens);
      if (s) found.push({ s: s, item: index[i] });
    }
    function cmp(x, y) { return x < y ? -1 : x > y ? 1 : 0; }
    found.sort(function (a, b) {
      return b.s - a.s || cmp(a.item.e.t, b.item.e.t) || cmp(a.item.e.u, b.item.e.u);
    });
    for (var j = 0; j < found.length && j < LIMIT; j++) {
      var e = found[j].item.e;
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "result-kind";
      kind.textContent = LABEL[e.k] || e.k;
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.t;
      li.appendChild(kind);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(a);
      if (e.s) {
        var p = document.createElement("p");
        p.textContent = e.s;
        li.appendChild(p);
      }
      results.appendChild(li);
    }
    results.hidden = found.length === 0;
    allPages.hidden = found.length > 0;
    var n = found.length;
    status.textContent = n === 0 ? "Nothing found for \u201c" + query + "\u201d." :
      (n > LIMIT ? "First " + LIMIT + " of " + n : n) + (n === 1 ? " result" : " results") + " for \u201c" + query + "\u201d.";
  }

  function run() {
    var query = input.value.trim();
    var url = query ? "?q=" + encodeURIComponent(query) : window.location.pathname;
    history.replaceState(null, "", url);
    if (!query) { show([], ""); return; }
    load().then(function (index) { show(index, query); }, function () {
      status.textContent = "The search index could not be loaded. Every page is listed below.";
    });
  }

  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.addEventListener("focus", function () { load(); }, { once: true });
  var m = /[?&]q=([^&]*)/.exec(window.location.search);
  if (m) {
    input.value = decodeURIComponent(m[1].replace(/\+/g, " "));
    run();
  }
})();
