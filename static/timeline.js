// Filters the timeline in place by category and keeps the URL shareable
// (?category=id). Eras and years left without a shown event are hidden with
// their jump links; the intro's count and the live region say how many are
// shown, for "All" too. Without JavaScript the category links open their
// own pages, which list only that category's eras, years and events.
(function () {
  "use strict";
  var list = document.querySelectorAll(".event");
  var links = document.querySelectorAll(".filters a[data-filter]");
  var all = document.querySelector(".filters a:not([data-filter])");
  var status = document.querySelector(".filter-status");
  var count = document.querySelector(".event-count");
  if (!list.length || !links.length) return;

  function setJump(attr, id, hidden) {
    var li = document.querySelector(".jump li[" + attr + '="' + id + '"]');
    if (li) li.hidden = hidden;
  }

  function apply(category, announce) {
    var shown = 0;
    for (var i = 0; i < list.length; i++) {
      var match = !category || list[i].getAttribute("data-category") === category;
      list[i].hidden = !match;
      if (match) shown++;
    }
    var years = {};
    var lists = document.querySelectorAll(".events");
    for (var k = 0; k < lists.length; k++) {
      var visible = !!lists[k].querySelector(".event:not([hidden])");
      lists[k].hidden = !visible;
      var heading = lists[k].previousElementSibling;
      if (heading && heading.classList.contains("year")) {
        heading.hidden = !visible;
        var y = "year-" + heading.textContent.trim();
        years[y] = years[y] || visible;
      }
    }
    for (var y2 in years) setJump("data-year", y2, !years[y2]);
    var eras = document.querySelectorAll(".era");
    for (var j = 0; j < eras.length; j++) {
      var any = !!eras[j].querySelector(".event:not([hidden])");
      eras[j].hidden = !any;
      setJump("data-era", eras[j].id, !any);
    }
    var label = "";
    for (var m = 0; m < links.length; m++) {
      if (links[m].getAttribute("data-filter") === category) {
        links[m].setAttribute("aria-current", "page");
        label = links[m].firstChild.textContent.trim();
      } else links[m].removeAttribute("aria-current");
    }
    if (all) {
      if (category) all.removeAttribute("aria-current"); else all.setAttribute("aria-current", "page");
    }
    if (count) count.textContent = String(shown);
    if (status && announce) {
      status.textContent = category ? shown + " events shown: " + label : "All " + shown + " events shown";
    }
  }

  function fromUrl() {
    var m = /[?&]category=([a-z0-9-]+)/.exec(window.location.search);
    return m ? m[1] : "";
  }

  for (var n = 0; n < links.length; n++) {
    links[n].addEventListener("click", function (ev) {
      ev.preventDefault();
      var c = this.getAttribute("data-filter");
      history.pushState({ category: c }, "", "?category=" + c + window.location.hash);
      apply(c, true);
    });
  }
  if (all) {
    all.addEventListener("click", function (ev) {
      if (window.location.pathname === all.pathname) {
        ev.preventDefault();
        history.pushState({ category: "" }, "", window.location.pathname);
        apply("", true);
      }
    });
  }
  window.addEventListener("popstate", function () { apply(fromUrl(), true); });
  if (fromUrl()) apply(fromUrl(), true);
})();
