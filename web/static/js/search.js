// The who-do-I-call form (docs/web-contract.md): the server renders the "my unit"
// picker for the chosen area, so everything works without JavaScript; this script
// (1) refreshes the picker from /api/search/units when the area changes, (2) adds a
// filter box that narrows the picker as one types, and (3) hides the no-JS "show the
// area's units" button.  Status messages go to the picker's aria-live hint.
// A <script type="module"> like the other front-end scripts (base.html).

function fill(text, n) {
  return text.replace('{n}', String(n));
}

function option(value, label, selected) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  if (selected) o.selected = true;
  return o;
}

function init(form) {
  const area = form.querySelector('select[name=area]');
  const unit = form.querySelector('select[name=from]');
  const filter = form.querySelector('input.unit-filter');
  const status = form.querySelector('.unit-status');
  const refresh = form.querySelector('.units-refresh');
  if (!area || !unit || !filter || !status) return;
  const t = form.dataset;
  if (refresh) refresh.hidden = true;

  function units() {
    return Array.from(unit.querySelectorAll('option')).filter(o => o.value);
  }

  function applyFilter() {
    const words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const o of units()) {
      const text = o.textContent.toLowerCase();
      const hit = words.every(w => text.includes(w));
      o.hidden = !hit;
      o.disabled = !hit && !o.selected;  // the chosen unit stays chosen
      if (hit) shown += 1;
    }
    for (const g of unit.querySelectorAll('optgroup')) {
      g.hidden = !Array.from(g.children).some(o => !o.hidden);
    }
    if (!area.value && !units().length) status.textContent = t.textNone;
    else status.textContent = shown ? fill(t.textCount, shown) : t.textNoMatch;
  }

  function render(list) {
    const chosen = unit.value;
    unit.replaceChildren(option('', t.textNoFrom, false));
    for (const [group, label] of [['inside', t.textInside], ['above', t.textAbove]]) {
      const members = list.filter(u => u.group === group);
      if (!members.length) continue;
      const og = document.createElement('optgroup');
      og.label = label;
      for (const u of members) {
        og.appendChild(option(u.id, u.name + ' (' + u.area_name + ')', u.id === chosen));
      }
      unit.appendChild(og);
    }
    applyFilter();
  }

  area.addEventListener('change', function () {
    if (!area.value) {
      render([]);
      return;
    }
    const url = t.unitsUrl + '?area=' + encodeURIComponent(area.value) +
                '&lang=' + encodeURIComponent(t.lang || 'fi');
    fetch(url, {headers: {Accept: 'application/json'}, credentials: 'same-origin'})
      .then(r => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then(body => render(body.units || []))
      .catch(() => { if (refresh) refresh.hidden = false; });  // fall back to the button
  });

  filter.closest('.unit-filter-box').hidden = false;
  filter.addEventListener('input', applyFilter);
  filter.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown') {  // from the filter straight into the list
      e.preventDefault();
      unit.focus();
    } else if (e.key === 'Enter') {  // choose the first match rather than submit
      const first = units().find(o => !o.hidden);
      if (first) {
        e.preventDefault();
        unit.value = first.value;
        unit.focus();
      }
    }
  });
}

document.querySelectorAll('form.who-form').forEach(init);
