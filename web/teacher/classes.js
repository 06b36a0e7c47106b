/* The class list and the "make a class" form. */
(function () {
  "use strict";

  var T = window.KitTeacher;

  function classItem(item) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = "/teacher/classes/" + item.id;
    link.id = "class-link-" + item.id;
    link.textContent = item.name;
    var details = document.createElement("span");
    details.textContent = " · ages " + item.age_band + " · code ";
    var code = document.createElement("span");
    code.className = "code";
    code.textContent = item.code;
    li.appendChild(link);
    li.appendChild(details);
    li.appendChild(code);
    if (item.closed) {
      var closed = document.createElement("span");
      closed.textContent = " (closed)";
      li.appendChild(closed);
    }
    return li;
  }

  function showClasses() {
    return T.api("/api/teacher/classes").then(function (result) {
      if (result.status !== 200) {
        document.getElementById("classes-status").textContent = T.errorText(result);
        return;
      }
      var list = document.getElementById("class-list");
      list.textContent = "";
      result.data.classes.forEach(function (item) {
        list.appendChild(classItem(item));
      });
      document.getElementById("no-classes").hidden = result.data.classes.length > 0;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    T.start().then(function (me) {
      if (!me) {
        return;
      }
      showClasses();
      var form = document.getElementById("new-class-form");
      var error = document.getElementById("new-class-error");
      T.onSubmit(form, function () {
        error.textContent = "";
        var body = {
          name: document.getElementById("class-name").value.trim(),
          age_band: document.getElementById("class-age-band").value,
        };
        if (!body.name) {
          error.textContent = "Please give the class a name.";
          document.getElementById("class-name").focus();
          return;
        }
        T.api("/api/teacher/classes", { method: "POST", body: body }).then(function (result) {
          if (result.status === 201) {
            window.location.assign("/teacher/classes/" + result.data.id);
          } else {
            error.textContent = T.errorText(result);
          }
        });
      });
    });
  });
})();
