/* The sign-in form: POST /api/teacher/login, then on to the page asked for. */
(function () {
  "use strict";

  // Only a teacher page on this site, never an address elsewhere.
  function nextPage() {
    var next = new URLSearchParams(window.location.search).get("next") || "";
    return /^\/teacher(\/[A-Za-z0-9/_-]*)?$/.test(next) ? next : "/teacher";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("login-form");
    var error = document.getElementById("login-error");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      error.textContent = "";
      var body = {
        email: document.getElementById("email").value,
        password: document.getElementById("password").value,
      };
      if (!body.email || !body.password) {
        error.textContent = "Please give your email address and password.";
        return;
      }
      window.KitTeacher.api("/api/teacher/login", { method: "POST", body: body, allowSignedOut: true }).then(function (result) {
        if (result.status === 200) {
          window.location.assign(nextPage());
        } else {
          error.textContent = window.KitTeacher.errorText(result);
          document.getElementById("password").value = "";
          document.getElementById("password").focus();
        }
      });
    });
  });
})();
