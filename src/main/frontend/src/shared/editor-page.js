// The page around an editor: load, save, validate, the findings list and the unsaved-changes guard.
// Everything comes from data attributes on #model-editor: the pages run under script-src 'self', so
// there is no inline script to pass settings in.
//
// An editor (bpmn, dmn, form) is an adapter:
//   open(text)        imports the file; resolves to { warnings }
//   content()         resolves to the text to save
//   onChange(fn)      calls fn after each change the analyst makes (not after an import)
//   focus(id)         shows the element with this id; answers false when this editor has none
//   markFindings(ids) optional: marks the elements that have findings
//   beforeSave()      optional: completes an edit still in progress (a label being typed)
//
// States a test can wait for, on #model-editor:
//   data-state   loading | ready | failed
//   data-dirty   true | false
//   data-last-save     saved | conflict | refused | failed  (removed while a save is under way)
//   data-last-validate done | failed                        (removed while a validation is under way)
//   aria-busy="true"   while a save or validation is under way
// and on #model-findings: data-count, the number of findings shown.

import { getText, sendJson } from './http.js';

export function startEditorPage(createAdapter) {
  const root = document.getElementById('model-editor');
  if (!root) {
    return;
  }
  const page = new EditorPage(root);
  page.start(createAdapter).catch((error) => page.failed(error));
}

class EditorPage {

  constructor(root) {
    this.root = root;
    this.readOnly = root.dataset.readonly === 'true';
    this.status = document.getElementById('model-status');
    this.findings = document.getElementById('model-findings');
    this.saveButton = document.getElementById('model-save');
    this.validateButton = document.getElementById('model-validate');
    this.dirty = false;
    this.changes = 0;
    this.busy = false;
    this.setState('loading');
    this.setDirty(false);
    this.say('Loading ' + (root.dataset.file || 'the model') + '…');
  }

  async start(createAdapter) {
    const root = this.root;
    const [text, adapter] = await Promise.all([
      getText(root.dataset.sourceUrl),
      createAdapter({
        root,
        canvas: root.querySelector('.model-canvas') || root,
        properties: root.querySelector('.model-properties'),
        readOnly: this.readOnly
      })
    ]);
    this.adapter = adapter;
    const { warnings = [] } = await adapter.open(text);
    adapter.onChange(() => this.changed());
    this.wire();
    this.setState('ready');
    this.say(opened(root.dataset, warnings));
  }

