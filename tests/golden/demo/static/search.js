/* Full-text search of the board, in the browser, over the static index in search/.
 *
 * The index (built by noticeboard/search.py) keys every record by the pairs of adjacent
 * characters (bigrams) of its text. A query is normalised and split the same way; only the
 * shards holding its bigrams are fetched; records holding all of them are candidates, and a
 * candidate is a result when its stored text contains every query term as a substring.
 * No framework, no request outside this site. Every UI text comes from data-* attributes
 * that the page template fills from the board's language catalog.
 */
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  var statusLine = document.getElementById("search-status");
  if (!form || !statusLine) {
    return;
  }
  var nonWord = unicodeClasses();
  if (!nonWord || !window.fetch || !window.Promise || !window.Set || !Array.from || !"".normalize) {
    // an old browser: say so instead of failing silently; the filter pages still work
    statusLine.textContent = form.getAttribute("data-msg-unsupported");
    return;
  }
  var input = form.querySelector("input[name=q]");
  var results = document.getElementById("search-results");
  var text = form.dataset; // msgShort, msgNone, msgCount, msgMore, msgLoading, msgFailed
  var indexBase = form.getAttribute("data-index"); // folder of meta.json, relative to this page
  var siteRoot = form.getAttribute("data-root"); // the site root, relative to this page
  var meta = null;
  var cache = {}; // file name -> promise of parsed JSON
  var latest = 0; // number of the newest query; older answers are dropped
  var LIMIT = 50; // results shown; the newest come first
  var CHUNKS_AT_ONCE = 4; // document chunks fetched in parallel while verifying

  /* Runs of characters that are not letters, numbers or marks; null where unsupported
   * (a regex literal would stop the whole script from parsing in such a browser). */
  function unicodeClasses() {
    try {
      return new RegExp("[^\\p{L}\\p{N}\\p{M}]+", "gu");
    } catch (error) {
      return null;
    }
  }

  /* Must match normalize() in noticeboard/search.py. */
  function normalize(value) {
    return value.normalize("NFKC").toLowerCase().replace(nonWord, " ").trim();
  }

  function bigramsOf(term) {
    var chars = Array.from(term);
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) {
      out.push(chars[i] + chars[i + 1]);
    }
    return out;
  }

  /* 32-bit FNV-1a over code points; must match shard_of() in noticeboard/search.py. */
  function shardOf(gram, count) {
    var hash = 0x811c9dc5;
    var chars = Array.from(gram);
    for (var i = 0; i < chars.length; i++) {
      hash = Math.imul(hash ^ chars[i].codePointAt(0), 0x01000193) >>> 0;
    }
    return hash % count;
  }

  function load(name) {
    if (!cache[name]) {
      var version = meta ? "?v=" + meta.version : "";
      cache[name] = fetch(indexBase + name + version, { cache: meta ? "default" : "no-cache" }).then(
        function (response) {
          if (!response.ok) {
            throw new Error(name + ": " + response.status);
          }
          return response.json();
        }
      );
      cache[name].catch(function () {
        delete cache[name]; // let a later query try again
      });
    }
    return cache[name];
  }

  function loadMeta() {
    if (meta) {
      return Promise.resolve(meta);
    }
    return load("meta.json").then(function (value) {
      meta = value;
      return meta;
    });
  }

  function decode(gaps) {
    var numbers = new Set();
    var total = 0;
    for (var i = 0; i < gaps.length; i++) {
      total += gaps[i];
      numbers.add(total);
    }
    return numbers;
  }

  function candidates(grams) {
    return Promise.all(
      grams.map(function (gram) {
        return load("index-" + shardOf(gram, meta.shards) + ".json").then(function (shard) {
          return decode(Object.prototype.hasOwnProperty.call(shard, gram) ? shard[gram] : []);
        });
      })
    ).then(function (sets) {
      sets.sort(function (a, b) {
        return a.size - b.size;
      });
      var found = Array.from(sets[0]).filter(function (number) {
        return sets.every(function (set) {
          return set.has(number);
        });
      });
      return found.sort(function (a, b) {
        return a - b;
      });
    });
  }

  /* Verify candidates in index order (newest first), a few chunks at a time, until more
   * than LIMIT results are found: a common query reads the first chunks, not the whole index. */
  function verified(numbers, terms) {
    var chunks = [];
    numbers.forEach(function (n) {
      var k = Math.floor(n / meta.chunk);
      if (chunks.length === 0 || chunks[chunks.length - 1].k !== k) {
        chunks.push({ k: k, numbers: [] });
      }
      chunks[chunks.length - 1].numbers.push(n);
    });
    var found = [];
    function next(from) {
      if (from >= chunks.length || found.length > LIMIT) {
        return Promise.resolve({ docs: found.slice(0, LIMIT), more: found.length > LIMIT });
      }
      // the first chunk alone: for a common query it already holds enough results
      var batch = chunks.slice(from, from + (from === 0 ? 1 : CHUNKS_AT_ONCE));
      return Promise.all(
        batch.map(function (chunk) {
          return load("docs-" + chunk.k + ".json");
        })
      ).then(function (loaded) {
        batch.forEach(function (chunk, i) {
          chunk.numbers.forEach(function (n) {
            var doc = loaded[i][n % meta.chunk];
            var all = terms.every(function (term) {
              return doc.text.indexOf(term) >= 0;
            });
            if (all) {
              found.push(doc);
            }
          });
        });
        return next(from + batch.length);
      });
    }
    return next(0);
  }

  function snippet(doc, term) {
    var chars = Array.from(doc.text);
    var at = Array.from(doc.text.slice(0, Math.max(doc.text.indexOf(term), 0))).length;
    var length = Array.from(term).length;
    var start = Math.max(0, at - 20);
    var end = Math.min(chars.length, at + length + 40);
    var p = document.createElement("p");
    p.className = "search-snippet";
    p.appendChild(document.createTextNode((start > 0 ? "…" : "") + chars.slice(start, at).join("")));
    var mark = document.createElement("mark");
    mark.textContent = chars.slice(at, at + length).join("");
    p.appendChild(mark);
    p.appendChild(document.createTextNode(chars.slice(at + length, end).join("") + (end < chars.length ? "…" : "")));
    return p;
  }

  function field(className, value) {
    var span = document.createElement("span");
    span.className = className;
    span.textContent = value;
    return span;
  }

  function show(docs, terms) {
    results.textContent = "";
    docs.forEach(function (doc) {
      var item = document.createElement("li");
      item.className = "search-result search-result-" + doc.type;
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = siteRoot + doc.page;
      link.textContent = doc.title;
      heading.appendChild(link);
      item.appendChild(heading);
      var facts = document.createElement("p");
      facts.className = "search-facts";
      facts.appendChild(field("search-type", meta.labels.types[doc.type]));
      facts.appendChild(document.createTextNode(" · "));
      facts.appendChild(field("search-date", doc.date));
      facts.appendChild(document.createTextNode(" · "));
      var status = meta.labels.statuses[doc.type][doc.status];
      facts.appendChild(field("search-status status-" + doc.status, status));
      item.appendChild(facts);
      item.appendChild(snippet(doc, terms[0]));
      results.appendChild(item);
    });
  }

  function say(message) {
    statusLine.textContent = message;
  }

  function search(query) {
    var number = ++latest;
    var terms = normalize(query)
      .split(" ")
      .filter(function (term) {
        return term.length > 0;
      });
    var grams = Array.from(new Set([].concat.apply([], terms.map(bigramsOf))));
    results.textContent = "";
    if (grams.length === 0) {
      say(query.trim() ? text.msgShort : "");
      return Promise.resolve([]);
    }
    say(text.msgLoading);
    return loadMeta()
      .then(function () {
        return candidates(grams);
      })
      .then(function (numbers) {
        return verified(numbers, terms);
      })
      .then(function (result) {
        if (number !== latest) {
          return [];
        }
        var count = String(result.docs.length);
        if (result.more) {
          say(text.msgMore.replace("{count}", count));
        } else {
          say(result.docs.length ? text.msgCount.replace("{count}", count) : text.msgNone);
        }
        show(result.docs, terms);
        return result.docs;
      })
      .catch(function () {
        if (number === latest) {
          say(text.msgFailed);
        }
        return [];
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url.toString());
    search(input.value);
  });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
  form.classList.add("search-ready");
})();
