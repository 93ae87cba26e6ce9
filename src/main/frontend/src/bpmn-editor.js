// The BPMN editor page: bpmn-js with the Camunda 7 properties panel, or a viewer for a reviewer
// (data-readonly="true"). Driven by #model-editor's data attributes (shared/editor-page.js).

import BpmnModeler from 'bpmn-js/lib/Modeler';
import BpmnViewer from 'bpmn-js/lib/NavigatedViewer';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule,
  CamundaPlatformTooltipProvider
} from 'bpmn-js-properties-panel';
import CamundaBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';

import { delegateHelp, loadCatalogue } from './shared/delegate-help.js';
import { startEditorPage } from './shared/editor-page.js';
import { pendingInput } from './shared/pending-input.js';
import { drawn, isRoot, markerSet } from './shared/markers.js';

startEditorPage(async ({ root, canvas, properties, readOnly }) => {
  if (readOnly) {
    return bpmnAdapter(new BpmnViewer({ container: canvas, moddleExtensions: { camunda: camundaModdle } }));
  }
  const catalogue = await loadCatalogue(root.dataset.catalogueUrl);
  const input = pendingInput();
  const modeler = new BpmnModeler({
    container: canvas,
    propertiesPanel: {
      parent: properties,
      tooltip: CamundaPlatformTooltipProvider,
      description: { delegateExpression: delegateHelp(catalogue) }
    },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      CamundaPlatformPropertiesProviderModule,
      CamundaBehaviorsModule,
      input.panelModule
    ],
    moddleExtensions: { camunda: camundaModdle }
  });
  return bpmnAdapter(modeler, input);
});

function bpmnAdapter(bpmnjs, input) {
  const markFindings = markerSet(bpmnjs, 'model-finding');
  const markFocus = markerSet(bpmnjs, 'model-finding-focus');
  return {
    async open(xml) {
      const result = await bpmnjs.importXML(xml);
      openReadable(bpmnjs.get('canvas'), bpmnjs.get('elementRegistry'));
      return result;
    },
    async content() {
      return (await bpmnjs.saveXML({ format: true })).xml;
    },
    onChange(listener) {
      bpmnjs.on('commandStack.changed', (event) => {
        if (event.trigger !== 'clear') {
          listener();
        }
      });
    },
    beforeSave() {
      if (input) {
        input.commit();
      }
      const directEditing = bpmnjs.get('directEditing', false);
      if (directEditing && directEditing.isActive()) {
        directEditing.complete();
      }
    },
    markFindings,
    focus(id) {
      const element = drawn(bpmnjs.get('elementRegistry'), id);
      if (!element) {
        return false;
      }
      const selection = bpmnjs.get('selection');
      if (isRoot(element)) {
        // nothing selected: the properties panel shows the process itself
        bpmnjs.get('canvas').setRootElement(element);
        selection.select([]);
        markFocus([]);
        return true;
      }
      showReadable(bpmnjs.get('canvas'), element);
      selection.select(element);
      markFocus([element.id]);
      return true;
    }
  };
}

// The whole of a large model, fitted into the page, is too small to read (issue 13): then the editor opens at a
// readable size at the model's start, on the left, and a finding picked from the list is shown at that size too.
const READABLE = 0.6;
const OPENING = 0.75;

function openReadable(canvas, registry) {
  canvas.zoom('fit-viewport', 'auto');
  if (canvas.zoom() < READABLE) {
    const { inner, outer } = canvas.viewbox();
    const width = outer.width / OPENING;
    const height = outer.height / OPENING;
    const root = canvas.getRootElement();
    const start = registry.find((element) => element.type === 'bpmn:StartEvent' && (element.parent === root || (element.parent && element.parent.parent === root)));
    const middle = start ? start.y + start.height / 2 : inner.y + inner.height / 2;
    // room on the left for the palette
    canvas.viewbox({ x: inner.x - 140 / OPENING, y: middle - height / 2, width, height });
  }
}

// the element in the middle of the view, zoomed in far enough to read it
function showReadable(canvas, element) {
  canvas.scrollToElement(element);
  if (canvas.zoom() < READABLE) {
    const { outer } = canvas.viewbox();
    const points = element.waypoints || [{ x: element.x, y: element.y }, { x: element.x + element.width, y: element.y + element.height }];
    const xs = points.map((point) => point.x);
    const ys = points.map((point) => point.y);
    const width = outer.width / OPENING;
    const height = outer.height / OPENING;
    canvas.viewbox({
      x: (Math.min(...xs) + Math.max(...xs)) / 2 - width / 2,
      y: (Math.min(...ys) + Math.max(...ys)) / 2 - height / 2,
      width,
      height
    });
  }
}
