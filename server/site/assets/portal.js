// The portal's progressive enhancement: every form works without it. It focuses the error summary after a
// refused post, shows only the parameters of the chosen type of condition, and adds rows to repeated
// groups (exemptions, conditions, caps) without a round trip.
const summary = document.querySelector('[data-error-summary]');
if (summary instanceof HTMLElement) summary.focus();
// A link of the summary puts the cursor in its field (the browser only scrolls to it), opening its form.
for (const link of document.querySelectorAll('.error-summary a[href^="#"]')) {
  link.addEventListener('click', (event) => {
    const target = document.getElementById(link.getAttribute('href').slice(1));
    if (!target) return;
    event.preventDefault();
    const details = target.closest('details');
    if (details) details.open = true;
    const field = target.matches('input, select, textarea') ? target : target.querySelector('input, select, textarea');
    (field || target).focus();
    target.scrollIntoView({ block: 'center' });
  });
}

for (const select of document.querySelectorAll('select')) {
  const variants = document.querySelectorAll(`[data-variant-of="${CSS.escape(select.id)}"]`);
  if (!variants.length) continue;
  const show = () => {
    for (const v of variants) v.hidden = v.getAttribute('data-variant') !== select.value;
  };
  select.addEventListener('change', show);
  show();
}

for (const group of document.querySelectorAll('[data-rows]')) {
  const base = group.getAttribute('data-rows');
  const idBase = group.getAttribute('data-rows-id');
  const max = Number(group.getAttribute('data-rows-max') || 50);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary add-row';
  button.textContent = group.getAttribute('data-add-label') || '+';
  button.addEventListener('click', () => {
    const rows = group.querySelectorAll(':scope > [data-row]');
    if (rows.length >= max) return;
    const last = rows[rows.length - 1];
    const n = rows.length - 1;
    const copy = last.cloneNode(true);
    const swap = (text, from, to) => (text && text.startsWith(from) ? to + text.slice(from.length) : text);
    for (const el of copy.querySelectorAll('[name], [id], [for], [aria-describedby], [data-variant-of]')) {
      if (el.name) el.name = swap(el.name, `${base}[${n}]`, `${base}[${n + 1}]`);
      for (const attr of ['id', 'for', 'data-variant-of']) {
        const v = el.getAttribute(attr);
        if (v) el.setAttribute(attr, swap(v, `${idBase}-${n}-`, `${idBase}-${n + 1}-`));
      }
      const described = el.getAttribute('aria-describedby');
      if (described)
        el.setAttribute(
          'aria-describedby',
          described
            .split(' ')
            .map((d) => swap(d, `${idBase}-${n}-`, `${idBase}-${n + 1}-`))
            .join(' '),
        );
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.value = '';
      if (el instanceof HTMLSelectElement) el.selectedIndex = 0;
    }
    for (const e of copy.querySelectorAll('.field-error')) e.remove();
    for (const e of copy.querySelectorAll('.has-error')) e.classList.remove('has-error');
    const legend = copy.querySelector('legend');
    if (legend) legend.textContent = legend.textContent.replace(/\d+/, String(n + 2));
    last.after(copy);
    for (const select of copy.querySelectorAll('select')) {
      const variants = copy.querySelectorAll(`[data-variant-of="${CSS.escape(select.id)}"]`);
      if (!variants.length) continue;
      const show = () => {
        for (const v of variants) v.hidden = v.getAttribute('data-variant') !== select.value;
      };
      select.addEventListener('change', show);
      show();
    }
    copy.querySelector('input, select, textarea')?.focus();
  });
  group.append(button);
}
