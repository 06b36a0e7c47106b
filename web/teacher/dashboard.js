/*
 * One class's dashboard: safeguarding alerts (polled), the topic bar chart
 * (SVG drawn here, no library), the table and CSV link, lesson stories with
 * the class's suppressed choice counts, and the join code.
 */
(function () {
  "use strict";

  var T = window.KitTeacher;
  var SVG = "http://www.w3.org/2000/svg";
  var POLL_MS = 15000;
  var classId = (/^\/teacher\/classes\/(\d+)\/?$/.exec(window.location.pathname) || [])[1];
  var base = "/api/teacher/classes/" + classId;
  var notifier = null; // tab title, sound and notification for new alerts (teacher.js)
  var codeClosed = false; // as last shown: "Make a new code" then reopens the class
  var currentCode = "";

  function byId(id) {
    return document.getElementById(id);
  }

  function status(text) {
    byId("class-status").textContent = text;
  }

  // ---------------------------------------------------------------- class

  function showCode(code, closed) {
    var holder = byId("class-code");
    holder.textContent = "";
    if (closed) {
      var old = document.createElement("s"); // still readable, in case a pupil asks about it
      old.textContent = code;
      holder.appendChild(old);
      holder.appendChild(document.createTextNode(" (closed)"));
    } else {
      holder.textContent = code;
    }
  }

  // A closed code's link and QR code only tell pupils the class is not open any
  // more, so they are not offered for the board: the note and "Make a new code" are.
  function showClass(item) {
    codeClosed = item.closed;
    currentCode = item.code;
    byId("show-board").disabled = item.closed;
    byId("class-name").textContent = item.name;
    document.title = item.name + " – Kit for teachers";
    showCode(item.code, item.closed);
    byId("class-age-band").textContent = item.age_band;
    // No join link without KIT_PUBLIC_URL when the page was not opened on Kit's own machine.
    var noLink = item.closed || !item.join_url;
    byId("join-url").textContent = item.join_url || "";
    byId("join-url").href = item.join_url || "#";
    byId("join-link").hidden = noLink;
    var qr = byId("join-qr");
    if (noLink) {
      qr.removeAttribute("src"); // the server has no QR code for a closed code or without a link
    } else {
      qr.src = base + "/qr.svg?code=" + encodeURIComponent(item.code);
    }
    qr.hidden = noLink;
    byId("closed-note").hidden = !item.closed;
    var rotate = byId("rotate-code");
    rotate.classList.toggle("secondary", !item.closed); // the next step once closed
    if (item.closed) {
      rotate.setAttribute("aria-describedby", "closed-note");
    } else {
      rotate.removeAttribute("aria-describedby");
    }
    byId("close-class").disabled = item.closed;
  }

  // The board view: the code in large type and the QR code filling the screen,
  // as shown in a modal dialog (Esc closes it) and full screen where allowed.
  function showBoard() {
    var board = byId("board");
    var qr = byId("join-qr");
    byId("board-code").textContent = currentCode;
    byId("board-qr").hidden = qr.hidden;
    if (!qr.hidden) {
      byId("board-qr").src = qr.src;
    }
    byId("board-link").textContent = qr.hidden ? "" : byId("join-url").textContent;
    board.showModal();
    if (board.requestFullscreen) {
      board.requestFullscreen().catch(function () {
        // not allowed here: the dialog already fills the window
      });
    }
  }

  function closeBoard() {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(function () {});
    }
    if (byId("board").open) {
      byId("board").close();
    }
  }

  function change(action, confirmText) {
    if (!window.confirm(confirmText)) {
      return;
    }
    var reopening = codeClosed;
    T.api(base + "/" + action, { method: "POST" }).then(function (result) {
      if (result.status === 200) {
        showClass(result.data);
        if (action === "close") {
          status("The code is closed.");
          byId("rotate-code").focus(); // the pressed button is disabled now, which would drop focus to the page
        } else {
          status((reopening ? "Pupils can join the class again. " : "") + "New code: " + result.data.code);
        }
      } else {
        status(T.errorText(result));
      }
    });
  }

  // --------------------------------------------------------------- topics

  function svgNode(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function drawChart(topics) {
    var holder = byId("topic-chart");
    holder.textContent = "";
    if (!topics.length) {
      return;
    }
    var rowHeight = 34;
    var labelWidth = 370;
    var barSpace = 380;
    var biggest = Math.max.apply(null, topics.map(function (t) { return t.count; }));
    var svg = svgNode("svg", {
      viewBox: "0 0 " + (labelWidth + barSpace + 120) + " " + topics.length * rowHeight,
      "aria-hidden": "true",
      focusable: "false",
    });
    topics.forEach(function (topic, i) {
      var y = i * rowHeight;
      var width = (barSpace * topic.count) / biggest;
      svg.appendChild(svgNode("text", { x: 0, y: y + 22 }, T.topicLabel(topic.topic)));
      svg.appendChild(svgNode("rect", { x: labelWidth, y: y + 6, width: width, height: rowHeight - 12, class: "bar" }));
      svg.appendChild(svgNode("text", { x: labelWidth + width + 8, y: y + 22 }, topic.display));
    });
    holder.appendChild(svg);
  }

  function fillTable(topics) {
    var rows = byId("topic-rows");
    rows.textContent = "";
    topics.forEach(function (topic) {
      var tr = document.createElement("tr");
      var name = document.createElement("td");
      name.textContent = T.topicLabel(topic.topic);
      var count = document.createElement("td");
      count.textContent = topic.display;
      tr.appendChild(name);
      tr.appendChild(count);
      rows.appendChild(tr);
    });
    byId("topic-table").hidden = topics.length === 0;
    byId("no-topics").hidden = topics.length > 0;
  }

  // "16 Nov to 22 Nov 2026": a week as the API names it (Monday and Sunday, UTC dates).
  function weekLabel(week) {
    var day = { day: "numeric", month: "short", timeZone: "UTC" };
    var start = new Date(week.start + "T00:00:00Z").toLocaleDateString("en-GB", day);
    var end = new Date(week.end + "T00:00:00Z").toLocaleDateString("en-GB", Object.assign({ year: "numeric" }, day));
    return start + " to " + end;
  }

  // Topics and story choices alike come by finished calendar week: the API lists them.
  function fillWeeks(select, weeks, chosen) {
    select.textContent = "";
    weeks.forEach(function (week, i) {
      var option = document.createElement("option");
      option.value = week.start;
      option.textContent = (i === 0 ? "Last week: " : "") + weekLabel(week);
      select.appendChild(option);
    });
    if (chosen) {
      select.value = chosen.start;
    }
  }

  function showTopics() {
    var week = byId("period").value;
    return T.api(base + "/topics" + (week ? "?week=" + encodeURIComponent(week) : "")).then(function (result) {
      if (result.status !== 200) {
        status(T.errorText(result));
        return;
      }
      var threshold = result.data.threshold;
      fillWeeks(byId("period"), result.data.weeks, result.data.week);
      byId("topics-csv").href = base + "/topics.csv" + (result.data.week ? "?week=" + result.data.week.start : "");
      byId("suppression-note").textContent =
        "To protect pupils, a topic raised fewer than " + threshold + " times in a week is not named. " +
        "Together such topics show as “Other topics” once they add up to " + threshold + " or more. " +
        "Each week (Monday to Sunday) appears once it is over and never changes, so no two numbers can be " +
        "compared to work out a smaller one.";
      drawChart(result.data.topics);
      fillTable(result.data.topics);
    });
  }

  // --------------------------------------------------------------- alerts

  function alertItem(alert) {
    var li = document.createElement("li");
    li.id = "alert-" + alert.id;
    li.tabIndex = -1; // focus lands here once its Acknowledge button is gone
    var title = document.createElement("strong");
    title.id = "alert-" + alert.id + "-title";
    title.textContent = T.alertLabel(alert.category);
    var when = document.createElement("span");
    when.textContent = " \u2013 " + T.hourLabel(alert.hour) + ".";
    li.appendChild(title);
    li.appendChild(when);
    if (alert.acknowledged_at) {
      li.className = "acknowledged";
      var who = document.createElement("p");
      var at = document.createElement("time");
      at.dateTime = alert.acknowledged_at;
      at.textContent = T.minuteText(alert.acknowledged_at);
      who.appendChild(document.createTextNode("Acknowledged by " + alert.acknowledged_by + " at "));
      who.appendChild(at);
      who.appendChild(document.createTextNode("."));
      li.appendChild(who);
    } else {
      var button = document.createElement("button");
      button.type = "button";
      button.id = "acknowledge-" + alert.id;
      button.textContent = "Acknowledge";
      button.setAttribute("aria-describedby", title.id); // which alert, when there are several
      button.addEventListener("click", function () {
        T.api(base + "/alerts/" + alert.id + "/acknowledge", { method: "POST" }).then(function (result) {
          if (result.status !== 200) {
            byId("alerts-live").textContent = T.errorText(result);
          }
          return showAlerts();
        }).then(function () {
          var item = byId("alert-" + alert.id);
          if (item) {
            item.focus();
          }
        });
      });
      li.appendChild(button);
    }
    return li;
  }

  // The school's DSL decides who else sees alerts: then the section says where they go.
  function alertsGoElsewhere() {
    byId("alerts-elsewhere").hidden = false;
    ["alert-guidance", "alert-notify", "alert-list"].forEach(function (id) {
      byId(id).hidden = true;
    });
  }

  function showAlerts() {
    return T.api(base + "/alerts").then(function (result) {
      if (result.status === 403) { // the DSL changed who sees alerts since the page was opened
        alertsGoElsewhere();
        return;
      }
      if (result.status !== 200) {
        return;
      }
      var list = byId("alert-list");
      var focused = document.activeElement && document.activeElement.id;
      list.textContent = "";
      result.data.forEach(function (alert) {
        list.appendChild(alertItem(alert));
      });
      notifier.update(result.data.filter(function (a) { return !a.acknowledged_at; }).map(function (a) { return a.id; }));
      byId("no-alerts").hidden = result.data.length > 0;
      if (focused && byId(focused)) {
        byId(focused).focus();
      }
    });
  }

  // -------------------------------------------------------------- stories

  function showStoryChoices() {
    var id = byId("story-select").value;
    var holder = byId("story-choices");
    if (!id) {
      holder.textContent = "";
      return;
    }
    var week = byId("story-period").value;
    var url = base + "/scenarios/" + encodeURIComponent(id) + "/choices";
    T.api(url + (week ? "?week=" + encodeURIComponent(week) : "")).then(function (result) {
      holder.textContent = "";
      if (result.status !== 200) {
        holder.textContent = T.errorText(result);
        return;
      }
      fillWeeks(byId("story-period"), result.data.weeks, result.data.week);
      Array.prototype.forEach.call(document.querySelectorAll(".story-threshold"), function (span) {
        span.textContent = result.data.threshold; // the deployment's KIT_SUPPRESSION_THRESHOLD
      });
      if (!result.data.played) { // not "fewer than 3" everywhere: nobody played it that week
        holder.textContent = result.data.week
          ? "Not played in the week " + weekLabel(result.data.week) + "."
          : "No week is over yet to count choices from.";
        return;
      }
      result.data.steps.forEach(function (step) {
        var table = document.createElement("table");
        var caption = document.createElement("caption");
        caption.textContent = step.text;
        table.appendChild(caption);
        step.choices.forEach(function (choice) {
          var tr = document.createElement("tr");
          var name = document.createElement("td");
          name.textContent = choice.title;
          var count = document.createElement("td");
          count.textContent = choice.display;
          tr.appendChild(name);
          tr.appendChild(count);
          table.appendChild(tr);
        });
        holder.appendChild(table);
        if (step.hidden) { // no numbers at all: the others, or another step's, would give the small one away
          var why = document.createElement("p");
          why.className = "muted story-hidden";
          why.textContent = "No numbers for this step: a choice was made fewer than " + result.data.threshold +
            " times, and the other numbers would give that away.";
          holder.appendChild(why);
        }
      });
    });
  }

  function showStories(data) {
    var select = byId("story-select");
    select.textContent = "";
    data.available.forEach(function (story) {
      var option = document.createElement("option");
      option.value = story.id;
      option.textContent = story.title + " (" + T.topicLabel(story.topic) + ")";
      select.appendChild(option);
    });
    if (data.scenario) {
      select.value = data.scenario.id;
    }
    byId("story-current").textContent = data.scenario
      ? "Offered to the class now: " + data.scenario.title + "."
      : "No story is offered to the class at the moment.";
    byId("story-stop").disabled = !data.scenario;
    showStoryChoices();
  }

  function setStory(id) {
    T.api(base + "/scenario", { method: "POST", body: { scenario: id } }).then(function (result) {
      if (result.status === 200) {
        showStories(result.data);
      } else {
        status(T.errorText(result));
      }
    });
  }

  // ----------------------------------------------------------------- start

  document.addEventListener("DOMContentLoaded", function () {
    T.start().then(function (me) {
      if (!me) {
        return;
      }
      T.api(base).then(function (result) {
        if (result.status !== 200) {
          byId("class-name").textContent = "Class not found";
          status(T.errorText(result));
          return;
        }
        showClass(result.data);
        notifier = T.alertNotifier(byId("alert-notify"), "alerts-live");
        showTopics();
        if (result.data.sees_alerts) {
          showAlerts();
          window.setInterval(showAlerts, POLL_MS);
        } else {
          alertsGoElsewhere();
        }
        byId("period").addEventListener("change", showTopics);
        T.api(base + "/scenario").then(function (stories) {
          if (stories.status === 200) {
            showStories(stories.data);
          }
        });
        T.onSubmit(byId("story-form"), function () {
          setStory(byId("story-select").value);
        });
        byId("story-stop").addEventListener("click", function () {
          setStory(null);
        });
        byId("story-select").addEventListener("change", showStoryChoices);
        byId("story-period").addEventListener("change", showStoryChoices);
        byId("story-refresh").addEventListener("click", showStoryChoices);
        byId("show-board").addEventListener("click", showBoard);
        byId("board-close").addEventListener("click", closeBoard);
        byId("board").addEventListener("close", closeBoard); // Esc closes the dialog; leave full screen too
        byId("rotate-code").addEventListener("click", function () {
          change("rotate", codeClosed
            ? "Make a new code? Pupils will be able to join this class again with the new code and link."
            : "Make a new code? The old code and link will stop working.");
        });
        byId("close-class").addEventListener("click", function () {
          change("close", "Close this code? Pupils using it will chat with Kit without being linked to this class.");
        });
      });
    });
  });
})();
