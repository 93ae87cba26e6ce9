// Renders the task's Camunda Form with form-js and submits it. The server validates again.
// Every address comes from the page or the server's answer, so the page works under a context path.
(function () {
  const container = document.getElementById('form');
  const errorBox = document.getElementById('form-error');
  const schema = JSON.parse(container.dataset.schema);
  const csrfToken = document.querySelector('meta[name="_csrf"]').content;
  const csrfHeader = document.querySelector('meta[name="_csrf_header"]').content;

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  const button = document.getElementById('complete-task');

  FormViewer.createForm({ container: container, schema: schema, data: {} }).then(function (form) {
    button.addEventListener('click', function () { form.submit(); });
    form.on('submit', function (event) {
      if (Object.keys(event.errors).length > 0) {
        showError('Please complete the highlighted fields.');
        return;
      }
      button.disabled = true;
      errorBox.hidden = true;
      const headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
      headers[csrfHeader] = csrfToken;
      fetch(container.dataset.completeUrl, {
        method: 'POST', headers: headers, credentials: 'same-origin',
        body: JSON.stringify({ variables: event.data })
      }).then(function (response) {
        return response.json().then(function (body) {
          if (response.ok) {
            window.location.assign(body.next);
          } else {
            button.disabled = false;
            showError(body.detail || ('The server refused the decision (HTTP ' + response.status + ').'));
          }
        });
      }).catch(function (e) {
        button.disabled = false;
        showError('The decision could not be sent: ' + e.message);
      });
    });
  }).catch(function (e) { showError('The form could not be shown: ' + e.message); });
})();
