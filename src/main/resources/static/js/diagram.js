// Shows the change's process with the steps it went through and where it is now. It opens zoomed to where the
// change is: the whole model, fitted into the page, is too small to read (issue 13). The navigated viewer moves the
// diagram by drag (and Ctrl + arrow keys) and zooms with Ctrl + wheel; the page's buttons zoom for keyboards and
// touch screens, and a sideways swipe moves it on a touch screen.
(function () {
  const container = document.getElementById('diagram');
  if (!container) {
    return;
  }
  const tools = document.getElementById('diagram-tools');
  const split = function (value) { return value ? value.split(',').filter(Boolean) : []; };
  // readable: a task is drawn 100 × 80 px, its name at the page's small-print size
  const READABLE = 1;
  // the viewer's own wheel zoom stops at 4
  const MOST = 4;
  const STEP = 1.25;
  // room around the current position for the labels of events and for a glimpse of what comes next
  const MARGIN = 60;

  fetch(container.dataset.url, { credentials: 'same-origin' })
    .then(function (response) { return response.text(); })
    .then(function (xml) {
      const viewer = new BpmnJS({ container: container });
      return viewer.importXML(xml).then(function () {
        const canvas = viewer.get('canvas');
        const registry = viewer.get('elementRegistry');
        const mark = function (ids, marker) {
          return ids.map(function (id) { return registry.get(id); }).filter(Boolean).map(function (element) {
            canvas.addMarker(element, marker);
            if (element.children && element.children.length > 0) {
              canvas.addMarker(element, 'scope');
            }
            return element;
          });
        };
        const done = mark(split(container.dataset.done), 'done');
        const active = mark(split(container.dataset.active), 'current');
        const position = here(active, done);

        // the zoom at which the whole model fits, as the viewer's own fit-viewport computes it
        const whole = function () {
          const box = canvas.viewbox();
          return Math.min(1, box.outer.width / box.inner.width, box.outer.height / box.inner.height);
        };
        const showPosition = function () {
          if (position.length === 0) {
            canvas.zoom('fit-viewport', 'auto');
            return;
          }
          const box = bounds(position);
          const outer = canvas.viewbox().outer;
          const zoom = Math.max(whole(), Math.min(READABLE,
            outer.width / (box.width + 2 * MARGIN), outer.height / (box.height + 2 * MARGIN)));
          const width = outer.width / zoom;
          const height = outer.height / zoom;
          canvas.viewbox({
            x: box.x + box.width / 2 - width / 2, y: box.y + box.height / 2 - height / 2, width: width, height: height
          });
        };
        showPosition();

        const actions = {
          in: function () { canvas.zoom(Math.min(MOST, canvas.zoom() * STEP)); },
          // the viewer's own step zoom stops at 0.2, too big for the whole model on a phone
          out: function () { canvas.zoom(Math.max(Math.min(whole(), canvas.zoom()), canvas.zoom() / STEP)); },
          all: function () { canvas.zoom('fit-viewport', 'auto'); },
          position: showPosition
        };
        if (tools) {
          tools.querySelectorAll('button[data-zoom]').forEach(function (button) {
            button.addEventListener('click', actions[button.dataset.zoom]);
          });
          tools.hidden = false;
        }
        swipe(container, canvas);
        keys(container.querySelector('svg'), canvas, actions);
      });
    })
    .catch(function (e) { container.textContent = 'The diagram could not be shown: ' + e.message; });

  // Where the change is: the steps it is at, without the sub-processes around them (a sub-process is as big as its
  // contents); at none, the step it passed last (the steps come in the order they started).
  function here(active, done) {
    const inside = function (element, scope) {
      for (let parent = element.parent; parent; parent = parent.parent) {
        if (parent === scope) {
          return true;
        }
      }
      return false;
    };
    const steps = active.filter(function (scope) {
      return !active.some(function (element) { return inside(element, scope); });
    });
    return steps.length > 0 ? steps : done.slice(-1);
  }

  function bounds(elements) {
    const left = Math.min.apply(null, elements.map(function (e) { return e.x; }));
    const top = Math.min.apply(null, elements.map(function (e) { return e.y; }));
    const right = Math.max.apply(null, elements.map(function (e) { return e.x + e.width; }));
    const bottom = Math.max.apply(null, elements.map(function (e) { return e.y + e.height; }));
    return { x: left, y: top, width: right - left, height: bottom - top };
  }

  // The viewer makes its drawing focusable (Tab reaches it after the buttons) but moves it only with Ctrl + arrow keys,
  // which nobody guesses; on the focused drawing the plain arrow keys move it too, and + and − zoom, as the hint says.
  // With Ctrl, Alt or Meta the keys are the viewer's and the browser's.
  function keys(svg, canvas, actions) {
    if (!svg) {
      return;
    }
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'Process diagram: arrow keys move it, + and − zoom');
    const STRIDE = 60;
    const moves = {
      ArrowLeft: { dx: STRIDE, dy: 0 },
      ArrowRight: { dx: -STRIDE, dy: 0 },
      ArrowUp: { dx: 0, dy: STRIDE },
      ArrowDown: { dx: 0, dy: -STRIDE }
    };
    const zooms = { '+': actions.in, '=': actions.in, '-': actions.out, '−': actions.out };
    svg.addEventListener('keydown', function (event) {
      if (event.ctrlKey || event.altKey || event.metaKey) {
        return;
      }
      if (moves[event.key]) {
        canvas.scroll(moves[event.key]);
      } else if (zooms[event.key]) {
        zooms[event.key]();
      } else {
        return;
      }
      // the arrow keys would scroll the page as well
      event.preventDefault();
    });
  }

  // The viewer moves the diagram with a mouse only. A finger that starts sideways moves it too; one that starts up or
  // down scrolls the page: the browser takes that over (touch-action: pan-y in the CSS) and cancels the pointer. Until
  // the finger has gone a few pixels it is not clear which it is, and the diagram stays put.
  function swipe(element, canvas) {
    const SLOP = 8;
    let touch = null;
    element.addEventListener('pointerdown', function (event) {
      if (event.pointerType === 'touch' && event.isPrimary) {
        touch = { id: event.pointerId, x: event.clientX, y: event.clientY, moving: false };
      }
    });
    element.addEventListener('pointermove', function (event) {
      if (!touch || event.pointerId !== touch.id) {
        return;
      }
      const dx = event.clientX - touch.x;
      const dy = event.clientY - touch.y;
      if (!touch.moving) {
        if (Math.abs(dx) < SLOP && Math.abs(dy) < SLOP) {
          return;
        }
        if (Math.abs(dy) >= Math.abs(dx)) {
          touch = null;
          return;
        }
        touch.moving = true;
      }
      canvas.scroll({ dx: dx, dy: dy });
      touch.x = event.clientX;
      touch.y = event.clientY;
    });
    ['pointerup', 'pointercancel'].forEach(function (type) {
      element.addEventListener(type, function () { touch = null; });
    });
  }
})();
