// Small behaviours of server-rendered pages (no inline script: the pages run under a strict CSP).
document.querySelectorAll('[data-autosubmit]').forEach(function (element) {
  element.addEventListener('change', function () { element.form.submit(); });
});
