/*
 * The course player's page: reports the time the learner spends on the module (x_player_record_time),
 * counts down a module's minimum time before "Mark complete" opens, and keeps a video from being
 * skipped forward where the module says so (in-house <video>, YouTube, Vimeo and Bunny embeds).
 * Time stops counting while the page is hidden or the learner is idle (data-idle-after seconds).
 * The server stays the judge: it credits at most the time really passed and refuses an early completion.
 */
(function () {
  "use strict";

  var player = document.querySelector("[data-player]");
  if (!player) return;

  var REPORT_EVERY_SECONDS = 30;
  var statusRowId = Number(player.dataset.statusRow);
  var timeUrl = player.dataset.timeUrl;
  var csrfToken = player.dataset.csrf;
  var remaining = Number(player.dataset.timeToSpend || 0);
  var unreported = 0;
  var completeForm = document.querySelector(".complete-form");
  var completeButton = document.querySelector("[data-complete]");
  var countdown = document.querySelector("[data-countdown]");
  var watchedInput = completeForm ? completeForm.querySelector("input[name=watched]") : null;

  function report(options) {
    if (!unreported) return Promise.resolve();
    var seconds = unreported;
    unreported = 0;
    return fetch(timeUrl, {
      method: "POST",
      credentials: "same-origin",
      keepalive: Boolean(options && options.keepalive),
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify({ statusRowId: statusRowId, seconds: seconds }),
    }).then(function (response) {
      if (!response.ok) return;
      return response.json().then(function (body) {
        var status = document.querySelector(".module-status");
        if (status && body.status) status.textContent = body.status;
      });
    }).catch(function () {
      unreported += seconds; // offline for a moment: keep the time for the next report
    });
  }

  function clock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  // A learner who neither moves, types, scrolls nor watches for a while has stepped away: that time is
  // not theirs on the module. A playing video counts as activity.
  var idleAfterSeconds = Number(player.dataset.idleAfter || 300);
  var lastActivity = Date.now();
  function active() { lastActivity = Date.now(); }
  ["pointermove", "pointerdown", "keydown", "scroll", "wheel", "touchstart"].forEach(function (name) {
    window.addEventListener(name, active, { passive: true });
  });

  function playing() {
    var media = document.querySelector("video[data-video]");
    return media !== null && !media.paused && !media.ended;
  }

  function tick() {
    if (document.hidden) return;
    if (playing()) active();
    if (Date.now() - lastActivity > idleAfterSeconds * 1000) return;
    unreported += 1;
    if (remaining > 0) {
      remaining -= 1;
      if (countdown) {
        countdown.textContent = remaining > 0
          ? "Spend " + clock(remaining) + " more on this module."
          : "";
      }
      if (remaining === 0) {
        report().then(function () {
          if (completeButton) completeButton.disabled = false;
        });
      }
    }
    if (unreported >= REPORT_EVERY_SECONDS) report();
  }

  setInterval(tick, 1000);
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) report({ keepalive: true });
  });
  window.addEventListener("pagehide", function () { report({ keepalive: true }); });

  if (completeForm) {
    // The time not yet reported travels with the form, so the server counts it before it judges.
    completeForm.addEventListener("submit", function () {
      completeForm.querySelector("input[name=seconds]").value = String(unreported);
      unreported = 0;
    });
  }

  /* --- Video: the furthest point watched, and no skipping past it when forward seek is off --- */

  var furthest = 0;

  function watched(seconds) {
    if (seconds > furthest) furthest = seconds;
    if (watchedInput) watchedInput.value = String(Math.floor(furthest));
  }

  var video = document.querySelector("video[data-video]");
  if (video) {
    var blockSeek = video.hasAttribute("data-no-forward-seek");
    video.addEventListener("timeupdate", function () {
      if (!video.seeking && video.currentTime - furthest < 2) watched(video.currentTime);
    });
    video.addEventListener("seeking", function () {
      if (blockSeek && video.currentTime > furthest + 1) video.currentTime = furthest;
    });
    video.addEventListener("ended", function () { watched(video.duration || furthest); });
  }

  /* Embedded players speak postMessage; these are the messages their own JS libraries send
     (YouTube's IFrame API, Vimeo's player.js, and the player.js standard Bunny Stream implements). */
  var embed = document.querySelector("iframe[data-embed]");
  var PROTOCOLS = {
    youtube: {
      origin: "https://www.youtube-nocookie.com",
      start: function () { return [{ event: "listening", id: 1, channel: "widget" }]; },
      seek: function (seconds) { return { event: "command", func: "seekTo", args: [seconds, true], id: 1, channel: "widget" }; },
      position: function (data) {
        return data.event === "infoDelivery" && data.info && typeof data.info.currentTime === "number"
          ? data.info.currentTime : null;
      },
    },
    vimeo: {
      origin: "https://player.vimeo.com",
      ready: function (data) { return data.event === "ready"; },
      start: function () {
        return [{ method: "addEventListener", value: "timeupdate" }, { method: "addEventListener", value: "seeked" }];
      },
      seek: function (seconds) { return { method: "setCurrentTime", value: seconds }; },
      position: function (data) {
        return (data.event === "timeupdate" || data.event === "seeked") && data.data ? data.data.seconds : null;
      },
    },
    bunny: {
      origin: "https://iframe.mediadelivery.net",
      ready: function (data) { return data.context === "player.js" && data.event === "ready"; },
      start: function () {
        return [{ context: "player.js", version: "0.0.11", method: "addEventListener", value: "timeupdate", listener: "lectern" }];
      },
      seek: function (seconds) { return { context: "player.js", version: "0.0.11", method: "setCurrentTime", value: seconds }; },
      position: function (data) {
        return data.context === "player.js" && data.event === "timeupdate" && data.value ? data.value.seconds : null;
      },
    },
  };
  var protocol = embed ? PROTOCOLS[embed.dataset.embed] : null;
  if (protocol) {
    var blockEmbedSeek = embed.hasAttribute("data-no-forward-seek");
    var send = function (message) {
      if (embed.contentWindow) embed.contentWindow.postMessage(JSON.stringify(message), protocol.origin);
    };
    var listen = function () { protocol.start().forEach(send); };
    // The player may load before this script runs (its "load" or "ready" then went unseen): ask until
    // it answers, as the providers' own libraries do.
    var heard = false;
    var asking = setInterval(function () { if (heard) clearInterval(asking); else listen(); }, 250);
    setTimeout(function () { clearInterval(asking); }, 20000);

    window.addEventListener("message", function (event) {
      if (event.origin !== protocol.origin) return;
      heard = true;
      var data;
      try { data = typeof event.data === "string" ? JSON.parse(event.data) : event.data; } catch (e) { return; }
      if (!data) return;
      if (protocol.ready && protocol.ready(data)) { listen(); return; }
      var seconds = protocol.position(data);
      if (typeof seconds !== "number") return;
      if (blockEmbedSeek && seconds > furthest + 2) send(protocol.seek(furthest));
      else watched(seconds);
    });
  }
})();
