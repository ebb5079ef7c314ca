/* Full-text search of the board, in the browser, over the static index in search/.
 *
 * The index (built by noticeboard/site/search.py) keys every record by the pairs of adjacent
 * characters (bigrams) of its text, and by each character of its title. A query is normalised
 * and split the same way; each of its terms is tried as itself and as its synonyms (listed in
 * meta.json); only the shards holding the keys are fetched; records holding the keys of one
 * spelling of every term are candidates, and a candidate is a result when its stored text
 * holds one spelling of every term as a substring. A query of one-character terms looks in
 * the titles. When nothing matches, the page suggests the parts of the query that do occur.
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
  var note = document.getElementById("search-note"); // synonyms tried, one-character queries
  var help = document.getElementById("search-help"); // shown when nothing matches
  var suggestLine = document.getElementById("search-suggest");
  var browse = document.getElementById("search-browse"); // category links; hidden beside results
  var text = form.dataset; // msgShort, msgNone, msgCount, msgMore, msgLoading, msgFailed, msgTitles, msgAlso, joiner
  var indexBase = form.getAttribute("data-index"); // folder of meta.json, relative to this page
  var siteRoot = form.getAttribute("data-root"); // the site root, relative to this page
  var meta = null;
  var cache = {}; // file name -> promise of parsed JSON
  var decoded = {}; // index key -> Set of document numbers
  var latest = 0; // number of the newest query; older answers are dropped
  var LIMIT = 50; // results shown; the newest come first
  var CHUNKS_AT_ONCE = 4; // document chunks fetched in parallel while verifying
  var MAX_VARIANTS = 8; // as MAX_VARIANTS in noticeboard/site/search_text.py
  var SUGGESTIONS = 3; // parts of a query that found nothing, offered instead

  /* Runs of characters that are not letters, numbers or marks; null where unsupported
   * (a regex literal would stop the whole script from parsing in such a browser). */
  function unicodeClasses() {
    try {
      return new RegExp("[^\\p{L}\\p{N}\\p{M}]+", "gu");
    } catch (error) {
      return null;
    }
  }

  /* Must match normalize() in noticeboard/site/search_text.py. */
  function normalize(value) {
    return value.normalize("NFKC").toLowerCase().replace(nonWord, " ").trim();
  }

  function size(value) {
    return Array.from(value).length; // in characters (code points), as Python's len()
  }

  function bigramsOf(spelling) {
    var chars = Array.from(spelling);
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) {
      if (chars[i] !== " " && chars[i + 1] !== " " && out.indexOf(chars[i] + chars[i + 1]) < 0) {
        out.push(chars[i] + chars[i + 1]);
      }
    }
    return out;
  }

  /* As lookup_keys() in search_text.py: a lone character in titles, else the bigrams. */
  function keysOf(spelling, inTitles) {
    return inTitles && size(spelling) === 1 ? [spelling] : bigramsOf(spelling);
  }

  /* As variants() in search_text.py: the term, then each synonym in place of its word.
   * The synonyms put in are added to `tried`, for the page to say what it also searched. */
  function variants(term, tried) {
    var found = [term];
    var applied = [];
    (meta.synonyms || []).forEach(function (entry) {
      var word = entry[0];
      var inLonger = applied.some(function (longer) {
        return longer.indexOf(word) >= 0;
      });
      if (term.indexOf(word) < 0 || inLonger) {
        return;
      }
      applied.push(word);
      found.slice().forEach(function (spelling) {
        if (spelling.indexOf(word) < 0) {
          return;
        }
        entry[1].forEach(function (other) {
          var candidate = spelling.split(word).join(other);
          if (found.indexOf(candidate) < 0 && found.length < MAX_VARIANTS) {
            found.push(candidate);
            if (tried.indexOf(other) < 0) {
              tried.push(other);
            }
          }
        });
      });
    });
    return found;
  }

  /* 32-bit FNV-1a over code points; must match shard_of() in search_text.py. */
  function shardOf(key, count) {
    var hash = 0x811c9dc5;
    var chars = Array.from(key);
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

  /* The documents holding a key; postings are stored as gaps between document numbers. */
  function postings(key) {
    if (decoded[key]) {
      return Promise.resolve(decoded[key]);
    }
    return load("index-" + shardOf(key, meta.shards) + ".json").then(function (shard) {
      var gaps = Object.prototype.hasOwnProperty.call(shard, key) ? shard[key] : [];
      var numbers = new Set();
      var total = 0;
      for (var i = 0; i < gaps.length; i++) {
        total += gaps[i];
        numbers.add(total);
      }
      decoded[key] = numbers;
      return numbers;
    });
  }

  function intersect(sets) {
    sets.sort(function (a, b) {
      return a.size - b.size;
    });
    return new Set(
      Array.from(sets[0]).filter(function (number) {
        return sets.every(function (set) {
          return set.has(number);
        });
      })
    );
  }

  function union(sets) {
    var all = new Set();
    sets.forEach(function (set) {
      set.forEach(function (number) {
        all.add(number);
      });
    });
    return all;
  }

  /* A query's terms, each with its spellings; null when no term can be looked up. */
  function planOf(terms) {
    var inTitles = terms.every(function (term) {
      return size(term) === 1;
    });
    var plan = { inTitles: inTitles, tried: [] };
    plan.spellings = terms.map(function (term) {
      return variants(term, plan.tried);
    });
    plan.restricting = plan.spellings.filter(function (options) {
      return options.every(function (spelling) {
        return keysOf(spelling, inTitles).length > 0;
      }); // else a one-character spelling beside longer terms: only checked in the text
    });
    return plan.restricting.length ? plan : null;
  }

  /* Documents holding the keys of one spelling of every term, in index order. */
  function candidates(plan) {
    return Promise.all(
      plan.restricting.map(function (options) {
        return Promise.all(
          options.map(function (spelling) {
            return Promise.all(keysOf(spelling, plan.inTitles).map(postings)).then(intersect);
          })
        ).then(union);
      })
    ).then(function (sets) {
      return Array.from(intersect(sets)).sort(function (a, b) {
        return a - b;
      });
    });
  }

  /* The spelling of a term the document holds (in its title or its text), or null. */
  function held(doc, options, plan) {
    for (var i = 0; i < options.length; i++) {
      var inTitle = plan.inTitles && size(options[i]) === 1;
      if ((inTitle ? normalize(doc.title) : doc.text).indexOf(options[i]) >= 0) {
        return options[i];
      }
    }
    return null;
  }

  /* Verify candidates in index order (newest first), a few chunks at a time, until more
   * than `limit` results are found (or `chunkLimit` chunks are read): a common query reads
   * the first chunks, not the whole index. */
  function verified(numbers, plan, limit, chunkLimit) {
    var chunks = [];
    numbers.forEach(function (n) {
      var k = Math.floor(n / meta.chunk);
      if (chunks.length === 0 || chunks[chunks.length - 1].k !== k) {
        chunks.push({ k: k, numbers: [] });
      }
      chunks[chunks.length - 1].numbers.push(n);
    });
    chunks = chunks.slice(0, chunkLimit || chunks.length);
    var found = [];
    function next(from) {
      if (from >= chunks.length || found.length > limit) {
        return Promise.resolve({ docs: found.slice(0, limit), more: found.length > limit });
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
            var all = plan.spellings.every(function (options) {
              return held(doc, options, plan) !== null;
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

  /* Parts of the query's terms that do occur, longest first and not overlapping:
   * "给老人上门剪头发的服务" → "老人上门", "头发", "服务". Each is one link. */
  function suggestions(plan) {
    var tries = []; // {term, at, end, text}, longest first
    plan.spellings.forEach(function (options, term) {
      var chars = Array.from(options[0]).slice(0, 12); // parts of a long term: cheap enough
      var longest = plan.spellings.length > 1 ? chars.length : chars.length - 1;
      for (var length = longest; length >= 2; length--) {
        for (var at = 0; at + length <= chars.length; at++) {
          tries.push({ term: term, at: at, end: at + length, text: chars.slice(at, at + length).join("") });
        }
      }
    });
    tries.sort(function (a, b) {
      return b.end - b.at - (a.end - a.at) || a.term - b.term || a.at - b.at;
    });
    var chosen = [];
    function next(i) {
      if (i >= tries.length || chosen.length >= SUGGESTIONS) {
        return Promise.resolve(
          chosen.map(function (part) {
            return part.text;
          })
        );
      }
      var part = tries[i];
      var overlaps = chosen.some(function (other) {
        return other.term === part.term && other.at < part.end && part.at < other.end;
      });
      if (overlaps) {
        return next(i + 1);
      }
      var trial = { inTitles: false, spellings: [[part.text]], restricting: [[part.text]] }; // as typed
      return candidates(trial)
        .then(function (numbers) {
          return verified(numbers, trial, 1, CHUNKS_AT_ONCE); // one result in the first chunks will do
        })
        .then(function (result) {
          if (result.docs.length) {
            chosen.push(part);
          }
          return next(i + 1);
        });
    }
    return next(0);
  }

  function snippet(doc, plan) {
    var term = held(doc, plan.spellings[0], plan) || "";
    var chars = Array.from(doc.text);
    var at = Array.from(doc.text.slice(0, Math.max(doc.text.indexOf(term), 0))).length;
    var length = term && doc.text.indexOf(term) >= 0 ? size(term) : 0;
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

  function show(docs, plan) {
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
      var parts = [field("search-type", meta.labels.types[doc.type])];
      if (doc["in"]) {
        parts.push(field("search-in", doc["in"])); // the council a decision was taken at
      }
      parts.push(field("search-date", doc.date));
      var status = meta.labels.statuses[doc.type][doc.status];
      parts.push(field("search-status status-" + doc.status, status));
      parts.forEach(function (part, i) {
        facts.appendChild(document.createTextNode(i ? " · " : ""));
        facts.appendChild(part);
      });
      item.appendChild(facts);
      item.appendChild(snippet(doc, plan));
      results.appendChild(item);
    });
  }

  /* The notes under the status: one-character queries look in titles; the synonyms tried. */
  function explain(plan) {
    var lines = [];
    if (plan.inTitles) {
      lines.push(text.msgTitles);
    }
    if (plan.tried.length) {
      lines.push(text.msgAlso.replace("{words}", plan.tried.join(text.joiner)));
    }
    note.textContent = lines.join(" ");
    note.hidden = lines.length === 0;
  }

  function suggest(parts) {
    var list = suggestLine.querySelector(".search-suggestions");
    list.textContent = "";
    parts.forEach(function (part) {
      var link = document.createElement("a");
      link.href = "?q=" + encodeURIComponent(part);
      link.textContent = part;
      list.appendChild(link);
      list.appendChild(document.createTextNode(" "));
    });
    suggestLine.hidden = parts.length === 0;
  }

  function say(message) {
    statusLine.textContent = message;
  }

  function reset() {
    results.textContent = "";
    note.hidden = help.hidden = true;
  }

  function search(query) {
    var number = ++latest;
    var terms = normalize(query)
      .split(" ")
      .filter(function (term) {
        return term.length > 0;
      });
    var plan = null;
    reset();
    if (terms.length === 0) {
      say(query.trim() ? text.msgShort : "");
      return Promise.resolve([]);
    }
    say(text.msgLoading);
    return loadMeta()
      .then(function () {
        plan = planOf(terms);
        return plan ? candidates(plan) : [];
      })
      .then(function (numbers) {
        return plan ? verified(numbers, plan, LIMIT) : { docs: [], more: false };
      })
      .then(function (result) {
        if (number !== latest) {
          return [];
        }
        if (!plan) {
          say(text.msgShort);
          return [];
        }
        var count = String(result.docs.length);
        if (result.more) {
          say(text.msgMore.replace("{count}", count));
        } else {
          say(result.docs.length ? text.msgCount.replace("{count}", count) : text.msgNone);
        }
        explain(plan);
        show(result.docs, plan);
        if (browse) {
          browse.hidden = result.docs.length > 0;
        }
        if (result.docs.length) {
          return result.docs;
        }
        return suggestions(plan).then(function (parts) {
          if (number === latest) {
            suggest(parts);
            help.hidden = false;
          }
          return [];
        });
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
