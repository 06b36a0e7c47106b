/*
 * Shared helpers for Kit's teacher pages: calling the teacher API with the
 * session cookie and the CSRF token, the signed-in header, topic labels.
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
        who.textContent = "Signed in as " + result.data.email + (result.data.is_admin ? " (school admin)" : "");
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

  function topicLabel(id) {
    return TOPIC_LABELS[id] || id;
  }

  function alertLabel(id) {
    return ALERT_LABELS[id] || id;
  }

  window.KitTeacher = {
    api: api,
    start: start,
    errorText: errorText,
    topicLabel: topicLabel,
    alertLabel: alertLabel,
  };
})();
