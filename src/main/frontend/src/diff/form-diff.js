// Two versions of a form side by side, as the task page shows them, read only. Fields with an input are
// marked; a text or a group is not (the viewer gives it nothing to find it by), so the page's list of
// changes stays the complete account.

import { Form } from '@bpmn-io/form-js-viewer';

import { formFieldNode } from '../shared/form-fields.js';

export async function show(sides, changes) {
  for (const side of sides) {
    const form = new Form({ container: side.container, properties: { readOnly: true } });
    await form.importSchema(JSON.parse(side.text));
    for (const { id, marker } of side.marks(changes)) {
      const node = formFieldNode(side.container, id);
      if (node) {
        node.classList.add(marker);
      }
    }
  }
}
