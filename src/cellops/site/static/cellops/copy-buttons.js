// Copy buttons: a button with data-copy="ID" copies the field ID's text and says so in
// #copy-status. The buttons stay hidden without JavaScript (the field can still be selected).
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    var field = document.getElementById(button.dataset.copy);
    var status = document.getElementById("copy-status");
    field.select();
    var done = function () { status.textContent = "Copied: " + field.value; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { status.textContent = "Select the title and copy it."; });
    } else {
      status.textContent = "The title is selected: copy it with your keyboard.";
    }
  });
});