  wire() {
    if (this.readOnly) {
      if (this.saveButton) {
        this.saveButton.hidden = true;
      }
    } else {
      if (this.saveButton) {
        this.saveButton.addEventListener('click', () => this.save());
      }
      // bubbling, not capturing: the properties panel commits a field's pending input on this same keydown first
      window.addEventListener('keydown', (event) => {
        if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
          event.preventDefault();
          this.save();
        }
      });
      window.addEventListener('beforeunload', (event) => {
        if (this.dirty) {
          event.preventDefault();
          event.returnValue = '';
        }
      });
    }
    if (this.validateButton && this.root.dataset.validateUrl) {
      this.validateButton.addEventListener('click', () => this.validate());
    }
    if (this.findings) {
      this.findings.addEventListener('click', (event) => {
        const target = event.target.closest('[data-element-id]');
        if (target && this.findings.contains(target)) {
          this.focus(target.dataset.elementId);
        }
      });
    }
  }

  changed() {
    this.changes++;
    if (!this.dirty) {
      this.setDirty(true);
      this.say('Unsaved changes');
    }
  }

  async save() {
    if (this.readOnly || this.busy || this.root.dataset.state !== 'ready') {
      return;
    }
    this.begin('Saving…');
    delete this.root.dataset.lastSave;
    try {
      // after content(): it commits what was still being typed, which belongs to this save
      const content = await this.content();
      const changesBefore = this.changes;
      const revision = this.root.dataset.revision;
      const { ok, status, body } = await sendJson('PUT', this.root.dataset.saveUrl, {
        content,
        revision: revision === undefined || revision === '' ? null : Number(revision)
      });
      if (ok) {
        this.root.dataset.revision = String(body.revision);
        // what the analyst changed while the request was under way is not in this revision
        this.setDirty(this.changes !== changesBefore);
        this.root.dataset.lastSave = 'saved';
        this.showFindings(body.findings || []);
        this.say('Saved as revision ' + body.revision + findingsNote(body.findings), 'ok');
      } else {
        this.root.dataset.lastSave = status === 409 ? 'conflict' : status === 400 ? 'refused' : 'failed';
        this.say('Not saved: ' + refusal(body, status), 'error');
      }
    } catch (error) {
      this.root.dataset.lastSave = 'failed';
      this.say('Not saved: ' + reason(error), 'error');
    } finally {
      this.end();
    }
  }

  async validate() {
    if (this.busy || this.root.dataset.state !== 'ready') {
      return;
    }
    this.begin('Validating…');
    delete this.root.dataset.lastValidate;
    try {
      const content = await this.content();
      const { ok, status, body } = await sendJson('POST', this.root.dataset.validateUrl, {
        file: this.root.dataset.file,
        content
      });
      if (ok) {
        this.root.dataset.lastValidate = 'done';
        const findings = body.findings || [];
        this.showFindings(findings);
        this.say(findings.length === 0 ? 'Validated: no findings' : 'Validated: ' + count(findings.length), findings.length ? 'warning' : 'ok');
      } else {
        this.root.dataset.lastValidate = 'failed';
        this.say('Not validated: ' + refusal(body, status), 'error');
      }
    } catch (error) {
      this.root.dataset.lastValidate = 'failed';
      this.say('Not validated: ' + reason(error), 'error');
    } finally {
      this.end();
    }
  }

  async content() {
    if (this.adapter.beforeSave) {
      await this.adapter.beforeSave();
    }
    return this.adapter.content();
  }

  showFindings(findings) {
    const file = this.root.dataset.file;
    const here = (finding) => finding.elementId && (!finding.resource || finding.resource === file);
    if (this.findings) {
      this.findings.replaceChildren(...findings.map((finding) => findingItem(finding, here(finding))));
      this.findings.dataset.count = String(findings.length);
    }
    if (this.adapter.markFindings) {
      this.adapter.markFindings(findings.filter(here).map((finding) => finding.elementId));
    }
  }

  focus(elementId) {
    let shown;
    try {
      shown = this.adapter.focus(elementId);
    } catch (error) {
      shown = false;
    }
    if (!shown) {
      this.say(elementId + ' is not drawn in this editor');
    }
  }

  begin(message) {
    this.busy = true;
    this.root.setAttribute('aria-busy', 'true');
    for (const button of [this.saveButton, this.validateButton]) {
      if (button) {
        button.disabled = true;
      }
    }
    this.say(message);
  }

  end() {
    this.busy = false;
    this.root.removeAttribute('aria-busy');
    for (const button of [this.saveButton, this.validateButton]) {
      if (button) {
        button.disabled = false;
      }
    }
  }

  failed(error) {
    this.setState('failed');
    this.say('The model could not be opened: ' + reason(error), 'error');
  }

  setState(state) {
    this.root.dataset.state = state;
  }

  setDirty(dirty) {
    this.dirty = dirty;
    this.root.dataset.dirty = String(dirty);
  }

  say(message, tone) {
    if (this.status) {
      this.status.textContent = message;
      if (tone) {
        this.status.dataset.tone = tone;
      } else {
        delete this.status.dataset.tone;
      }
    }
  }

}

function findingItem(finding, clickable) {
  const item = document.createElement('li');
  item.className = 'model-finding';
  const text = finding.message || describe(finding);
  if (clickable) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link model-finding-target';
    button.dataset.elementId = finding.elementId;
    button.textContent = text;
    item.dataset.elementId = finding.elementId;
    item.append(button);
  } else {
    item.textContent = text;
  }
  return item;
}

// as ModelFinding.message() words it, for an answer that carries only the parts
function describe(finding) {
  return (finding.resource || '') + (finding.elementId ? ', ' + (finding.elementType || '') + ' ' + finding.elementId : '')
    + (finding.line > 0 ? ' (line ' + finding.line + ')' : '') + ': ' + (finding.rule || '');
}

function opened(data, warnings) {
  const what = (data.file || 'The model') + (data.revision ? ', revision ' + data.revision : '');
  const mode = data.readonly === 'true' ? ' (read only)' : '';
  return warnings.length === 0 ? what + mode : what + mode + ' opened with ' + warnings.length
    + (warnings.length === 1 ? ' warning: ' : ' warnings, the first: ') + reason(warnings[0]);
}

function refusal(body, status) {
  // Patchflow answers RFC 9457 problem details: the text is in "detail"
  const message = body.message || body.detail || String(status);
  const errors = Array.isArray(body.errors) ? body.errors.map((error) => (typeof error === 'string' ? error
    : error.message || error.defaultMessage || JSON.stringify(error))) : [];
  return errors.length ? message + ' (' + errors.join('; ') + ')' : message;
}

function findingsNote(findings) {
  return findings && findings.length ? ', with ' + count(findings.length) : '';
}

function count(n) {
  return n + (n === 1 ? ' finding' : ' findings');
}

function reason(error) {
  return (error && error.message) || String(error);
}
