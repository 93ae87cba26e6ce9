// Finding a component of a form as form-js's viewer draws it. The viewer gives a field's wrapper no id; a field
// with an input names the input fjs-form-<the viewer's own id>-<field id>, with -<n> for each option of a radio
// or checklist and _<n> in a repeated group. Components without an input (text, spacer, group), and fields
// hidden by their condition, cannot be found.

export function formFieldNode(container, id) {
  const pattern = new RegExp('^fjs-form-[^-]+-' + id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '(?:[-_]\\d+)*$');
  const input = [...container.querySelectorAll('[id^="fjs-form-"]')].find((node) => pattern.test(node.id));
  return input ? input.closest('.fjs-element') || input.closest('.fjs-form-field') : null;
}
