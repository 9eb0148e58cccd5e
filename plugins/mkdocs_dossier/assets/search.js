/* Dossier: Pagefind behind Material's search box.

   Loaded only on sites whose search is Pagefind. Material's own search stays
   mounted for its keyboard handling (open, arrows, Enter on the best result)
   but never gets an index; this script answers the query input, asks
   Pagefind (site/pagefind/, loaded on first use, in chunks) and writes the
   results in Material's result markup. Checkboxes under the box narrow the
   results by the records' filters (kind, status, type, year). Result text is
   copied node by node: only text and Pagefind's <mark> reach the page. A
   query that is a record's whole name (an entity's name or alias, in the
   page's "names" meta) lists that record first among the first results. */
(function () {
  "use strict";
  if (window.__dossierSearch) return;
  window.__dossierSearch = true;

  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL(config.base || ".", location.href);
  var words = config.translations || {};
  /* Results shown at a time: each needs its fragment fetched before the
     list is drawn, so a phone's first screen waits for no more than it shows. */
  var PAGE = 10;
  var LABELS = { kind: "Kind", status: "Status", type: "Type", year: "Year" };
  var ORDER = ["kind", "status", "type", "year"];

  var style = document.createElement("style");
  style.textContent =
    ".dossier-search-filters{padding:.4rem .8rem;font-size:.64rem;" +
    "border-bottom:.05rem solid var(--md-default-fg-color--lightest)}" +
    ".dossier-search-filters summary{cursor:pointer;color:var(--md-default-fg-color--light)}" +
    ".dossier-search-filters__sets{display:flex;flex-wrap:wrap;gap:.2rem 1rem;padding-top:.3rem}" +
    ".dossier-search-filters fieldset{border:0;margin:0;padding:0}" +
    ".dossier-search-filters legend{font-weight:700;padding:0}" +
    ".dossier-search-filters label{display:inline-block;margin-right:.6rem;white-space:nowrap}" +
    ".dossier-search-more{padding:.4rem .8rem}";
  document.head.appendChild(style);

  var pagefind = null;
  var loading = null;
  var generation = 0;
  var selected = {};

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
        pagefind = module;
        return pagefind.options({ baseUrl: base.pathname }).then(function () {
          return pagefind.init();
        }).then(function () {
          return pagefind;
        });
      });
    }
    return loading;
  }

  function query() {
    return document.querySelector("[data-md-component=search-query]");
  }
  function resultBox() {
    return document.querySelector("[data-md-component=search-result]");
  }
  function meta(text) {
    var box = resultBox();
    var el = box && box.querySelector(".md-search-result__meta");
    if (el) el.textContent = text;
  }
  function count(n) {
    if (n === 0) return words["search.result.none"] || "No matching documents";
    if (n === 1) return words["search.result.one"] || "1 matching document";
    return (words["search.result.other"] || "# matching documents").replace("#", String(n));
  }

  /* Text and <mark> only, whatever the excerpt holds. */
  function safeExcerpt(source, into) {
    var template = document.createElement("template");
    template.innerHTML = source;
    (function copy(from, to) {
      from.childNodes.forEach(function (node) {
        if (node.nodeType === Node.TEXT_NODE) {
          to.appendChild(document.createTextNode(node.textContent));
        } else if (node.nodeType === Node.ELEMENT_NODE) {
          var target = to;
          if (node.nodeName === "MARK") {
            target = document.createElement("mark");
            to.appendChild(target);
          }
          copy(node, target);
        }
      });
    })(template.content, into);
  }

  function item(data, score) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    a.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    article.setAttribute("data-md-score", String(score));
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var h = document.createElement("h1");
    h.textContent = (data.meta && data.meta.title) || data.url;
    var p = document.createElement("p");
    safeExcerpt(data.excerpt || "", p);
    article.append(icon, h, p);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function activeFilters() {
    var filters = {};
    Object.keys(selected).forEach(function (name) {
      var values = Object.keys(selected[name]).filter(function (v) {
        return selected[name][v];
      });
      if (values.length) filters[name] = { any: values };
    });
    return filters;
  }

  /* A search waits until the keys pause (WAIT ms), and one runs at a time:
     at 10,000 pages a short common prefix costs Pagefind a third of a
     second, which the next keys would otherwise queue behind. Each key still
     fetches at once the index chunks its words need (Pagefind's preload), so
     the search that follows has nothing left to fetch. */
  var WAIT = 100;
  var timer = null;
  var busy = false;
  var pending = false;

  function typed() {
    var input = query();
    var term = input ? input.value.trim() : "";
    if (pagefind && worthPreloading(term)) pagefind.preload(term, { filters: activeFilters() });
    clearTimeout(timer);
    timer = setTimeout(run, WAIT);
  }

  function run() {
    clearTimeout(timer);
    var input = query();
    var box = resultBox();
    if (!input || !box) return;
    var term = input.value.trim();
    var filters = activeFilters();
    var mine = ++generation;
    var list = box.querySelector(".md-search-result__list");
    if (!term && !Object.keys(filters).length) {
      list.replaceChildren();
      meta(words["search.result.placeholder"] || "Type to start searching");
      return;
    }
    if (term && !Object.keys(filters).length && !worthSearching(term)) {
      /* One letter of an alphabetic script matches most of the index by
         prefix; the search waits for a second, and what the longer query
         found is not left standing as if it were this one's answer. */
      list.replaceChildren();
      meta(words["search.result.placeholder"] || "Type to start searching");
      return;
    }
    if (busy) {
      pending = true;
      return;
    }
    busy = true;
    load().then(function (pf) {
      var found = pf.search(term || null, { filters: filters });
      return term ? found : Promise.all([found, newestFirst()]).then(function (both) {
        return { results: inOrder(both[0].results, both[1]) };
      });
    }).then(function (search) {
      if (mine !== generation) return;
      var results = search.results;
      return show(results, 0, list, mine, nameKey(term)).then(function () {
        if (mine === generation) meta(count(results.length));
        /* The filters, once there are results: what they need is fetched
           after the first answer, not before it. */
        filterPanel(pagefind);
      });
    }).catch(function (error) {
      if (window.console) console.error(error);
    }).then(function () {
      busy = false;
      if (pending) {
        pending = false;
        run();
      }
    });
  }

  /* What a filter alone finds is listed newest first: by the ids of the
     dated pages in that order (search.NEWEST, fetched when first needed),
     then the pages without a date in Pagefind's order. */
  var newest = null;
  function newestFirst() {
    if (!newest) {
      newest = fetch(new URL("pagefind/newest.json.gz", base).href).then(function (response) {
        if (!response.ok) return [];
        return response.arrayBuffer().then(function (buffer) {
          var bytes = new Uint8Array(buffer);
          /* Unless the host already undid the compression. */
          var body = bytes[0] === 0x1f && bytes[1] === 0x8b
            ? new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")))
            : new Response(bytes);
          return body.json();
        });
      }).then(function (ids) {
        var ranks = new Map();
        if (Array.isArray(ids)) ids.forEach(function (id, i) { ranks.set(id, i); });
        return ranks;
      }).catch(function (error) {
        if (window.console) console.error(error);
        return new Map();
      });
    }
    return newest;
  }

  function inOrder(results, ranks) {
    var last = ranks.size;
    var rank = function (r) { return ranks.has(r.id) ? ranks.get(r.id) : last; };
    return results.slice().sort(function (a, b) { return rank(a) - rank(b); });
  }

  /* Han, kana and Hangul letters are words on their own. */
  var IDEOGRAPHIC = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]/;
  function worthSearching(term) {
    return Array.from(term).length > 1 || IDEOGRAPHIC.test(term);
  }

  /* A word's first letters name a range of the index that can span several
     chunks, most of which the finished word will not need: preloading waits
     for three letters of the last word. */
  function worthPreloading(term) {
    var last = term.split(/\s+/).pop() || "";
    return Array.from(last).length >= 3 || IDEOGRAPHIC.test(last);
  }

  /* A query as the "names" meta of a record page holds its names. */
  function nameKey(term) {
    return term.toLowerCase().replace(/\s+/g, " ");
  }

  /* On the first page of results, the pages the query names (one of the
     names in their "names" meta, search.NAMES_META) come first, in
     Pagefind's order; the rest keep theirs. */
  function namedFirst(results, found, key) {
    var order = found.map(function (data, i) { return i; });
    var names = function (i) {
      try {
        var list = JSON.parse((found[i].meta || {}).names || "[]");
        return Array.isArray(list) ? list : [];
      } catch (error) {
        return [];
      }
    };
    order.sort(function (a, b) {
      var x = names(a).indexOf(key) === -1 ? 1 : 0;
      var y = names(b).indexOf(key) === -1 ? 1 : 0;
      return x - y || a - b;
    });
    var page = order.map(function (i) { return results[i]; });
    for (var i = 0; i < page.length; i++) results[i] = page[i];
    return order.map(function (i) { return found[i]; });
  }

  function show(results, start, list, mine, key) {
    var page = results.slice(start, start + PAGE);
    return Promise.all(page.map(function (r) { return r.data(); })).then(function (found) {
      if (mine !== generation) return;
      if (start === 0 && key) found = namedFirst(results, found, key);
      var items = found.map(function (data, i) {
        return item(data, results.length - start - i);
      });
      if (start === 0) list.replaceChildren.apply(list, items);
      else list.append.apply(list, items);
      var more = list.querySelector(".dossier-search-more");
      if (more) more.remove();
      if (start + PAGE < results.length) {
        var li = document.createElement("li");
        li.className = "md-search-result__item dossier-search-more";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-button";
        button.textContent = "More results";
        button.addEventListener("click", function () {
          show(results, start + PAGE, list, mine);
        });
        li.appendChild(button);
        list.appendChild(li);
      }
    });
  }

  var panelAsked = false;
  function filterPanel(pf) {
    var box = resultBox();
    if (!box || panelAsked) return;
    panelAsked = true;
    pf.filters().then(function (all) {
      /* Folded under one line: open, the four sets would fill a phone's
         screen above the results. */
      var panel = document.createElement("details");
      panel.className = "dossier-search-filters";
      var summary = document.createElement("summary");
      var sets = document.createElement("div");
      sets.className = "dossier-search-filters__sets";
      panel.append(summary, sets);
      var names = Object.keys(all).sort(function (a, b) {
        var i = ORDER.indexOf(a), j = ORDER.indexOf(b);
        return (i < 0 ? 99 : i) - (j < 0 ? 99 : j) || a.localeCompare(b);
      });
      summary.textContent = "Filter by " + names.map(function (name) {
        return (LABELS[name] || name).toLowerCase();
      }).join(", ");
      names.forEach(function (name) {
        var set = document.createElement("fieldset");
        var legend = document.createElement("legend");
        legend.textContent = LABELS[name] || name;
        set.appendChild(legend);
        var values = Object.keys(all[name]).sort();
        if (name === "year") values.reverse();
        values.forEach(function (value) {
          var label = document.createElement("label");
          var box = document.createElement("input");
          box.type = "checkbox";
          box.name = "dossier-filter-" + name;
          box.value = value;
          box.addEventListener("change", function () {
            selected[name] = selected[name] || {};
            selected[name][value] = box.checked;
            run();
          });
          label.append(box, document.createTextNode(" " + value + " (" + all[name][value] + ")"));
          set.appendChild(label);
        });
        sets.appendChild(set);
      });
      box.insertBefore(panel, box.firstChild);
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target === query()) typed();
  });
  /* Focus loads Pagefind and its page list and search code (preloading no
     words), so the first key only waits for its own chunk. */
  document.addEventListener("focusin", function (event) {
    if (event.target === query()) {
      load().then(function (pf) {
        pf.preload("");
        if (!query().value.trim() && !Object.keys(activeFilters()).length) {
          meta(words["search.result.placeholder"] || "Type to start searching");
        }
      });
    }
  });
  document.addEventListener("reset", function (event) {
    if (event.target === (query() && query().form)) setTimeout(run, 0);
  });
  if (query() && query().value) run(); /* a ?q= deep link Material filled in */
})();
