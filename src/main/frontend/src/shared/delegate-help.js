// Help under the properties panel's "Delegate expression" field: what the named delegate does and which
// process variables it reads and writes, from the catalogue the server generates from the code (issue 15,
// "catalogue of delegates"). Rendered as preact nodes of the panel's own preact copy, never as HTML: every
// text goes in as a text node.

import { h } from '@bpmn-io/properties-panel/preact';

import { getJson } from './http.js';

const BEAN = /^\$\{\s*([A-Za-z_$][\w$]*)\s*\}$/;

/**
 * @param catalogue { delegates: [{ bean, kind, summary, reads: [{ name, description }], writes: [...] }] },
 *        or { error } when it could not be loaded
 * @returns (element) => description, for propertiesPanel.description.delegateExpression
 */
export function delegateHelp(catalogue) {
  if (catalogue.error) {
    return () => h('div', { class: 'delegate-help delegate-help-missing' },
      'The delegate catalogue could not be loaded: ' + catalogue.error);
  }
  const delegates = catalogue.delegates || [];
  const byBean = new Map(delegates.map((delegate) => [delegate.bean, delegate]));
  return (element) => {
    const value = delegateExpressionOf(element);
    const match = value ? BEAN.exec(value.trim()) : null;
    const delegate = match && byBean.get(match[1]);
    if (delegate) {
      return h('div', { class: 'delegate-help', 'data-bean': delegate.bean },
        h('p', { class: 'delegate-help-summary' }, delegate.summary),
        variables('Reads', delegate.reads),
        variables('Writes', delegate.writes));
    }
    const why = !value ? 'Name a delegate as ${name}.'
      : !match ? 'Only a delegate name is allowed here, as ${name}: no method calls, no other expressions.'
        : 'There is no delegate named ' + match[1] + '.';
    return h('div', { class: 'delegate-help delegate-help-unknown' },
      h('p', null, why),
      h('p', null, 'Available: ' + names(delegates, 'service task')));
  };
}

/** The catalogue at a URL; a failure becomes { error } so that the editor still opens. */
export async function loadCatalogue(url) {
  if (!url) {
    return { delegates: [] };
  }
  try {
    return await getJson(url);
  } catch (error) {
    return { error: error.message || String(error) };
  }
}

// where the panel's own DelegateExpression entry reads it: the task, or the message event definition
// of a message throw/end event
function delegateExpressionOf(element) {
  const bo = element.businessObject;
  if (!bo) {
    return undefined;
  }
  const own = bo.get ? bo.get('camunda:delegateExpression') : undefined;
  if (own !== undefined) {
    return own;
  }
  const definition = (bo.eventDefinitions || []).find((candidate) => candidate.get && candidate.get('camunda:delegateExpression') !== undefined);
  return definition && definition.get('camunda:delegateExpression');
}

function variables(title, list) {
  if (!list || list.length === 0) {
    return h('p', { class: 'delegate-help-variables' }, title + ': no process variables');
  }
  return h('div', { class: 'delegate-help-variables' },
    h('p', null, title + ':'),
    h('ul', null, list.map((variable) => h('li', { key: variable.name },
      h('code', null, variable.name), variable.description ? ': ' + variable.description : ''))));
}

function names(delegates, kind) {
  const wanted = delegates.filter((delegate) => !delegate.kind || delegate.kind === kind);
  const list = (wanted.length ? wanted : delegates).map((delegate) => '${' + delegate.bean + '}');
  return list.length ? list.join(', ') : 'none';
}
