// Requests of the editor pages: same-origin, with the CSRF token the layout puts in its <meta> tags.

function csrfHeaders() {
  const token = document.querySelector('meta[name="_csrf"]');
  const header = document.querySelector('meta[name="_csrf_header"]');
  return token && header ? { [header.content]: token.content } : {};
}

/** The text at a URL; a failure names the status, as the page shows it to the analyst. */
export async function getText(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json, application/xml, text/plain, */*' } });
  if (!response.ok) {
    throw new Error(await failure(response));
  }
  return response.text();
}

export async function getJson(url) {
  return JSON.parse(await getText(url));
}

/**
 * Sends JSON and answers { ok, status, body }: body is the parsed JSON answer, or { message } when the
 * server answered something else (an error page, a proxy's text). A network failure rejects.
 */
export async function sendJson(method, url, payload) {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...csrfHeaders() },
    body: JSON.stringify(payload)
  });
  return { ok: response.ok, status: response.status, body: await jsonBody(response) };
}

async function jsonBody(response) {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object') {
      return body;
    }
  } catch (notJson) {
    // an error page: the status says what happened
  }
  return { message: statusText(response) };
}

async function failure(response) {
  const body = await jsonBody(response);
  return body.message || body.detail || statusText(response);
}

function statusText(response) {
  return response.status + (response.statusText ? ' ' + response.statusText : '');
}
