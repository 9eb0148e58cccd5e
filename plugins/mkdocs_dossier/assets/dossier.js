/* Dossier: pan, zoom and highlighting for the build-time SVG charts.
   No dependencies; re-run on every page of Material's instant navigation. */
(function () {
  "use strict";

  function setup(svg) {
    if (svg.dataset.dossierReady) return;
    svg.dataset.dossierReady = "1";
    var box = svg.viewBox.baseVal;
    var home = { x: box.x, y: box.y, w: box.width, h: box.height };
    var view = { x: box.x, y: box.y, w: box.width, h: box.height };

    function apply() {
      svg.setAttribute("viewBox", view.x + " " + view.y + " " + view.w + " " + view.h);
    }
    function zoom(factor, cx, cy) {
      var w = Math.min(home.w * 1.5, Math.max(home.w / 12, view.w * factor));
      var h = view.h * (w / view.w);
      view.x = cx - (cx - view.x) * (w / view.w);
      view.y = cy - (cy - view.y) * (h / view.h);
      view.w = w;
      view.h = h;
      apply();
    }
    function point(event) {
      var rect = svg.getBoundingClientRect();
      return {
        x: view.x + ((event.clientX - rect.left) / rect.width) * view.w,
        y: view.y + ((event.clientY - rect.top) / rect.height) * view.h,
      };
    }

    svg.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && !event.metaKey && !svg.classList.contains("is-zoomed")) return;
      event.preventDefault();
      var p = point(event);
      zoom(event.deltaY > 0 ? 1.2 : 1 / 1.2, p.x, p.y);
    }, { passive: false });

    var drag = null;
    svg.addEventListener("pointerdown", function (event) {
      if (event.target.closest("a")) return;
      drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y };
      svg.setPointerCapture(event.pointerId);
    });
    svg.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var rect = svg.getBoundingClientRect();
      view.x = drag.vx - ((event.clientX - drag.x) / rect.width) * view.w;
      view.y = drag.vy - ((event.clientY - drag.y) / rect.height) * view.h;
      apply();
    });
    svg.addEventListener("pointerup", function () { drag = null; });

    var controls = document.createElement("div");
    controls.className = "dossier-zoom-controls";
    [["+", "Zoom in", 1 / 1.5], ["−", "Zoom out", 1.5], ["⟲", "Reset view", 0]].forEach(
      function (spec) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-button";
        button.textContent = spec[0];
        button.title = spec[1];
        button.setAttribute("aria-label", spec[1]);
        button.addEventListener("click", function () {
          if (spec[2]) {
            svg.classList.add("is-zoomed");
            zoom(spec[2], view.x + view.w / 2, view.y + view.h / 2);
          } else {
            view = { x: home.x, y: home.y, w: home.w, h: home.h };
            svg.classList.remove("is-zoomed");
            apply();
          }
        });
        controls.appendChild(button);
      });
    svg.parentNode.insertBefore(controls, svg);

    /* Highlight a node and its neighbours on hover or keyboard focus. */
    svg.querySelectorAll("[data-node]").forEach(function (node) {
      var near = (node.getAttribute("data-neighbours") || "").split(" ");
      var id = node.getAttribute("data-node");
      function on() {
        svg.classList.add("is-highlighting");
        svg.querySelectorAll("[data-node]").forEach(function (other) {
          var keep = other === node || near.indexOf(other.getAttribute("data-node")) >= 0;
          other.classList.toggle("is-dim", !keep);
        });
        svg.querySelectorAll(".dossier-edge").forEach(function (edge) {
          var keep = edge.getAttribute("data-a") === id || edge.getAttribute("data-b") === id;
          edge.classList.toggle("is-dim", !keep);
        });
      }
      function off() {
        svg.classList.remove("is-highlighting");
        svg.querySelectorAll(".is-dim").forEach(function (el) { el.classList.remove("is-dim"); });
      }
      node.addEventListener("mouseenter", on);
      node.addEventListener("focus", on);
      node.addEventListener("mouseleave", off);
      node.addEventListener("blur", off);
    });
  }

  function init() {
    document.querySelectorAll("svg[data-dossier-zoom]").forEach(setup);
    /* Material's search overlay is a dialog without a name; screen readers
       announce it as "Search". */
    var search = document.querySelector(".md-search[role=dialog]:not([aria-label])");
    if (search) search.setAttribute("aria-label", "Search");
  }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState !== "loading") {
    init();
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
