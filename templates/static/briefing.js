// Keeps the reader's place when switching language, and opens the contents on wide screens.
(function () {
  "use strict";

  // The first block of the text still visible below the sticky header.
  function currentAnchor() {
    if (window.scrollY < 40) return "";
    var header = document.querySelector(".masthead");
    var top = (header ? header.getBoundingClientRect().bottom : 0) + 8;
    var blocks = document.querySelectorAll(".flow > [id]");
    for (var i = 0; i < blocks.length; i++) {
      if (blocks[i].getBoundingClientRect().bottom > top) return blocks[i].id;
    }
    return "";
  }

  function keepPlace(event) {
    var link = event.currentTarget;
    var anchor = currentAnchor() || (location.hash ? location.hash.slice(1) : "");
    var base = link.getAttribute("href").split("#")[0];
    link.setAttribute("href", anchor ? base + "#" + anchor : base);
  }

  document.querySelectorAll("a[data-keep-place]").forEach(function (link) {
    link.addEventListener("click", keepPlace);
    link.addEventListener("auxclick", keepPlace);
    link.addEventListener("contextmenu", keepPlace);
  });

  var wide = window.matchMedia("(min-width: 64em)");
  function openContents() {
    document.querySelectorAll(".toc details").forEach(function (details) {
      if (wide.matches) details.open = true;
    });
  }
  openContents();
  wide.addEventListener("change", openContents);

  // A long sidebar scrolls to the reader's section, a third of the way down.
  var toc = document.querySelector(".layout > .toc");
  var here = toc && toc.querySelector(".toc-list > .current");
  if (here && toc.scrollHeight > toc.clientHeight) toc.scrollTop = here.offsetTop - toc.clientHeight / 3;
})();

// Glossary terms open their explanation in place (a popover); without JavaScript they link to the glossary.
(function () {
  "use strict";
  document.querySelectorAll("a.term[data-tip]").forEach(function (link) {
    var tip = document.getElementById(link.dataset.tip);
    if (!tip || typeof tip.showPopover !== "function") return;
    link.setAttribute("aria-haspopup", "dialog");
    link.setAttribute("aria-expanded", "false");
    link.setAttribute("aria-controls", tip.id);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      tip.togglePopover();
    });
    tip.addEventListener("toggle", function (event) {
      var open = event.newState === "open";
      link.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var next = tip.querySelector("a");
        if (next) next.focus({ preventScroll: true });
      } else if (tip.contains(document.activeElement) || document.activeElement === document.body) {
        link.focus({ preventScroll: true });
      }
    });
  });
})();

