/* Read aloud (朗读): the page's main content, through the browser's own speech synthesis.
   Nothing leaves the device: no outside service. The controls stay hidden where the browser
   has no speech synthesis. What is read, in order: every element marked data-read (the title,
   the status, the dates and facts, the text), as the page shows it. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var box = document.querySelector(".read-aloud");
  if (!box || !synth || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var play = box.querySelector("[data-speak=play]");
  var pause = box.querySelector("[data-speak=pause]");
  var stop = box.querySelector("[data-speak=stop]");
  var language = document.documentElement.lang || "zh-CN";
  var paused = false;
  box.hidden = false;

  // Long utterances are cut off by some engines: read sentence by sentence.
  function sentences(text) {
    var parts = text.match(/[^。！？!?；;\n]+[。！？!?；;]?[”’」』）)]*/g) || [];
    return parts.map(function (part) { return part.trim(); }).filter(Boolean);
  }

  function textOf(element) {
    return (element.innerText || element.textContent || "").replace(/\s+/g, " ").trim();
  }

  function voice() {
    var prefix = language.slice(0, 2).toLowerCase();
    var voices = synth.getVoices ? synth.getVoices() : [];
    for (var i = 0; i < voices.length; i += 1) {
      if ((voices[i].lang || "").replace("_", "-").toLowerCase() === language.toLowerCase()) {
        return voices[i];
      }
    }
    for (var j = 0; j < voices.length; j += 1) {
      if ((voices[j].lang || "").toLowerCase().indexOf(prefix) === 0) {
        return voices[j];
      }
    }
    return null;
  }

  function setPaused(value) {
    paused = value;
    pause.textContent = pause.getAttribute(value ? "data-resume" : "data-pause");
  }

  play.addEventListener("click", function () {
    synth.cancel();
    setPaused(false);
    var chosen = voice();
    var parts = document.querySelectorAll("[data-read]");
    for (var i = 0; i < parts.length; i += 1) {
      var text = textOf(parts[i]);
      if (!text) {
        continue;
      }
      sentences(text).forEach(function (sentence) {
        var utterance = new window.SpeechSynthesisUtterance(sentence);
        utterance.lang = language;
        if (chosen) {
          utterance.voice = chosen;
        }
        synth.speak(utterance);
      });
    }
  });
  pause.addEventListener("click", function () {
    if (paused) {
      synth.resume();
      setPaused(false);
    } else {
      synth.pause();
      setPaused(true);
    }
  });
  stop.addEventListener("click", function () {
    synth.cancel();
    setPaused(false);
  });
})();
