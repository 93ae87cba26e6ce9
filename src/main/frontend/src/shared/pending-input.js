// The properties panels commit what the analyst types a moment later (debounced), so that a word is one undo
// step. A save must not miss those last keystrokes: form-js's text entries do not commit on blur, so a click
// on Save right after typing would send the text without them. This debounce remembers what is pending and
// commits it all before a save; it replaces the panels' own (debounceInput for bpmn-js and dmn-js, debounce
// for form-js), keeping their delay.

const DELAY = 300;

export function pendingInput() {
  const pending = new Set();
  const debounce = (fn) => {
    let timer;
    let call;
    const run = () => {
      clearTimeout(timer);
      timer = undefined;
      pending.delete(debounced);
      fn.apply(call.self, call.args);
    };
    function debounced(...args) {
      call = { self: this, args };
      clearTimeout(timer);
      timer = setTimeout(run, DELAY);
      pending.add(debounced);
    }
    debounced.flush = () => {
      if (timer !== undefined) {
        run();
      }
    };
    debounced.cancel = () => {
      clearTimeout(timer);
      timer = undefined;
      pending.delete(debounced);
    };
    return debounced;
  };
  return {
    /** for bpmn-js's and dmn-js's properties panel */
    panelModule: { debounceInput: ['value', debounce] },
    /** for form-js's editor */
    formModule: { debounce: ['value', debounce] },
    commit() {
      [...pending].forEach((debounced) => debounced.flush());
    }
  };
}
