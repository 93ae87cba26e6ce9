// Shows the change's process with the steps it went through and where it is now.
(function () {
  const container = document.getElementById('diagram');
  if (!container) {
    return;
  }
  const split = function (value) { return value ? value.split(',').filter(Boolean) : []; };
  fetch(container.dataset.url, { credentials: 'same-origin' })
    .then(function (response) { return response.text(); })
    .then(function (xml) {
      const viewer = new BpmnJS({ container: container });
      return viewer.importXML(xml).then(function () {
        const canvas = viewer.get('canvas');
        const registry = viewer.get('elementRegistry');
        split(container.dataset.done).forEach(function (id) { if (registry.get(id)) { canvas.addMarker(id, 'done'); } });
        split(container.dataset.active).forEach(function (id) { if (registry.get(id)) { canvas.addMarker(id, 'current'); } });
        canvas.zoom('fit-viewport');
      });
    })
    .catch(function (e) { container.textContent = 'The diagram could not be shown: ' + e.message; });
})();
