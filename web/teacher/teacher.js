/*
 * Shared helpers for Kit's teacher pages: calling the teacher API with the
 * session cookie and the CSRF token, the signed-in header, topic and alert
 * labels, and telling a teacher of new alerts (tab title, sound, notification).
 * Server text is only ever written with textContent.
 */
(function () {
  "use strict";

  var csrfToken = "";

  function signInAgain() {
    window.location.assign("/teacher/login?next=" + encodeURIComponent(window.location.pathname));
  }

  // Resolves to {status, data}; a 401 sends the teacher back to the sign-in page.
  function api(path, options) {
    var opts = options || {};
    var headers = { Accept: "application/json" };
    if (opts.body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (opts.method && opts.method !== "GET") {
      headers["X-CSRF-Token"] = csrfToken;
    }
    return fetch(path, {
      method: opts.method || "GET",
      headers: headers,
      credentials: "same-origin",
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 401 && !opts.allowSignedOut) {
          signInAgain();
        }
        return { status: response.status, data: data };
      });
    });
  }

  function errorText(result) {
    return (result.data && result.data.error) || "Something went wrong. Please try again.";
  }

  // Loads who is signed in (and the CSRF token), fills the header, wires logout.
  function start() {
    return api("/api/teacher/me").then(function (result) {
      if (result.status !== 200) {
        return null;
      }
      csrfToken = result.data.csrf_token;
      var who = document.getElementById("signed-in-as");
      if (who) {
        var roles = [result.data.is_admin && "school admin", result.data.is_dsl && "safeguarding lead"].filter(Boolean);
        who.textContent = "Signed in as " + result.data.email + (roles.length ? " (" + roles.join(", ") + ")" : "");
      }
      var dsl = document.getElementById("dsl-link");
      if (dsl) {
        dsl.hidden = !result.data.is_dsl;
      }
      var logout = document.getElementById("logout");
      if (logout) {
        logout.addEventListener("click", function () {
          api("/api/teacher/logout", { method: "POST" }).then(function () {
            window.location.assign("/teacher/login");
          });
        });
      }
      return result.data;
    });
  }

  var TOPIC_LABELS = {
    grooming: "Grooming and pressure from someone online",
    nudes_sharing: "Nudes and sharing images",
    sextortion: "Sextortion (threats to share images)",
    cyberbullying: "Cyberbullying",
    harmful_content: "Upsetting or harmful content",
    privacy_security: "Privacy and account security",
    meeting_up: "Meeting up with someone from online",
    livestreaming: "Livestreaming",
    gaming: "Gaming",
    worried_about_friend: "Worried about a friend",
    reporting_help: "How to report and get help",
    other_topics: "Other topics (each raised fewer times than the limit)",
  };

  var ALERT_LABELS = {
    disclosure: "A pupil may have told Kit about harm (disclosure)",
    danger: "A pupil may be in danger now",
    self_harm: "A pupil may be thinking about self-harm or suicide",
    sextortion: "A pupil may be being blackmailed with images (sextortion)",
    grooming: "A pupil may be being groomed online",
    known_person_abuse: "A pupil may be being abused by someone they know",
    image_shared: "A pupil's nude or semi-nude image may have been shared",
  };

  // The server gives alert times in whole minutes, so no seconds (they would always read ":00").
  var WHEN = { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" };

  function minuteText(iso) {
    return new Date(iso).toLocaleString("en-GB", WHEN);
  }

  // ------------------------------------------------ telling of new alerts

  var SOUND_KEY = "kit.alertSound";
  var audio = null;

  function beep() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) {
      return;
    }
    audio = audio || new Context();
    audio.resume();
    [0, 0.3].forEach(function (start) {
      var tone = audio.createOscillator();
      var volume = audio.createGain();
      tone.frequency.value = 880;
      volume.gain.value = 0.2;
      tone.connect(volume);
      volume.connect(audio.destination);
      tone.start(audio.currentTime + start);
      tone.stop(audio.currentTime + start + 0.18);
    });
  }

  function soundWanted() {
    try {
      return window.localStorage.getItem(SOUND_KEY) === "on";
    } catch (error) {
      return false; // storage blocked: no sound unless ticked in this visit
    }
  }

  function remember(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (error) {
      // storage blocked: the choice lasts for this page only
    }
  }

  // Fills `holder` with the sound and desktop-notification controls; returns
  // {update(newIds)}: the tab title counts the new (unseen) alerts, and an
  // alert not known before is announced in `liveId`, with the sound and a
  // desktop notification when chosen. Neither says anything about a pupil.
  function alertNotifier(holder, liveId) {
    var known = null;
    var sound = soundWanted();
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.id = "alert-sound";
    box.checked = sound;
    box.addEventListener("change", function () {
      sound = box.checked;
      remember(SOUND_KEY, sound ? "on" : "off");
      if (sound) {
        beep(); // a click is the gesture browsers need before playing sound
      }
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" Play a sound when a new alert comes in"));
    label.className = "inline";
    holder.appendChild(label);
    var note = document.createElement("p");
    note.id = "notify-state";
    if (!("Notification" in window)) {
      note.textContent = "This browser cannot show desktop notifications; the tab title shows new alerts.";
    } else if (Notification.permission === "granted") {
      note.textContent = "Desktop notifications are on for new alerts.";
    } else if (Notification.permission === "denied") {
      note.textContent = "Desktop notifications are blocked in this browser's settings; the tab title shows new alerts.";
    } else {
      var ask = document.createElement("button");
      ask.type = "button";
      ask.id = "notify-on";
      ask.className = "secondary";
      ask.textContent = "Turn on desktop notifications";
      ask.addEventListener("click", function () {
        Notification.requestPermission().then(function (answer) {
          note.textContent = answer === "granted" ? "Desktop notifications are on for new alerts."
            : "Desktop notifications stay off; the tab title shows new alerts.";
          ask.remove();
        });
      });
      holder.appendChild(ask);
    }
    holder.appendChild(note);

    function tell(fresh) {
      document.getElementById(liveId).textContent =
        fresh === 1 ? "New safeguarding alert." : fresh + " new safeguarding alerts.";
      if (sound) {
        beep();
      }
      if ("Notification" in window && Notification.permission === "granted") {
        new Notification("Kit: new safeguarding alert", {
          body: "Open Kit to see what kind of concern it is and what to do next.",
          tag: "kit-alert",
        });
      }
    }

    return {
      update: function (newIds) {
        var title = document.title.replace(/^\(\d+ new\) /, ""); // the page may have retitled itself
        document.title = (newIds.length ? "(" + newIds.length + " new) " : "") + title;
        var fresh = known ? newIds.filter(function (id) { return !known[id]; }).length : 0;
        known = known || {};
        newIds.forEach(function (id) {
          known[id] = true;
        });
        if (fresh) {
          tell(fresh);
        }
      },
    };
  }

  function topicLabel(id) {
    return TOPIC_LABELS[id] || id;
  }

  function alertLabel(id) {
    return ALERT_LABELS[id] || id;
  }

  // Kit keeps only the hour an alert came in: "between 10:00 and 11:00 on Mon 23 Nov".
  function hourLabel(iso) {
    var start = new Date(iso);
    var end = new Date(start.getTime() + 3600000);
    var time = { hour: "2-digit", minute: "2-digit" };
    return "between " + start.toLocaleTimeString("en-GB", time) + " and " + end.toLocaleTimeString("en-GB", time) +
      " on " + start.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short" });
  }

  // Teacher forms are sent by script only. Their submit buttons start disabled
  // in the page and are enabled here, once the handler is attached: a click
  // before that (a slow sign-in check) would submit the form natively, a
  // reload with its fields in the address bar.
  function onSubmit(form, handler) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      handler(event);
    });
    form.querySelectorAll("[type=submit]").forEach(function (button) {
      button.disabled = false;
    });
  }

  window.KitTeacher = {
    api: api,
    start: start,
    onSubmit: onSubmit,
    errorText: errorText,
    topicLabel: topicLabel,
    alertLabel: alertLabel,
    minuteText: minuteText,
    hourLabel: hourLabel,
    alertNotifier: alertNotifier,
  };
})();
