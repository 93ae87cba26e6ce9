// Two BPMN versions side by side; moving or zooming one moves the other, so the same place is in view. They
// open on what changed: the whole of a large model, fitted into half a page, is too small to see the marks.

import BpmnViewer from 'bpmn-js/lib/NavigatedViewer';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';

import { drawn } from '../shared/markers.js';

export async function show(sides, changes) {
  const viewers = [];
  const changed = [];
  for (const side of sides) {
    const viewer = new BpmnViewer({ container: side.container, moddleExtensions: { camunda: camundaModdle } });
    await viewer.importXML(side.text);
    const canvas = viewer.get('canvas');
    const registry = viewer.get('elementRegistry');
    for (const { id, marker } of side.marks(changes)) {
      const element = drawn(registry, id);
      if (element) {
        canvas.addMarker(element, marker);
        if (element.parent && canvas.findRoot(element) === canvas.getRootElement()) {
          changed.push(element);
        }
      }
    }
    viewers.push(viewer);
  }
  const last = viewers[viewers.length - 1];
  if (last) {
    showAll(last.get('canvas'), changed);
  }
  follow(viewers);
}

function follow(viewers) {
  let moving = false;
  for (const viewer of viewers) {
    viewer.on('canvas.viewbox.changed', ({ viewbox }) => {
      if (moving) {
        return;
      }
      moving = true;
      try {
        for (const other of viewers) {
          if (other !== viewer) {
            other.get('canvas').viewbox({ x: viewbox.x, y: viewbox.y, width: viewbox.width, height: viewbox.height });
          }
        }
      } finally {
        moving = false;
      }
    });
  }
  if (viewers.length > 1) {
    const box = viewers[viewers.length - 1].get('canvas').viewbox();
    viewers[0].get('canvas').viewbox({ x: box.x, y: box.y, width: box.width, height: box.height });
  }
}

// the changed elements of either side (the versions share their coordinates) in view, at most at full size;
// the whole model when nothing drawn changed
function showAll(canvas, elements) {
  if (elements.length === 0) {
    canvas.zoom('fit-viewport', 'auto');
    return;
  }
  const xs = [];
  const ys = [];
  for (const element of elements) {
    const points = element.waypoints || [{ x: element.x, y: element.y }, { x: element.x + element.width, y: element.y + element.height }];
    points.forEach((point) => {
      xs.push(point.x);
      ys.push(point.y);
    });
  }
  const margin = 80;
  const box = { x: Math.min(...xs) - margin, y: Math.min(...ys) - margin };
  box.width = Math.max(...xs) + margin - box.x;
  box.height = Math.max(...ys) + margin - box.y;
  const { outer } = canvas.viewbox();
  const scale = Math.min(1, outer.width / box.width, outer.height / box.height);
  const width = outer.width / scale;
  const height = outer.height / scale;
  canvas.viewbox({ x: box.x + box.width / 2 - width / 2, y: box.y + box.height / 2 - height / 2, width, height });
}
