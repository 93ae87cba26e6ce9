// Marker classes on diagram-js elements (BPMN, and the DMN requirements diagram), by element id.

/** Keeps one set of elements marked with a class: setting a new set unmarks the old one. */
export function markerSet(viewer, marker) {
  let marked = [];
  return (ids) => {
    const canvas = viewer.get('canvas');
    const registry = viewer.get('elementRegistry');
    for (const element of marked) {
      if (registry.get(element.id) === element) {
        canvas.removeMarker(element, marker);
      }
    }
    marked = ids.map((id) => drawn(registry, id)).filter(Boolean);
    for (const element of marked) {
      canvas.addMarker(element, marker);
    }
    return marked;
  };
}

/**
 * The drawn element for an id, or undefined. A process inside a collaboration is not drawn itself:
 * its participant (pool) stands for it.
 */
export function drawn(registry, id) {
  const element = registry.get(id);
  if (element) {
    return element;
  }
  return registry.find((candidate) => {
    const processRef = candidate.businessObject && candidate.businessObject.processRef;
    return processRef && processRef.id === id;
  });
}

/** The root of a diagram: a process or collaboration has no shape of its own to select. */
export function isRoot(element) {
  return !element.parent && !element.waypoints && element.x === undefined;
}
