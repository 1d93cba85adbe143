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
})();
