// Two DMN versions side by side. Opening a decision on one side opens the same decision on the other.

import DmnViewer from 'dmn-js/lib/NavigatedViewer';
import camundaDmnModdle from 'camunda-dmn-moddle/resources/camunda.json';

import { dmnViews } from '../shared/dmn-views.js';

export async function show(sides, changes) {
  const viewers = [];
  for (const side of sides) {
    const viewer = new DmnViewer({ container: side.container, common: { moddleExtensions: { camunda: camundaDmnModdle } } });
    const views = dmnViews(viewer, side.container);
    await viewer.importXML(side.text);
    const byMarker = new Map();
    for (const { id, marker } of side.marks(changes)) {
      byMarker.set(marker, [...(byMarker.get(marker) || []), id]);
    }
    for (const [marker, ids] of byMarker) {
      views.mark(marker, ids);
    }
    viewers.push(viewer);
  }
  follow(viewers);
}

function follow(viewers) {
  for (const viewer of viewers) {
    viewer.on('views.changed', ({ activeView }) => {
      if (!activeView) {
        return;
      }
      for (const other of viewers) {
        const current = other.getActiveView();
        if (other === viewer || (current && current.id === activeView.id && current.type === activeView.type)) {
          continue;
        }
        const same = other.getViews().find((view) => view.id === activeView.id && view.type === activeView.type);
        if (same) {
          other.open(same).catch(() => {});
        }
      }
    });
  }
}
