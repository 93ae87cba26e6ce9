// The Camunda Forms editor page: form-js's editor with its properties panel in .model-properties, or the
// form as the task page shows it, read only, for a reviewer (data-readonly="true").

import { FormEditor } from '@bpmn-io/form-js-editor';
import { Form } from '@bpmn-io/form-js-viewer';

import { startEditorPage } from './shared/editor-page.js';
import { formFieldNode } from './shared/form-fields.js';
import { pendingInput } from './shared/pending-input.js';

// the exporter the repository's forms carry (forms/*.form)
const EXPORTER = { name: 'Patchflow', version: '0.1' };

startEditorPage(async ({ canvas, properties, readOnly }) => {
  if (readOnly) {
    return viewerAdapter(new Form({ container: canvas, properties: { readOnly: true } }), canvas);
  }
  const input = pendingInput();
  const editor = new FormEditor({
    container: canvas,
    exporter: EXPORTER,
    propertiesPanel: properties ? { parent: properties } : undefined,
    additionalModules: [input.formModule]
  });
  return editorAdapter(editor, canvas, input);
});

function editorAdapter(editor, container, input) {
  const marked = new Map();
  const mark = (marker, ids) => {
    for (const node of marked.get(marker) || []) {
      node.classList.remove(marker);
    }
    const nodes = ids.map((id) => container.querySelector(`.fjs-element[data-id="${CSS.escape(id)}"]`)).filter(Boolean);
    nodes.forEach((node) => node.classList.add(marker));
    marked.set(marker, nodes);
  };
  return {
    async open(text) {
      const result = await editor.importSchema(JSON.parse(text));
      labelPaletteSearch(container);
      return result;
    },
    beforeSave() {
      input.commit();
    },
    async content() {
      return JSON.stringify(editor.saveSchema(), null, 2) + '\n';
    },
    onChange(listener) {
      editor.on('commandStack.changed', (event) => {
        if (event.trigger !== 'clear') {
          listener();
        }
      });
    },
    markFindings(ids) {
      mark('model-finding', ids);
    },
    focus(id) {
      const field = editor.get('formFieldRegistry').get(id);
      if (!field) {
        return false;
      }
      editor.get('selection').set(field);
      mark('model-finding-focus', [id]);
      const node = container.querySelector(`.fjs-element[data-id="${CSS.escape(id)}"]`);
      if (node) {
        node.scrollIntoView({ block: 'center', inline: 'nearest' });
      }
      return true;
    }
  };
}

// form-js's palette search field has a placeholder and no label: a screen reader would announce an unnamed
// text field (the pages' rule: every field has a label)
function labelPaletteSearch(container) {
  container.querySelectorAll('input.fjs-palette-search:not([aria-label])').forEach((input) => {
    input.setAttribute('aria-label', input.placeholder || 'Search components');
  });
}

function viewerAdapter(form, container) {
  let schema;
  return {
    async open(text) {
      schema = JSON.parse(text);
      return form.importSchema(schema);
    },
    async content() {
      return JSON.stringify(schema, null, 2) + '\n';
    },
    onChange() {
      // a viewer changes nothing
    },
    focus(id) {
      const node = formFieldNode(container, id);
      if (!node) {
        return false;
      }
      container.querySelectorAll('.model-finding-focus').forEach((other) => other.classList.remove('model-finding-focus'));
      node.classList.add('model-finding-focus');
      node.scrollIntoView({ block: 'center', inline: 'nearest' });
      return true;
    }
  };
}
