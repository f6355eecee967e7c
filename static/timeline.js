// Filters the timeline in place by category and keeps the URL shareable
// (?category=id). Without JavaScript the category links open their own pages.
(function () {
  "use strict";
  var list = document.querySelectorAll(".event");
  var links = document.querySelectorAll(".filters a[data-filter]");
  var all = document.querySelector(".filters a:not([data-filter])");
  var status = document.querySelector(".filter-status");
  if (!list.length || !links.length) return;

  function apply(category) {
    var shown = 0;
    for (var i = 0; i < list.length; i++) {
      var match = !category || list[i].getAttribute("data-category") === category;
      list[i].hidden = !match;
      if (match) shown++;
    }
    var sections = document.querySelectorAll(".era, .year");
    for (var j = 0; j < sections.length; j++) sections[j].hidden = false;
    var lists = document.querySelectorAll(".events");
    for (var k = 0; k < lists.length; k++) {
      var visible = lists[k].querySelector(".event:not([hidden])");
      lists[k].hidden = !visible;
      var heading = lists[k].previousElementSibling;
      if (heading && heading.classList.contains("year")) heading.hidden = !visible;
    }
    for (var m = 0; m < links.length; m++) {
      if (links[m].getAttribute("data-filter") === category) links[m].setAttribute("aria-current", "page");
      else links[m].removeAttribute("aria-current");
    }
    if (all) {
      if (category) all.removeAttribute("aria-current"); else all.setAttribute("aria-current", "page");
    }
    if (status) status.textContent = category ? shown + " events shown" : "";
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
      apply(c);
    });
  }
  if (all) {
    all.addEventListener("click", function (ev) {
      if (window.location.pathname === all.pathname) {
        ev.preventDefault();
        history.pushState({ category: "" }, "", window.location.pathname);
        apply("");
      }
    });
  }
  window.addEventListener("popstate", function () { apply(fromUrl()); });
  if (fromUrl()) apply(fromUrl());
})();
