/*
 * The DSL's school-wide alert queue: polled every few seconds, each alert with
 * its class, coarse time, state and who moved it on, and what to do next;
 * the tab title, an optional sound and a desktop notification tell of new
 * ones. Below it, which teachers also see alerts.
 */
(function () {
  "use strict";

  var T = window.KitTeacher;
  var POLL_MS = 4000;
  var STATE_WORDS = { "new": "New", seen: "Seen", acted: "Acted on" };
  var notifier = null;

  function byId(id) {
    return document.getElementById(id);
  }

  function textNode(tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) {
      node.className = className;
    }
    return node;
  }

  function who(alert) {
    var parts = [];
    if (alert.seen_by) {
      parts.push("Seen by " + alert.seen_by + " at " + T.minuteText(alert.seen_at) + ".");
    }
    if (alert.acted_by) {
      parts.push("Acted on by " + alert.acted_by + " at " + T.minuteText(alert.acted_at) + ".");
    }
    return parts.join(" ");
  }

  function moveButton(alert, state, label) {
    var button = textNode("button", label, state === "seen" ? "secondary" : "");
    button.type = "button";
    button.id = state + "-" + alert.id;
    button.setAttribute("aria-describedby", "queue-" + alert.id + "-title");
    button.addEventListener("click", function () {
      T.api("/api/teacher/alerts/" + alert.id + "/" + state, { method: "POST" }).then(function (result) {
        byId("queue-status").textContent = result.status === 200
          ? "Marked as " + STATE_WORDS[result.data.state].toLowerCase() + "."
          : T.errorText(result);
        return showQueue();
      }).then(function () {
        var item = byId("queue-" + alert.id);
        if (item) {
          item.focus();
        }
      });
    });
    return button;
  }

  function queueItem(alert) {
    var li = document.createElement("li");
    li.id = "queue-" + alert.id;
    li.tabIndex = -1;
    li.className = "state-" + alert.state + (alert.state === "new" ? "" : " acknowledged");
    var title = textNode("h3", T.alertLabel(alert.category));
    title.id = "queue-" + alert.id + "-title";
    li.appendChild(title);
    var facts = (alert.class_name ? "Class: " + alert.class_name : "No class (the demo page or a closed code)") +
      " \u2013 " + T.hourLabel(alert.hour) + ". State: " + STATE_WORDS[alert.state] + ".";
    li.appendChild(textNode("p", facts));
    if (alert.seen_by || alert.acted_by) {
      li.appendChild(textNode("p", who(alert)));
    }
    var details = document.createElement("details");
    details.open = alert.state !== "acted";
    details.appendChild(textNode("summary", "What to do next"));
    var steps = document.createElement("ol");
    alert.next_steps.forEach(function (step) {
      steps.appendChild(textNode("li", step));
    });
    details.appendChild(steps);
    li.appendChild(details);
    if (alert.state === "new") {
      li.appendChild(moveButton(alert, "seen", "Mark as seen"));
    }
    if (alert.state !== "acted") {
      li.appendChild(moveButton(alert, "acted", "Mark as acted on"));
    }
    return li;
  }

  function showQueue() {
    return T.api("/api/teacher/alerts").then(function (result) {
      if (result.status !== 200) {
        byId("queue-status").textContent = T.errorText(result);
        return;
      }
      var list = byId("queue-list");
      var focused = document.activeElement && document.activeElement.id;
      list.textContent = "";
      result.data.alerts.forEach(function (alert) {
        list.appendChild(queueItem(alert));
      });
      byId("queue-empty").hidden = result.data.alerts.length > 0;
      notifier.update(result.data.alerts.filter(function (a) { return a.state === "new"; }).map(function (a) { return a.id; }));
      if (focused && byId(focused)) {
        byId(focused).focus();
      }
    });
  }

  function staffRow(person) {
    var tr = document.createElement("tr");
    tr.appendChild(textNode("td", person.email + (person.disabled ? " (disabled)" : "")));
    var role = person.is_dsl ? "Designated safeguarding lead" : person.is_admin ? "School admin" : "Teacher";
    tr.appendChild(textNode("td", role));
    var cell = document.createElement("td");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.id = "sees-" + person.id;
    box.checked = person.sees_alerts;
    box.disabled = person.is_dsl;
    box.setAttribute("aria-label", person.email + " sees alerts");
    box.addEventListener("change", function () {
      T.api("/api/teacher/staff/" + person.id, { method: "POST", body: { sees_alerts: box.checked } }).then(function (result) {
        byId("staff-status").textContent = result.status === 200
          ? person.email + (result.data.sees_alerts ? " now sees" : " no longer sees") + " their classes' alerts."
          : T.errorText(result);
      });
    });
    cell.appendChild(box);
    tr.appendChild(cell);
    return tr;
  }

  function showStaff() {
    T.api("/api/teacher/staff").then(function (result) {
      if (result.status !== 200) {
        return;
      }
      var rows = byId("staff-rows");
      rows.textContent = "";
      result.data.staff.forEach(function (person) {
        rows.appendChild(staffRow(person));
      });
      byId("staff-section").hidden = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    T.start().then(function (me) {
      if (!me) {
        return;
      }
      if (!me.is_dsl) {
        byId("queue-status").textContent = "Only the school's designated safeguarding lead (DSL) sees this page. " +
          "Ask whoever runs Kit if you should be one.";
        byId("alert-notify").hidden = true;
        return;
      }
      notifier = T.alertNotifier(byId("alert-notify"), "queue-status");
      showQueue();
      showStaff();
      window.setInterval(showQueue, POLL_MS);
    });
  });
})();
