// Finding and marking elements across dmn-js's views: the requirements diagram (DRD) draws decisions,
// input data and knowledge sources; each decision's table (or literal expression) is a view of its own,
// whose rules, inputs, outputs and cells carry their ids in data attributes.

import { markerSet } from './markers.js';

const CELLS = (id) => {
  const quoted = CSS.escape(id);
  return `[data-element-id="${quoted}"], [data-row-id="${quoted}"], [data-col-id="${quoted}"]`;
};

/**
 * @param dmnjs a dmn-js Modeler, Viewer or NavigatedViewer
 * @param container the element dmn-js draws into
 * @param root optional: the element that gets data-view, the type of the view shown
 */
export function dmnViews(dmnjs, container, root) {
  // marker class -> ids, applied again whenever a view is rendered: a view switch draws it anew
  const marks = new Map();
  const drdMarkers = new Map();

  function apply() {
    const view = dmnjs.getActiveView();
    if (!view) {
      return;
    }
    if (root) {
      root.dataset.view = view.type;
    }
    for (const [marker, ids] of marks) {
      if (view.type === 'drd') {
        const viewer = dmnjs.getActiveViewer();
        if (!drdMarkers.has(marker) || drdMarkers.get(marker).viewer !== viewer) {
          drdMarkers.set(marker, { viewer, set: markerSet(viewer, marker) });
        }
        drdMarkers.get(marker).set(ids);
      } else {
        container.querySelectorAll('.' + marker).forEach((node) => node.classList.remove(marker));
        for (const id of ids) {
          container.querySelectorAll(CELLS(id)).forEach((node) => node.classList.add(marker));
        }
      }
    }
  }

  dmnjs.on('import.render.complete', ({ view }) => {
    if (view && view.type === 'drd') {
      fit(dmnjs.getActiveViewer().get('canvas'));
    }
    apply();
  });

  function mark(marker, ids) {
    marks.set(marker, ids);
    apply();
  }

  /** Opens the view that holds the element and marks it; false when no view has it. */
  function show(id, marker) {
    const target = locate(dmnjs, id);
    if (!target) {
      return false;
    }
    const active = dmnjs.getActiveView();
    const reveal = () => {
      mark(marker, [id]);
      if (target.view.type === 'drd') {
        const viewer = dmnjs.getActiveViewer();
        const element = viewer.get('elementRegistry').get(id);
        if (element) {
          viewer.get('canvas').scrollToElement(element);
          viewer.get('selection').select(element);
        }
      } else {
        const node = container.querySelector(CELLS(id));
        if (node) {
          node.scrollIntoView({ block: 'center', inline: 'nearest' });
        }
      }
    };
    if (active && active.type === target.view.type && active.element === target.view.element) {
      reveal();
    } else {
      dmnjs.open(target.view).then(reveal, () => {});
    }
    return true;
  }

  return { mark, show };
}

// The whole requirements diagram in view, at most at full size, clear of the palette on the left and of the
// box with the definitions' name at the top left.
function fit(canvas) {
  const { inner, outer } = canvas.viewbox();
  if (!inner.width || !inner.height) {
    return;
  }
  const left = 120;
  const top = 110;
  const scale = Math.min(1, (outer.width - left - 40) / inner.width, (outer.height - top - 40) / inner.height);
  canvas.viewbox({ x: inner.x - left / scale, y: inner.y - top / scale, width: outer.width / scale, height: outer.height / scale });
}

/**
 * The view to show an id in: a DRG element drawn on the DRD is shown there; a decision without a drawing,
 * and anything inside a decision's logic (its table, rules, inputs, outputs, cells), in the decision's view.
 */
function locate(dmnjs, id) {
  const views = dmnjs.getViews();
  const definitions = dmnjs.getDefinitions();
  if (!definitions) {
    return null;
  }
  const drd = views.find((view) => view.type === 'drd');
  if (definitions.id === id) {
    return drd ? { view: drd } : null;
  }
  for (const element of definitions.drgElement || []) {
    const own = views.find((view) => view.element === element && view.type !== 'drd');
    if (element.id === id) {
      if (drd && isDrawn(definitions, id)) {
        return { view: drd };
      }
      return own ? { view: own } : null;
    }
    if (own && contains(element, id)) {
      return { view: own };
    }
  }
  return null;
}

function isDrawn(definitions, id) {
  const diagrams = (definitions.dmnDI && definitions.dmnDI.diagrams) || [];
  return diagrams.some((diagram) => (diagram.diagramElements || []).some((shape) => shape.dmnElementRef && shape.dmnElementRef.id === id));
}

// whether a moddle element holds an element with this id, following containment only (never references)
function contains(element, id, seen = new Set()) {
  if (!element || typeof element !== 'object' || seen.has(element)) {
    return false;
  }
  seen.add(element);
  if (element.id === id) {
    return true;
  }
  const descriptor = element.$descriptor;
  if (!descriptor) {
    return false;
  }
  for (const property of descriptor.properties) {
    if (property.isReference || property.isAttr) {
      continue;
    }
    const value = element.get(property.name);
    const values = Array.isArray(value) ? value : [value];
    if (values.some((child) => child && child.$type && contains(child, id, seen))) {
      return true;
    }
  }
  return false;
}
