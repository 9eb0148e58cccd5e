/* Dossier: pan, zoom and label placement for the build-time graph,
   previews of record pages on links, and searches started by text pasted
   or composed into the search box. No dependencies; charts are set up again
   on every page of Material's instant navigation, previews are delegated
   from the document once. */
(function () {
  "use strict";

  var LABEL_PX = 13; /* graph labels, in CSS pixels, at any zoom */
  var HALO_PX = 3;
  var script = document.currentScript;
  var root = new URL(script && script.src ? "../../" : "/", script && script.src ? script.src : location.href);

  /* ---- Graph: labels where they touch neither another label nor a node ---- */

  function overlaps(a, b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }
  function inside(a, b) {
    return a[0] >= b[0] && a[1] >= b[1] && a[2] <= b[2] && a[3] <= b[3];
  }
  function candidates(x, y, r, w, size) {
    var gap = 4 * (size / LABEL_PX), h = size * 1.2, up = size * 0.35, d = r * 0.75, mid = y - h / 2;
    var out = [];
    function add(left, top, tx, ty, anchor) {
      out.push({ box: [left, top, left + w, top + h], x: tx, y: ty, anchor: anchor });
    }
    add(x + r + gap, mid, x + r + gap, y + up, "start");
    add(x - r - gap - w, mid, x - r - gap, y + up, "end");
    add(x - w / 2, y - r - gap - h, x, y - r - gap - h / 2 + up, "middle");
    add(x - w / 2, y + r * 1.4 + gap, x, y + r * 1.4 + gap + h / 2 + up, "middle");
    add(x + d + gap, y - d - h, x + d + gap, y - d - h / 2 + up, "start");
    add(x + d + gap, y + d, x + d + gap, y + d + h / 2 + up, "start");
    add(x - d - gap - w, y - d - h, x - d - gap, y - d - h / 2 + up, "end");
    add(x - d - gap - w, y + d, x - d - gap, y + d + h / 2 + up, "end");
    return out;
  }

  function setupGraph(svg) {
    if (svg.dataset.dossierReady) return;
    svg.dataset.dossierReady = "1";
    var box = svg.viewBox.baseVal;
    var home = { x: box.x, y: box.y, w: box.width, h: box.height };
    var view = { x: box.x, y: box.y, w: box.width, h: box.height };
    var nodes = Array.prototype.slice.call(svg.querySelectorAll("[data-node]")).map(function (el) {
      return {
        el: el,
        text: el.querySelector("text"),
        x: parseFloat(el.getAttribute("data-x")),
        y: parseFloat(el.getAttribute("data-y")),
        r: parseFloat(el.getAttribute("data-r")),
        rank: parseInt(el.getAttribute("data-rank"), 10) || 0,
        ratio: 0,
      };
    });
    var order = nodes.slice().sort(function (a, b) { return a.rank - b.rank; });
    var pending = false;

    /* User units per CSS pixel, as the SVG is shown now (it keeps its aspect). */
    function unitsPerPixel() {
      var rect = svg.getBoundingClientRect();
      if (!rect.width || !rect.height) return 0;
      return Math.max(view.w / rect.width, view.h / rect.height);
    }
    function relabel() {
      pending = false;
      var k = unitsPerPixel();
      if (!k) return;
      var size = LABEL_PX * k;
      svg.style.setProperty("--dossier-label-size", size + "px");
      svg.style.setProperty("--dossier-label-halo", HALO_PX * k + "px");
      var rect = svg.getBoundingClientRect();
      var visW = rect.width * k, visH = rect.height * k;
      var bounds = [view.x - (visW - view.w) / 2, view.y - (visH - view.h) / 2];
      bounds.push(bounds[0] + visW, bounds[1] + visH);
      var shapes = nodes.map(function (n) {
        return [n.x - n.r * 1.2, n.y - n.r * 1.2, n.x + n.r * 1.2, n.y + n.r * 1.4];
      });
      var placed = [];
      order.forEach(function (n) {
        if (!n.text) return;
        if (!n.ratio) {
          var length = n.text.getComputedTextLength();
          n.ratio = length / size;
        }
        var w = n.ratio * size;
        var options = candidates(n.x, n.y, n.r, w, size);
        var chosen = null;
        n.text.classList.remove("dossier-label--crowded");
        function put(c) {
          n.text.setAttribute("x", c.x.toFixed(1));
          n.text.setAttribute("y", c.y.toFixed(1));
          n.text.setAttribute("text-anchor", c.anchor);
        }
        for (var i = 0; i < options.length && !chosen; i++) {
          var c = options[i];
          if (!inside(c.box, bounds)) continue;
          /* The estimate rules most places out cheaply; the text's own box,
             measured where it would stand, decides. */
          put(c);
          var b = n.text.getBBox();
          var real = [b.x, b.y, b.x + b.width, b.y + b.height];
          if (!inside(real, bounds)) continue;
          if (placed.some(function (p) { return overlaps(real, p); })) continue;
          if (shapes.some(function (s) { return overlaps(real, s); })) continue;
          chosen = c;
          chosen.real = real;
        }
        put(chosen || options[0]);
        n.text.classList.toggle("dossier-label--crowded", !chosen);
        if (chosen) placed.push(chosen.real);
      });
    }
    function schedule() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(relabel);
    }
    function apply() {
      svg.setAttribute("viewBox", view.x + " " + view.y + " " + view.w + " " + view.h);
      svg.classList.toggle("is-zoomed", view.w < home.w - 0.5);
      schedule();
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
    function point(clientX, clientY) {
      var rect = svg.getBoundingClientRect();
      var k = unitsPerPixel();
      var visW = rect.width * k, visH = rect.height * k;
      return {
        x: view.x - (visW - view.w) / 2 + (clientX - rect.left) * k,
        y: view.y - (visH - view.h) / 2 + (clientY - rect.top) * k,
      };
    }

    /* Ctrl/⌘ + wheel (and a trackpad pinch, which browsers send as one) zooms;
       a plain wheel scrolls the page as usual. */
    svg.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      var p = point(event.clientX, event.clientY);
      zoom(event.deltaY > 0 ? 1.2 : 1 / 1.2, p.x, p.y);
    }, { passive: false });

    /* One pointer drags the view; two pointers pinch to zoom. */
    var pointers = {};
    var drag = null;
    var pinch = null;
    function count() { return Object.keys(pointers).length; }
    function spread() {
      var ps = Object.keys(pointers).map(function (id) { return pointers[id]; });
      return {
        d: Math.hypot(ps[0].x - ps[1].x, ps[0].y - ps[1].y),
        x: (ps[0].x + ps[1].x) / 2,
        y: (ps[0].y + ps[1].y) / 2,
      };
    }
    svg.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse" && (event.button !== 0 || event.target.closest("a"))) return;
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
      if (count() === 2) {
        drag = null;
        pinch = spread();
      } else if (count() === 1) {
        drag = { x: event.clientX, y: event.clientY, vx: view.x, vy: view.y, moved: false };
      }
    });
    svg.addEventListener("pointermove", function (event) {
      if (!(event.pointerId in pointers)) return;
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
      if (pinch && count() === 2) {
        var now = spread();
        if (now.d > 0 && pinch.d > 0) {
          var p = point(now.x, now.y);
          zoom(pinch.d / now.d, p.x, p.y);
        }
        pinch = now;
      } else if (drag) {
        var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
        if (!drag.moved && Math.hypot(dx, dy) < 4) return;
        if (!drag.moved) {
          drag.moved = true;
          try { svg.setPointerCapture(event.pointerId); } catch (e) { /* already released */ }
        }
        var k = unitsPerPixel();
        view.x = drag.vx - dx * k;
        view.y = drag.vy - dy * k;
        apply();
      }
    });
    function release(event) {
      delete pointers[event.pointerId];
      if (count() < 2) pinch = null;
      if (count() === 0) drag = null;
    }
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);
    /* A drag that started on a node does not open it. */
    svg.addEventListener("click", function (event) {
      if (drag && drag.moved) event.preventDefault();
    }, true);

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
            zoom(spec[2], view.x + view.w / 2, view.y + view.h / 2);
          } else {
            view = { x: home.x, y: home.y, w: home.w, h: home.h };
            apply();
          }
        });
        controls.appendChild(button);
      });
    svg.parentNode.insertBefore(controls, svg);

    /* Highlight a node and its neighbours on hover or keyboard focus. */
    nodes.forEach(function (n) {
      var node = n.el;
      var near = (node.getAttribute("data-neighbours") || "").split(" ");
      var id = node.getAttribute("data-node");
      function on() {
        svg.classList.add("is-highlighting");
        nodes.forEach(function (other) {
          var keep = other.el === node || near.indexOf(other.el.getAttribute("data-node")) >= 0;
          other.el.classList.toggle("is-dim", !keep);
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

    if (typeof ResizeObserver !== "undefined") new ResizeObserver(schedule).observe(svg);
    else window.addEventListener("resize", schedule);
    relabel();
  }

  /* A timeline wider than the screen opens scrolled to the middle of its
     events, where most of them are, rather than at its empty left end. */
  function centreTimeline(box) {
    if (box.dataset.dossierReady || box.scrollWidth <= box.clientWidth) return;
    box.dataset.dossierReady = "1";
    var xs = Array.prototype.map.call(box.querySelectorAll("svg a[data-event] > :not(title):not(text)"),
      function (shape) { var b = shape.getBBox(); return b.x + b.width / 2; }).sort(function (a, b) { return a - b; });
    if (!xs.length) return;
    box.scrollLeft = Math.max(0, xs[Math.floor(xs.length / 2)] - box.clientWidth / 2);
  }

  /* ---- Link previews: a card for links to record pages ---- */

  var previews = null; /* a promise of the site's previews, fetched once */
  var card = null;
  var current = null;
  var showTimer = 0;
  var hideTimer = 0;

  function loadPreviews() {
    if (!previews) {
      previews = fetch(new URL("data/previews.json", root).href, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .catch(function () { return {}; });
    }
    return previews;
  }
  function keyOf(link) {
    var href = link.getAttribute("href");
    if (!href || href.charAt(0) === "#") return null;
    var url;
    try { url = new URL(href, location.href); } catch (e) { return null; }
    if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return null;
    if (url.pathname === location.pathname) return null;
    return decodeURIComponent(url.pathname.slice(root.pathname.length))
      .replace(/(^|\/)index\.html$/, "")
      .replace(/\.html$/, "")
      .replace(/\/$/, "");
  }
  function previewLink(target) {
    var link = target && target.closest ? target.closest("a[href]") : null;
    if (!link || !link.closest(".md-content") || link.closest(".headerlink")) return null;
    return keyOf(link) ? link : null;
  }
  function ensureCard() {
    if (card && document.body.contains(card)) return card;
    card = document.createElement("div");
    card.className = "dossier-preview";
    card.id = "dossier-preview";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    card.addEventListener("mouseenter", function () { window.clearTimeout(hideTimer); });
    card.addEventListener("mouseleave", function () { scheduleHide(); });
    document.body.appendChild(card);
    return card;
  }
  function line(className, text) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }
  function fill(data) {
    var el = ensureCard();
    el.textContent = "";
    el.appendChild(line("dossier-preview__kind", data.kind + (data.date ? " · " + data.date : "")));
    el.appendChild(line("dossier-preview__title", data.title));
    if (data.status) {
      var badge = document.createElement("span");
      badge.className = "dossier-badge dossier-badge--" + data.status.replace(/[^a-z0-9-]/g, "");
      badge.textContent = data.status_label || data.status;
      var meta = line("dossier-preview__meta", "");
      meta.appendChild(badge);
      el.appendChild(meta);
    }
    if (data.summary) el.appendChild(line("dossier-preview__summary", data.summary));
    return el;
  }
  function position(el, link) {
    var rects = link.getClientRects();
    var rect = rects.length ? rects[0] : link.getBoundingClientRect();
    el.style.left = "0px";
    el.style.top = "0px";
    var width = el.offsetWidth, height = el.offsetHeight;
    var vw = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(rect.left, vw - width - 8));
    var top = rect.bottom + 6;
    if (top + height > window.innerHeight - 8 && rect.top - height - 6 > 8) top = rect.top - height - 6;
    el.style.left = left + window.scrollX + "px";
    el.style.top = top + window.scrollY + "px";
  }
  function show(link) {
    var key = keyOf(link);
    loadPreviews().then(function (data) {
      if (current !== link || !data[key]) return;
      var el = fill(data[key]);
      el.hidden = false;
      position(el, link);
      link.setAttribute("aria-describedby", el.id);
    });
  }
  function hide() {
    window.clearTimeout(showTimer);
    window.clearTimeout(hideTimer);
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    if (card) card.hidden = true;
  }
  function scheduleHide() {
    window.clearTimeout(hideTimer);
    hideTimer = window.setTimeout(hide, 200);
  }
  function start(link, delay) {
    if (current === link) { window.clearTimeout(hideTimer); return; }
    hide();
    current = link;
    loadPreviews();
    showTimer = window.setTimeout(function () { show(link); }, delay);
  }
  var canHover = window.matchMedia ? window.matchMedia("(hover: hover) and (pointer: fine)") : null;

  function bindPreviews() {
    if (window.__dossierPreviews) return;
    window.__dossierPreviews = true;
    document.addEventListener("mouseover", function (event) {
      if (!canHover || !canHover.matches) return;
      if (card && card.contains(event.target)) return;
      var link = previewLink(event.target);
      if (link) start(link, 300);
    });
    document.addEventListener("mouseout", function (event) {
      var link = previewLink(event.target);
      if (link && link === current && !link.contains(event.relatedTarget)) scheduleHide();
    });
    document.addEventListener("focusin", function (event) {
      var link = previewLink(event.target);
      if (!link) return;
      var keyboard = true;
      try { keyboard = link.matches(":focus-visible"); } catch (e) { /* older browsers */ }
      if (keyboard) start(link, 0);
    });
    document.addEventListener("focusout", function (event) {
      if (current && event.target === current) hide();
    });
    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && current) hide();
    });
    window.addEventListener("pagehide", hide);
  }

  /* ---- Search: text that reaches the box without a key ---- */

  /* Material's search reads its box on keyup. Pasted text, a phone
     keyboard's suggestion, dictation and an input method's finished
     composition change the box with no key released: Material is told
     with the keyup it listens for (with Pagefind, search.js reads input). */
  function bindSearchInput() {
    if (window.__dossierSearchInput) return;
    window.__dossierSearchInput = true;
    function nudge(event) {
      var box = event.target;
      if (!box || !box.matches || !box.matches("[data-md-component=search-query]")) return;
      if (event.type === "input" && event.isComposing) return;
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }
    document.addEventListener("input", nudge);
    document.addEventListener("compositionend", nudge);
    document.addEventListener("paste", function (event) {
      setTimeout(function () { nudge(event); }, 0); /* once the text is in */
    });
  }

  function init() {
    hide();
    document.querySelectorAll("svg.dossier-graph[data-dossier-zoom]").forEach(setupGraph);
    document.querySelectorAll(".dossier-chart__scroll").forEach(centreTimeline);
    /* Material's search overlay is a dialog without a name; screen readers
       announce it as "Search". */
    var search = document.querySelector(".md-search[role=dialog]:not([aria-label])");
    if (search) search.setAttribute("aria-label", "Search");
  }
  bindPreviews();
  bindSearchInput();
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState !== "loading") {
    init();
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