// Search: Pagefind's index is loaded only when the reader turns to search.
(function () {
  "use strict";
  var BLOCKS = ["P", "H2", "H3", "H4", "UL", "OL", "BLOCKQUOTE", "TABLE", "PRE"];
  var engines = {};

  function engine(form) {
    if (location.protocol === "file:") return Promise.reject(new Error("file"));
    var bundle = new URL(form.dataset.bundle, location.href).href;
    if (!engines[bundle]) {
      engines[bundle] = import(bundle + "pagefind.js").then(function (pagefind) {
        var base = new URL(form.dataset.root, location.href).pathname;
        return pagefind.options({ baseUrl: base }).then(function () { return pagefind; });
      });
    }
    return engines[bundle];
  }

  // The paragraph holding the first match, so a result opens where the words are.
  function anchorOf(data) {
    var first = Math.min.apply(null, data.locations.length ? data.locations : [0]);
    var best = "";
    (data.anchors || []).forEach(function (anchor) {
      if (BLOCKS.indexOf(anchor.element.toUpperCase()) >= 0 && anchor.location <= first) best = anchor.id;
    });
    return best ? data.url.split("#")[0] + "#" + best : data.url;
  }

  // Pagefind marks matches with <mark>; build the excerpt from text nodes only.
  function excerpt(html) {
    var p = document.createElement("p");
    html.split(/(<mark>|<\/mark>)/).reduce(function (inMark, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      var text = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&"));
      if (inMark) { var mark = document.createElement("mark"); mark.appendChild(text); p.appendChild(mark); }
      else p.appendChild(text);
      return inMark;
    }, false);
    return p;
  }

  function say(box, text) {
    box.hidden = false;
    box.textContent = "";
    var p = document.createElement("p");
    p.className = "search-status";
    p.textContent = text;
    box.appendChild(p);
  }

  function show(form, box, query, results, datas) {
    say(box, results.length ? form.dataset.count.replace("{n}", results.length) : form.dataset.none);
    var list = document.createElement("ol");
    list.className = "search-list";
    datas.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = anchorOf(data);
      link.textContent = data.meta.title;
      item.appendChild(link);
      if (data.meta.briefing) {
        var where = document.createElement("span");
        where.className = "search-where";
        where.textContent = data.meta.briefing + " · " + data.meta.date;
        item.appendChild(where);
      }
      item.appendChild(excerpt(data.excerpt));
      list.appendChild(item);
    });
    box.appendChild(list);
    // Nothing here: the same query in the other languages, one click away.
    var other = form.querySelector("template.search-other");
    if (!results.length && other) {
      var hint = other.content.cloneNode(true);
      hint.querySelectorAll("a").forEach(function (a) { a.href = a.getAttribute("href") + queryString(form, query); });
      box.appendChild(hint);
    }
    if (!("full" in form.dataset) && results.length > datas.length) {
      var more = document.createElement("a");
      more.className = "search-more";
      more.href = form.dataset.page + queryString(form, query);
      more.textContent = form.dataset.all;
      box.appendChild(more);
    }
  }

  function queryString(form, query) {
    var kept = filters(form).briefing;
    return "?q=" + encodeURIComponent(query) + (kept ? "&briefing=" + encodeURIComponent(kept) : "");
  }

  // A search kept to one briefing (the box's "this briefing only", the search page's choices) or one year.
  function filters(form) {
    var found = {};
    form.querySelectorAll("select").forEach(function (select) { if (select.value) found[select.name] = select.value; });
    var scope = form.querySelector("input[name=briefing]");
    if (scope && scope.checked) found.briefing = scope.value;
    return found;
  }

  function setup(form) {
    var input = form.querySelector("input[name=q]");
    var box = form.querySelector(".search-results");
    var full = "full" in form.dataset;
    var latest = 0;

    function run() {
      var query = input.value.trim();
      var ticket = ++latest;
      if (!query) { box.hidden = !full; box.textContent = ""; return; }
      engine(form).then(function (pagefind) {
        return pagefind.debouncedSearch(query, { filters: filters(form) }, 200).then(function (search) {
          if (!search || ticket !== latest) return;
          var shown = search.results.slice(0, full ? 50 : 5);
          return Promise.all(shown.map(function (r) { return r.data(); })).then(function (datas) {
            if (ticket === latest) show(form, box, query, search.results, datas);
          });
        });
      }).catch(function (error) {
        say(box, error && error.message === "file" ? form.dataset.http : form.dataset.unavailable);
      });
    }

    input.addEventListener("focus", function () {
      engine(form).catch(function (error) { if (error && error.message === "file") say(box, form.dataset.http); });
    });
    input.addEventListener("input", run);
    form.querySelectorAll("select, input[type=checkbox]").forEach(function (choice) { choice.addEventListener("change", run); });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { input.value = ""; run(); input.blur(); document.body.classList.remove("searching"); }
      if (event.key === "ArrowDown" && event.target === input) {
        var first = box.querySelector("a");
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
    if (full) {
      var params = new URLSearchParams(location.search);
      form.querySelectorAll("select").forEach(function (select) { select.value = params.get(select.name) || ""; });
      var query = params.get("q");
      if (query) { input.value = query; run(); }
      else if (location.protocol === "file:") say(box, form.dataset.http);
    }
  }

  document.querySelectorAll("form.search").forEach(setup);
  document.querySelectorAll(".search-close").forEach(function (button) {
    button.addEventListener("click", function () { document.body.classList.remove("searching"); });
  });
  var toggle = document.querySelector(".search-toggle");
  if (toggle) {
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      document.body.classList.toggle("searching");
      var input = document.querySelector(".masthead form.search input");
      if (document.body.classList.contains("searching") && input) input.focus();
    });
  }
})();
