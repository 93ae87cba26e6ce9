// The DMN editor page: dmn-js with the Camunda 7 properties panel on the requirements diagram (the
// decision table views have no panel), or a viewer for a reviewer (data-readonly="true").
// #model-editor gets data-view: the type of the view shown (drd, decisionTable, literalExpression, ...).

import DmnModeler from 'dmn-js/lib/Modeler';
import DmnViewer from 'dmn-js/lib/NavigatedViewer';
import {
  CamundaPropertiesProviderModule,
  DmnPropertiesPanelModule,
  DmnPropertiesProviderModule
} from 'dmn-js-properties-panel';
import camundaDmnModdle from 'camunda-dmn-moddle/resources/camunda.json';

import { dmnViews } from './shared/dmn-views.js';
import { startEditorPage } from './shared/editor-page.js';
import { pendingInput } from './shared/pending-input.js';

startEditorPage(async ({ root, canvas, properties, readOnly }) => {
  const common = { moddleExtensions: { camunda: camundaDmnModdle } };
  const input = pendingInput();
  const dmnjs = readOnly ? new DmnViewer({ container: canvas, common }) : new DmnModeler({
    container: canvas,
    common,
    drd: {
      propertiesPanel: { parent: properties },
      additionalModules: [DmnPropertiesPanelModule, DmnPropertiesProviderModule, CamundaPropertiesProviderModule, input.panelModule]
    }
  });
  return dmnAdapter(dmnjs, canvas, root, input);
});

function dmnAdapter(dmnjs, container, root, input) {
  const listeners = [];
  // a viewer per kind of view, made when one is first shown; edits go through that viewer's command stack
  dmnjs.on('viewer.created', ({ viewer }) => {
    viewer.on('commandStack.changed', (event) => {
      if (event.trigger !== 'clear') {
        listeners.forEach((listener) => listener());
      }
    });
  });
  const views = dmnViews(dmnjs, container, root);
  return {
    async open(xml) {
      return dmnjs.importXML(xml);
    },
    beforeSave() {
      input.commit();
    },
    async content() {
      return (await dmnjs.saveXML({ format: true })).xml;
    },
    onChange(listener) {
      listeners.push(listener);
    },
    markFindings(ids) {
      views.mark('model-finding', ids);
    },
    focus(id) {
      return views.show(id, 'model-finding-focus');
    }
  };
}
