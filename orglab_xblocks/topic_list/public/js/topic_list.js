/* The topic-list builder, learner side. No framework. The table is drawn from the rows the
 * server gave; every change becomes an operation (put a row, delete a row) that is saved in the
 * background, all unacknowledged operations in each save, with the draft revision it is based on
 * so a stale tab is refused instead of overwriting newer work. */
/* exported OrgLabTopicList */
function OrgLabTopicList(runtime, element, args) {
  'use strict';
  var init = JSON.parse(document.getElementById(args.init_id).textContent);
  var root = element.jquery ? element[0] : element;
  var block = root.querySelector('.orglab-topics') || root;
  var msg = init.messages;
  var labels = init.labels;
  var columns = init.columns;
  var rules = init.rules;

  var rows = init.rows.slice();
  var saved = {};            // id -> the row as the server last acknowledged it
  rows.forEach(function (row) { saved[row.id] = row; });
  var pending = {};          // id -> {op: 'put'|'del', row, v}
  var opVersion = 0;
  var revision = init.status.revision;
  var client = randomId();
  var seq = 0;
  var stale = false;
  var busy = false;          // an import or a check is running: the table is read-only
  var inFlight = null;
  var timer = null;
  var DEBOUNCE_MS = 1200;
  var filters = {text: '', gap: '', status: '', priority: ''};
  var sort = {key: null, dir: 1};
  var selected = {};
  var editing = null;

  var $ = function (selector) { return block.querySelector(selector); };
  var statusEl = $('.orglab-tl-status');
  var alertEl = $('.orglab-tl-alert');
  var savedEl = $('.orglab-tl-saved');
  var tbody = $('.orglab-tl-table tbody');
  var headRow = $('.orglab-tl-table thead tr');

  var SHOWN = ['title', 'wiki', 'qid', 'status', 'gap', 'topic', 'task', 'priority', 'sitelinks', 'notes'];
  var EDITABLE = ['title', 'wiki', 'qid', 'gap', 'topic', 'task', 'priority', 'notes', 'source_title', 'source_wiki'];
  var VOCAB_FIELDS = {gap: 'gap', topic: 'topic', task: 'task', priority: 'priority', status: 'status'};

  // ---------------------------------------------------------------- small helpers

  function randomId() {
    var bytes = new Uint8Array(10);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function newRowId() { return 'r' + randomId().slice(0, 10); }

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (key === 'text') { node.textContent = attrs[key]; } else if (key === 'className') { node.className = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
      });
    }
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function label(vocabulary, value) {
    if (!value) { return ''; }
    return (labels[vocabulary] && labels[vocabulary][value]) || value;
  }

  function host(wiki) {
    var code = wiki.replace(/wiki$/, '').replace(/_/g, '-');
    if (code === 'be-x-old') { code = 'be-tarask'; }
    return code + '.wikipedia.org';
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function post(handler, body, keepalive) {
    return fetch(runtime.handlerUrl(root, handler), {
      method: 'POST',
      credentials: 'same-origin',
      keepalive: !!keepalive,
      headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrfToken(), 'X-Requested-With': 'XMLHttpRequest'},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return {ok: response.ok, status: response.status, data: data};
      });
    });
  }

  function titleOf(row) { return row.title || row.canonical || row.qid || ''; }

  // ---------------------------------------------------------------- status and messages

  function localDate(iso) {
    if (!iso) { return ''; }
    var date = new Date(iso);
    if (isNaN(date.getTime())) { return iso.slice(0, 10); }
    try { return new Intl.DateTimeFormat(document.documentElement.lang || undefined, {dateStyle: 'long'}).format(date); } catch (e) { return iso.slice(0, 10); }
  }

  function showStatus(status) {
    revision = status.revision;
    block.setAttribute('data-state', status.state);
    statusEl.textContent = {
      empty: msg.status_empty,
      draft: msg.status_draft,
      submitted: fmt(msg.status_submitted, {date: localDate(status.submitted_at)}),
      changed: fmt(msg.status_changed, {date: localDate(status.submitted_at)})
    }[status.state];
  }

  function showAlert(text, items, withReload) {
    alertEl.textContent = '';
    if (!text) { alertEl.hidden = true; return; }
    alertEl.appendChild(el('p', {text: text}));
    if (items && items.length) {
      var list = el('ul');
      items.forEach(function (item) { list.appendChild(el('li', {text: item})); });
      alertEl.appendChild(list);
    }
    if (withReload) {
      var button = el('button', {type: 'button', className: 'orglab-tl-reload', text: msg.reload});
      button.addEventListener('click', function () { window.location.reload(); });
      alertEl.appendChild(button);
    }
    alertEl.hidden = false;
  }

  function becomeStale(text) {
    stale = true;
    clearTimeout(timer);
    showAlert(text, null, true);
  }

  function setBusy(value, text) {
    busy = value;
    block.classList.toggle('orglab-tl-busy', value);
    Array.prototype.forEach.call(block.querySelectorAll('button, input, select, textarea'), function (control) {
      if (!control.classList.contains('orglab-tl-reload')) { control.disabled = value; }
    });
    savedEl.textContent = text || '';
  }

  // ---------------------------------------------------------------- saving

  function change(op, row, id) {
    opVersion += 1;
    pending[id] = {op: op, row: row, v: opVersion};
    schedule();
  }

  function schedule() {
    if (stale) { return; }
    savedEl.textContent = '';
    clearTimeout(timer);
    timer = setTimeout(function () { saveNow(false); }, DEBOUNCE_MS);
  }

  function pendingOps() {
    var sent = {};
    var ops = Object.keys(pending).map(function (id) {
      var entry = pending[id];
      sent[id] = entry.v;
      return entry.op === 'put' ? {op: 'put', row: entry.row} : {op: 'del', id: id};
    });
    return {ops: ops, sent: sent};
  }

  function acknowledge(sent) {
    Object.keys(sent).forEach(function (id) {
      var entry = pending[id];
      if (!entry) { return; }
      if (entry.op === 'put') { saved[id] = entry.row; } else { delete saved[id]; }
      if (entry.v === sent[id]) { delete pending[id]; }
    });
  }

  function revertRow(id) {
    delete pending[id];
    var index = rows.findIndex(function (row) { return row.id === id; });
    if (saved[id]) {
      if (index >= 0) { rows[index] = saved[id]; } else { rows.push(saved[id]); }
    } else if (index >= 0) {
      rows.splice(index, 1);
    }
  }

  function saveNow(keepalive) {
    clearTimeout(timer);
    if (stale || !Object.keys(pending).length) { return Promise.resolve(); }
    if (inFlight && !keepalive) { return inFlight.then(function () { return saveNow(false); }); }
    var batch = pendingOps();
    seq += 1;
    savedEl.textContent = msg.saving;
    var request = post('save_draft', {ops: batch.ops, revision: revision, client: client, seq: seq}, keepalive)
      .then(function (result) {
        if (result.ok) {
          acknowledge(batch.sent);
          if (!result.data.outdated) { showStatus(result.data.status); }
          savedEl.textContent = msg.saved;
          if (alertEl.getAttribute('data-kind') === 'network') { showAlert(''); }
        } else if (result.status === 409) {
          becomeStale(result.data.error);
        } else if (result.status === 400) {
          var problems = result.data.problems || [];
          problems.forEach(function (problem) { if (problem.row) { revertRow(problem.row); } });
          if (!problems.length) { Object.keys(batch.sent).forEach(revertRow); }
          render();
          showAlert(result.data.error, problems.map(function (p) { return p.message; }).filter(function (m) { return m !== result.data.error; }));
          savedEl.textContent = '';
        } else {
          throw new Error(result.data.error || String(result.status));
        }
      })
      .catch(function () {
        savedEl.textContent = '';
        showAlert(navigator.onLine === false ? msg.offline : msg.save_failed);
        alertEl.setAttribute('data-kind', 'network');
        timer = setTimeout(function () { saveNow(false); }, 10000);
      })
      .then(function () { inFlight = null; });
    inFlight = request;
    return request;
  }

  function replaceRows(newRows) {
    rows = newRows.slice();
    saved = {};
    rows.forEach(function (row) { saved[row.id] = row; });
    pending = {};
    selected = {};
    editing = null;
    render();
  }

  // ---------------------------------------------------------------- the table

  function passes(row) {
    if (filters.gap && (row.gap || '') !== (filters.gap === '-' ? '' : filters.gap)) { return false; }
    if (filters.status && row.status !== filters.status) { return false; }
    if (filters.priority && (row.priority || '') !== (filters.priority === '-' ? '' : filters.priority)) { return false; }
    if (filters.text) {
      var haystack = [row.title, row.qid, row.notes, row.wiki, row.canonical].join(' ').toLowerCase();
      if (haystack.indexOf(filters.text) === -1) { return false; }
    }
    return true;
  }

  function sortValue(row, key) {
    if (key === 'sitelinks') { return typeof row.sitelinks === 'number' ? row.sitelinks : -1; }
    if (VOCAB_FIELDS[key]) { return label(VOCAB_FIELDS[key], row[key]).toLowerCase(); }
    if (key === 'qid') { return row.qid ? Number(row.qid.slice(1)) : Infinity; }
    return String(row[key] || '').toLowerCase();
  }

  function visibleRows() {
    var list = rows.filter(passes);
    if (sort.key) {
      var key = sort.key;
      list.sort(function (a, b) {
        var x = sortValue(a, key);
        var y = sortValue(b, key);
        return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
      });
    }
    return list;
  }

  function renderHead() {
    headRow.textContent = '';
    var all = el('input', {type: 'checkbox', className: 'orglab-tl-select-all', 'aria-label': block.querySelector('.orglab-tl-bulk legend').firstChild.textContent.trim()});
    headRow.appendChild(el('th', {scope: 'col'}, [all]));
    SHOWN.forEach(function (key) {
      var button = el('button', {type: 'button', className: 'orglab-tl-sort', 'data-key': key, text: columns[key],
        'aria-label': fmt(msg.sort_by, {column: columns[key]})});
      var th = el('th', {scope: 'col'}, [button]);
      th.setAttribute('aria-sort', sort.key === key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none');
      headRow.appendChild(th);
    });
    headRow.appendChild(el('th', {scope: 'col'}, [el('span', {className: 'orglab-tl-sr', text: msg.edit})]));
  }

  function cellFor(row, key) {
    var td = el('td', {'data-col': key});
    if (key === 'title') {
      var shown = titleOf(row);
      if (row.title) {
        td.appendChild(el('a', {href: 'https://' + host(row.wiki) + '/wiki/' + encodeURIComponent(row.title.replace(/ /g, '_')),
          target: '_blank', rel: 'noopener noreferrer', dir: 'auto', text: shown}));
      } else {
        td.appendChild(el('span', {dir: 'auto', text: shown}));
      }
      if (row.status === 'redirect' && row.canonical) {
        td.appendChild(el('span', {className: 'orglab-tl-canonical', dir: 'auto', text: ' → ' + row.canonical}));
      }
    } else if (key === 'qid') {
      if (row.qid) {
        td.appendChild(el('a', {href: 'https://www.wikidata.org/wiki/' + row.qid, target: '_blank', rel: 'noopener noreferrer', text: row.qid}));
      }
    } else if (VOCAB_FIELDS[key]) {
      td.textContent = label(VOCAB_FIELDS[key], row[key]);
      if (key === 'status') { td.className = 'orglab-tl-status-' + row.status; }
    } else if (key === 'sitelinks') {
      td.textContent = typeof row.sitelinks === 'number' ? String(row.sitelinks) : '';
    } else {
      td.textContent = row[key] || '';
      td.setAttribute('dir', 'auto');
    }
    return td;
  }

  function rowElement(row) {
    var tr = el('tr', {'data-id': row.id});
    if (pending[row.id]) { tr.className = 'orglab-tl-unsaved'; }
    var check = el('input', {type: 'checkbox', className: 'orglab-tl-select', 'aria-label': fmt(msg.select_row, {title: titleOf(row)})});
    check.checked = !!selected[row.id];
    tr.appendChild(el('td', null, [check]));
    SHOWN.forEach(function (key) { tr.appendChild(cellFor(row, key)); });
    tr.appendChild(el('td', {className: 'orglab-tl-row-actions'}, [
      el('button', {type: 'button', className: 'orglab-tl-edit', text: msg.edit, 'aria-label': fmt(msg.edit_row, {title: titleOf(row)})}),
      el('button', {type: 'button', className: 'orglab-tl-remove', text: msg.remove, 'aria-label': fmt(msg.remove_row, {title: titleOf(row)})})
    ]));
    return tr;
  }

  function vocabSelect(vocabulary, value, allowed, id) {
    var select = el('select', {id: id});
    select.appendChild(el('option', {value: '', text: msg.none}));
    Object.keys(labels[vocabulary]).forEach(function (key) {
      if (allowed && allowed.indexOf(key) === -1) { return; }
      var option = el('option', {value: key, text: labels[vocabulary][key]});
      if (key === value) { option.selected = true; }
      select.appendChild(option);
    });
    return select;
  }

  function editorElement(row) {
    var tr = el('tr', {'data-id': row.id, className: 'orglab-tl-editing'});
    var td = el('td', {colspan: String(SHOWN.length + 2)});
    var form = el('form', {className: 'orglab-tl-editor'});
    var controls = {};
    EDITABLE.forEach(function (key) {
      var id = 'orglab-tl-e-' + row.id + '-' + key;
      var control;
      if (key === 'gap') { control = vocabSelect('gap', row.gap, rules.gaps, id); }
      else if (VOCAB_FIELDS[key]) { control = vocabSelect(VOCAB_FIELDS[key], row[key], null, id); }
      else if (key === 'notes') { control = el('textarea', {id: id, rows: '2', dir: 'auto', maxlength: '500'}); control.value = row.notes || ''; }
      else {
        control = el('input', {id: id, dir: key === 'title' || key === 'source_title' ? 'auto' : 'ltr'});
        control.value = row[key] || '';
      }
      controls[key] = control;
      form.appendChild(el('span', {className: 'orglab-tl-field'}, [el('label', {'for': id, text: columns[key]}), control]));
    });
    form.appendChild(el('button', {type: 'submit', className: 'orglab-tl-done', text: msg.done}));
    var cancel = el('button', {type: 'button', className: 'orglab-tl-cancel', text: msg.cancel});
    form.appendChild(cancel);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var updated = Object.assign({}, row);
      EDITABLE.forEach(function (key) { updated[key] = controls[key].value.trim(); });
      if (!updated.title && !updated.qid) { showAlert(msg.title_or_qid); return; }
      if (updated.title !== row.title || updated.wiki !== row.wiki || updated.qid !== row.qid) {
        updated.status = 'unknown';
        updated.canonical = '';
        updated.sitelinks = updated.qid === row.qid ? row.sitelinks : null;
      }
      var index = rows.findIndex(function (r) { return r.id === row.id; });
      rows[index] = updated;
      editing = null;
      change('put', updated, row.id);
      render(function () { return tbody.querySelector('tr[data-id="' + row.id + '"] .orglab-tl-edit'); });
    });
    cancel.addEventListener('click', function () {
      editing = null;
      render(function () { return tbody.querySelector('tr[data-id="' + row.id + '"] .orglab-tl-edit'); });
    });
    td.appendChild(form);
    tr.appendChild(td);
    setTimeout(function () { controls.title.focus(); }, 0);
    return tr;
  }

  function render(focus) {
    var list = visibleRows();
    var fragment = document.createDocumentFragment();
    list.forEach(function (row) { fragment.appendChild(row.id === editing ? editorElement(row) : rowElement(row)); });
    tbody.textContent = '';
    tbody.appendChild(fragment);
    renderHead();
    $('.orglab-tl-count').textContent = fmt(msg.count, {shown: list.length, total: rows.length});
    updateSelected();
    renderSummary();
    if (focus) {
      var target = focus();
      if (target) { target.focus(); }
    }
  }

  function updateSelected() {
    var count = Object.keys(selected).length;
    $('.orglab-tl-selected').textContent = count ? '(' + fmt(msg.selected, {n: count}) + ')' : '';
  }

  // ---------------------------------------------------------------- summary

  function barChart(title, counts, vocabulary, order) {
    var entries = order.filter(function (key) { return counts[key]; }).map(function (key) {
      return {key: key, label: key ? label(vocabulary, key) : msg.no_gap, count: counts[key]};
    });
    var max = Math.max.apply(null, entries.map(function (e) { return e.count; }).concat([1]));
    var lineHeight = 22;
    var width = 360;
    var labelWidth = 170;
    var svgNS = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(svgNS, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + Math.max(entries.length * lineHeight, lineHeight));
    svg.setAttribute('width', '100%');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', title + ': ' + entries.map(function (e) { return e.label + ' ' + e.count; }).join(', '));
    entries.forEach(function (entry, index) {
      var y = index * lineHeight;
      var text = document.createElementNS(svgNS, 'text');
      text.setAttribute('x', '0');
      text.setAttribute('y', String(y + 15));
      text.textContent = entry.label.length > 26 ? entry.label.slice(0, 25) + '…' : entry.label;
      var rect = document.createElementNS(svgNS, 'rect');
      var barWidth = Math.max(2, Math.round((width - labelWidth - 40) * entry.count / max));
      rect.setAttribute('x', String(labelWidth));
      rect.setAttribute('y', String(y + 4));
      rect.setAttribute('width', String(barWidth));
      rect.setAttribute('height', '14');
      rect.setAttribute('class', 'orglab-tl-bar orglab-tl-bar-' + (entry.key || 'none'));
      var count = document.createElementNS(svgNS, 'text');
      count.setAttribute('x', String(labelWidth + barWidth + 4));
      count.setAttribute('y', String(y + 15));
      count.textContent = String(entry.count);
      svg.appendChild(text);
      svg.appendChild(rect);
      svg.appendChild(count);
    });
    return el('figure', {className: 'orglab-tl-chart'}, [el('figcaption', {text: title}), svg]);
  }

  function renderSummary() {
    var byGap = {};
    var byStatus = {};
    rows.forEach(function (row) {
      byGap[row.gap || ''] = (byGap[row.gap || ''] || 0) + 1;
      byStatus[row.status] = (byStatus[row.status] || 0) + 1;
    });
    var charts = $('.orglab-tl-charts');
    charts.textContent = '';
    if (rows.length) {
      charts.appendChild(barChart(msg.chart_gap, byGap, 'gap', Object.keys(labels.gap).concat([''])));
      charts.appendChild(barChart(msg.chart_status, byStatus, 'status', Object.keys(labels.status)));
    }
    var todo = $('.orglab-tl-todo');
    todo.textContent = '';
    var items = [];
    if (rows.length < rules.min_topics) { items.push(fmt(msg.missing_topics, {n: rules.min_topics - rows.length, min: rules.min_topics})); }
    rules.required.forEach(function (field) {
      var missing = rows.filter(function (row) { return !row[field]; }).length;
      if (missing) { items.push(fmt(msg.missing_field, {count: missing, field: init.required_labels[field]})); }
    });
    if (!items.length) { items.push(msg.ready); }
    items.forEach(function (text) { todo.appendChild(el('li', {text: text})); });
  }

  // ---------------------------------------------------------------- import, check, submit

  function flushThen(fn) {
    clearTimeout(timer);
    return (Object.keys(pending).length ? saveNow(false) : (inFlight || Promise.resolve())).then(function () {
      if (stale) { return null; }
      return fn();
    });
  }

  function showReport(report) {
    var box = $('.orglab-tl-report');
    var list = $('.orglab-tl-report-lines');
    list.textContent = '';
    $('.orglab-tl-report-summary').textContent = fmt(msg.imported, {added: report.added, merged: report.merged, refused: report.refused});
    var fragment = document.createDocumentFragment();
    report.report.forEach(function (line) {
      var li = el('li', {className: 'orglab-tl-line-' + line.outcome, value: String(line.line)});
      li.appendChild(el('span', {className: 'orglab-tl-line-text', dir: 'auto', text: line.text}));
      if (line.message) { li.appendChild(el('span', {className: 'orglab-tl-line-message', dir: 'auto', text: ' — ' + line.message})); }
      fragment.appendChild(li);
    });
    list.appendChild(fragment);
    box.hidden = false;
  }

  function doImport(text) {
    if (busy || stale) { return; }
    flushThen(function () {
      setBusy(true, msg.importing);
      return post('import_topics', {
        text: text, format: $('.orglab-tl-import-format').value, wiki: $('.orglab-tl-import-wiki').value.trim(),
        revision: revision, client: client, seq: (seq += 1)
      }).then(function (result) {
        setBusy(false);
        if (result.ok) {
          showStatus(result.data.status);
          replaceRows(result.data.rows);
          showReport(result.data['import']);
          showAlert('');
          $('.orglab-tl-import-text').value = '';
          $('.orglab-tl-import-file').value = '';
        } else if (result.status === 409) {
          becomeStale(result.data.error);
        } else {
          showAlert(result.data.error || msg.save_failed);
        }
      }, function () { setBusy(false); showAlert(msg.save_failed); });
    });
  }

  $('.orglab-tl-import-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var file = $('.orglab-tl-import-file').files[0];
    if (file) {
      if (file.size > init.max_import_bytes) { showAlert(msg.file_too_large); return; }
      var reader = new FileReader();
      reader.onload = function () { doImport(String(reader.result)); };
      reader.readAsText(file);
    } else {
      doImport($('.orglab-tl-import-text').value);
    }
  });

  var checkButton = $('.orglab-tl-check');
  if (checkButton) {
    checkButton.addEventListener('click', function () {
      if (busy || stale) { return; }
      flushThen(function () {
        setBusy(true, msg.checking);
        return post('check_articles', {revision: revision, client: client, seq: (seq += 1)}).then(function (result) {
          setBusy(false);
          if (result.ok) {
            showStatus(result.data.status);
            replaceRows(result.data.rows);
            showAlert(result.data.failed ? result.data.message : '');
            savedEl.textContent = result.data.failed ? '' : result.data.message;
          } else if (result.status === 409) {
            becomeStale(result.data.error);
          } else {
            showAlert(result.data.error || msg.save_failed);
          }
        }, function () { setBusy(false); showAlert(msg.save_failed); });
      });
    });
  }

  $('.orglab-tl-submit').addEventListener('click', function () {
    if (busy || stale) { return; }
    clearTimeout(timer);
    (inFlight || Promise.resolve()).then(function () {
      var batch = pendingOps();
      seq += 1;
      savedEl.textContent = msg.submitting;
      return post('submit', {ops: batch.ops, revision: revision, client: client, seq: seq}).then(function (result) {
        savedEl.textContent = '';
        if (result.ok) {
          acknowledge(batch.sent);
          showStatus(result.data.status);
          showAlert('');
          savedEl.textContent = msg.submitted;
        } else if (result.status === 409) {
          becomeStale(result.data.error);
        } else {
          if (result.data.status) { acknowledge(batch.sent); showStatus(result.data.status); }
          showAlert(msg.fix_errors, (result.data.problems || []).map(function (p) { return p.message; }));
        }
        render();
      });
    });
  });

  // ---------------------------------------------------------------- table events

  tbody.addEventListener('click', function (event) {
    var target = event.target;
    var tr = target.closest('tr');
    if (!tr || busy) { return; }
    var id = tr.getAttribute('data-id');
    if (target.classList.contains('orglab-tl-edit')) {
      editing = id;
      render();
    } else if (target.classList.contains('orglab-tl-remove')) {
      var index = rows.findIndex(function (row) { return row.id === id; });
      var next = tr.nextElementSibling || tr.previousElementSibling;
      var nextId = next && next.getAttribute('data-id');
      rows.splice(index, 1);
      delete selected[id];
      change('del', null, id);
      render(function () { return nextId ? tbody.querySelector('tr[data-id="' + nextId + '"] .orglab-tl-remove') : $('.orglab-tl-add-title'); });
    }
  });

  tbody.addEventListener('change', function (event) {
    if (!event.target.classList.contains('orglab-tl-select')) { return; }
    var id = event.target.closest('tr').getAttribute('data-id');
    if (event.target.checked) { selected[id] = true; } else { delete selected[id]; }
    updateSelected();
  });

  headRow.addEventListener('click', function (event) {
    var button = event.target.closest('.orglab-tl-sort');
    if (!button) { return; }
    var key = button.getAttribute('data-key');
    sort = {key: key, dir: sort.key === key ? -sort.dir : 1};
    render(function () { return headRow.querySelector('.orglab-tl-sort[data-key="' + key + '"]'); });
  });

  headRow.addEventListener('change', function (event) {
    if (!event.target.classList.contains('orglab-tl-select-all')) { return; }
    var on = event.target.checked;
    visibleRows().forEach(function (row) { if (on) { selected[row.id] = true; } else { delete selected[row.id]; } });
    render(function () { return headRow.querySelector('.orglab-tl-select-all'); });
    headRow.querySelector('.orglab-tl-select-all').checked = on;
  });

  Array.prototype.forEach.call(block.querySelectorAll('.orglab-tl-filter'), function (control) {
    control.addEventListener('input', function () {
      var name = control.getAttribute('data-filter');
      filters[name] = name === 'text' ? control.value.trim().toLowerCase() : control.value;
      render();
    });
  });

  $('.orglab-tl-bulk-apply').addEventListener('click', function () {
    var changes = {};
    Array.prototype.forEach.call(block.querySelectorAll('.orglab-tl-bulk-select'), function (select) {
      if (select.value) { changes[select.getAttribute('data-field')] = select.value === '-' ? '' : select.value; }
    });
    if (!Object.keys(changes).length) { return; }
    rows = rows.map(function (row) {
      if (!selected[row.id]) { return row; }
      var updated = Object.assign({}, row, changes);
      change('put', updated, row.id);
      return updated;
    });
    render();
  });

  $('.orglab-tl-bulk-remove').addEventListener('click', function () {
    rows = rows.filter(function (row) {
      if (!selected[row.id]) { return true; }
      change('del', null, row.id);
      return false;
    });
    selected = {};
    render();
  });

  $('.orglab-tl-add').addEventListener('submit', function (event) {
    event.preventDefault();
    var title = $('.orglab-tl-add-title').value.trim();
    var qid = $('.orglab-tl-add-qid').value.trim();
    if (!title && !qid) { showAlert(msg.title_or_qid); return; }
    var row = {id: newRowId(), title: title, wiki: $('.orglab-tl-add-wiki').value.trim(), qid: qid, source_title: '',
      source_wiki: '', status: 'unknown', gap: '', topic: '', task: '', priority: '', notes: '', sitelinks: null, canonical: ''};
    rows.push(row);
    change('put', row, row.id);
    $('.orglab-tl-add-title').value = '';
    $('.orglab-tl-add-qid').value = '';
    render(function () { return $('.orglab-tl-add-title'); });
  });

  // ---------------------------------------------------------------- start

  function fillSelect(select, vocabulary, allowed, withEmpty) {
    select.appendChild(el('option', {value: '', text: msg.any}));
    if (withEmpty) { select.appendChild(el('option', {value: '-', text: msg.none})); }
    Object.keys(labels[vocabulary]).forEach(function (key) {
      if (!allowed || allowed.indexOf(key) !== -1) { select.appendChild(el('option', {value: key, text: labels[vocabulary][key]})); }
    });
  }
  fillSelect(block.querySelector('[data-filter="gap"]'), 'gap', rules.gaps, true);
  fillSelect(block.querySelector('[data-filter="status"]'), 'status', null, false);
  fillSelect(block.querySelector('[data-filter="priority"]'), 'priority', null, true);
  fillSelect(block.querySelector('.orglab-tl-bulk-select[data-field="gap"]'), 'gap', rules.gaps, false);
  fillSelect(block.querySelector('.orglab-tl-bulk-select[data-field="priority"]'), 'priority', null, false);
  fillSelect(block.querySelector('.orglab-tl-bulk-select[data-field="task"]'), 'task', null, false);

  Array.prototype.forEach.call(block.querySelectorAll('.orglab-tl-export'), function (link) {
    link.href = runtime.handlerUrl(root, 'export', '', 'format=' + link.getAttribute('data-format'));
    link.addEventListener('click', function (event) {
      // The export is made from the saved list: save what is pending first.
      if (!Object.keys(pending).length && !inFlight) { return; }
      event.preventDefault();
      flushThen(function () { if (!Object.keys(pending).length) { link.click(); } });
    });
  });

  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') { saveNow(true); } });
  window.addEventListener('pagehide', function () { saveNow(true); });
  window.addEventListener('online', function () { saveNow(false); });

  showStatus(init.status);
  render();
  return {save: saveNow};
}
