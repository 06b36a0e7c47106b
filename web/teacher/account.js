/* Your account: changing your own password (the server ends your other sessions). */
(function () {
  "use strict";

  var T = window.KitTeacher;

  function byId(id) {
    return document.getElementById(id);
  }

  document.addEventListener("DOMContentLoaded", function () {
    T.start().then(function (me) {
      if (!me) {
        return;
      }
      T.onSubmit(byId("password-form"), function () {
        byId("password-error").textContent = "";
        byId("password-status").textContent = "";
        if (byId("new-password").value !== byId("new-password-again").value) {
          byId("password-error").textContent = "The two new passwords are different.";
          byId("new-password-again").focus();
          return;
        }
        T.api("/api/teacher/password", {
          method: "POST",
          body: { current_password: byId("current-password").value, new_password: byId("new-password").value },
        }).then(function (result) {
          if (result.status === 200) {
            byId("password-form").reset();
            byId("password-status").textContent = "Your password is changed. Other browsers you used are signed out.";
          } else {
            byId("password-error").textContent = T.errorText(result);
          }
        });
      });
    });
  });
})();
