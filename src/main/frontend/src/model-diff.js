// The version diff page: the two versions of a model side by side, read only, with the elements the
// diff names marked (diff-added on the after side, diff-removed on the before side, diff-changed on both).
// Driven by #model-diff's data attributes; the viewer for the kind is loaded on demand, so a page loads
// only the library it shows.
//
// #model-diff gets data-state: loading | ready | failed.

import { getJson, getText } from './shared/http.js';

const VIEWS = {
  bpmn: () => import('./diff/bpmn-diff.js'),
  dmn: () => import('./diff/dmn-diff.js'),
  form: () => import('./diff/form-diff.js')
};

const root = document.getElementById('model-diff');
if (root) {
  root.dataset.state = 'loading';
  start(root).then(() => {
    root.dataset.state = 'ready';
  }, (error) => {
    root.dataset.state = 'failed';
    const message = document.createElement('p');
    message.className = 'model-diff-error';
    message.textContent = 'The versions could not be shown: ' + ((error && error.message) || error);
    root.prepend(message);
  });
}

async function start(root) {
  const { kind, beforeUrl, afterUrl, diffUrl } = root.dataset;
  const view = VIEWS[kind];
  if (!view) {
    throw new Error('no viewer for "' + kind + '" models');
  }
  const [module, before, after, diff] = await Promise.all([
    view(),
    beforeUrl ? getText(beforeUrl) : null,
    afterUrl ? getText(afterUrl) : null,
    diffUrl ? getJson(diffUrl) : { changes: [] }
  ]);
  const sides = [
    side(root.querySelector('.diff-before'), before, ['REMOVED', 'CHANGED'], 'Not in this version'),
    side(root.querySelector('.diff-after'), after, ['ADDED', 'CHANGED'], 'Not in this version')
  ];
  await module.show(sides.filter(Boolean), diff.changes || []);
}

// one version: where it is drawn, its text (null: the file does not exist in it), the changes marked on it
function side(container, text, kinds, absent) {
  if (!container) {
    return null;
  }
  if (text === null) {
    const note = document.createElement('p');
    note.className = 'diff-absent';
    note.textContent = absent;
    container.replaceChildren(note);
    return null;
  }
  return {
    container,
    text,
    marks(changes) {
      return changes.filter((change) => kinds.includes(change.change))
        .map((change) => ({ id: change.id, marker: 'diff-' + change.change.toLowerCase() }));
    }
  };
}
