/* The topic-list builder, learner side. No framework. The table is drawn from the rows the
 * server gave; every change becomes an operation (put a row, delete a row) that is saved in the
 * background (OrgLab.drafts, public/js/orglab.js), all unacknowledged operations in each save, with
 * the draft revision it is based on so a stale tab is refused instead of overwriting newer work. */
/* global OrgLab */
/* exported OrgLabTopicList */
function OrgLabTopicList(runtime, element, args) {
  'use strict';
  var {el, fmt} = OrgLab;
  var {init, root, block, messages: msg} = OrgLab.start(element, args, '.orglab-topics');
  var {labels, columns, rules} = init;

  var rows = init.rows.slice();
  var saved = {};            // id -> the row as the server last acknowledged it
  rows.forEach(function (row) { saved[row.id] = row; });
  var pending = {};          // id -> {op: 'put'|'del', row, v}
  var opVersion = 0;
  var sent = new WeakMap();  // a save's content -> the versions of the operations it carries
  var busy = false;          // an import or a check is running: the table is read-only
  var filters = {text: '', gap: '', status: '', priority: ''};
  var sort = {key: null, dir: 1};
  var selected = {};
  var editing = null;

  var $ = function (selector) { return block.querySelector(selector); };
  var ui = OrgLab.find(block, 'orglab-tl', ['status', 'alert', 'saved']);
  // The learner's Wikipedia for titles without one (imports, added rows): saved with the draft.
  var wikiChoice = $('.orglab-tl-wiki-choice');
  var savedWiki = init.wiki;
  var pendingWiki = null;    // {value, v}: a choice not yet acknowledged by the server
  var sentWiki = new WeakMap();
  var importResult = $('.orglab-tl-report-summary');
  var checkResult = $('.orglab-tl-check-result');
  var tbody = $('.orglab-tl-table tbody');
  var headRow = $('.orglab-tl-table thead tr');

  var SHOWN = ['title', 'wiki', 'qid', 'status', 'gap', 'topic', 'task', 'priority', 'sitelinks', 'notes'];
  var EDITABLE = ['title', 'wiki', 'qid', 'gap', 'topic', 'task', 'priority', 'notes', 'source_title', 'source_wiki'];
  var VOCAB_FIELDS = {gap: 'gap', topic: 'topic', task: 'task', priority: 'priority', status: 'status'};

  // ---------------------------------------------------------------- small helpers

  function newRowId() { return 'r' + OrgLab.randomId().slice(0, 10); }

  function label(vocabulary, value) {
    if (!value) { return ''; }
    return (labels[vocabulary] && labels[vocabulary][value]) || value;
  }

  function host(wiki) {
    var code = wiki.replace(/wiki$/, '').replace(/_/g, '-');
    if (code === 'be-x-old') { code = 'be-tarask'; }
    return code + '.wikipedia.org';
  }

  function titleOf(row) { return row.title || row.canonical || row.qid || ''; }

  /* Focus a message (the result of an import or a check, the alert) so that it is read and the
   * learner goes on from there: the control they pressed was disabled while it ran. */
  function focusMessage(node) {
    if (!node || node.hidden) { return; }
    if (OrgLab.focusMessage) { OrgLab.focusMessage(node); return; }
    if (!node.hasAttribute('tabindex')) { node.setAttribute('tabindex', '-1'); }
    node.focus();
  }

  /* Say the result of an import or a check beside its button, and put the focus on it. */
  function showResult(node, text, isError) {
    node.textContent = text || '';
    node.hidden = !text;
    node.classList.toggle('orglab-tl-result-error', !!isError);
    focusMessage(node);
  }

  function buttonName(selector) {
    var button = $(selector);
    return button ? button.textContent.trim() : '';
  }

  // ---------------------------------------------------------------- busy

  function setBusy(value, text) {
    busy = value;
    block.classList.toggle('orglab-tl-busy', value);
    Array.prototype.forEach.call(block.querySelectorAll('button, input, select, textarea'), function (control) {
      if (!control.classList.contains('orglab-tl-reload')) { control.disabled = value; }
    });
    ui.saved.textContent = text || '';
  }

  // ---------------------------------------------------------------- saving

  function change(op, row, id) {
    opVersion += 1;
    pending[id] = {op: op, row: row, v: opVersion};
    sync.changed();
  }

  function pendingOps() {
    var versions = {};
    var ops = Object.keys(pending).map(function (id) {
      var entry = pending[id];
      versions[id] = entry.v;
      return entry.op === 'put' ? {op: 'put', row: entry.row} : {op: 'del', id: id};
    });
    var content = {ops: ops};
    sent.set(content, versions);
    if (pendingWiki) {
      content.wiki = pendingWiki.value;
      sentWiki.set(content, pendingWiki.v);
    }
    return content;
  }

  function acknowledge(content) {
    if (pendingWiki && sentWiki.get(content) === pendingWiki.v) { pendingWiki = null; }
    var versions = sent.get(content);
    Object.keys(versions).forEach(function (id) {
      var entry = pending[id];
      if (!entry) { return; }
      if (entry.op === 'put') { saved[id] = entry.row; } else { delete saved[id]; }
      if (entry.v === versions[id]) { delete pending[id]; }
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

  function hasChanges() { return Object.keys(pending).length > 0 || pendingWiki !== null; }

  var sync = OrgLab.drafts({
    runtime: runtime, root: root, block: block, messages: msg, status: init.status, ui: ui,
    reloadClass: 'orglab-tl-reload',
    content: pendingOps,
    hasChanges: hasChanges,
    acknowledge: acknowledge,
    onSaved: function (data) {
      if (!data.wiki) { return; }
      savedWiki = data.wiki;
      if (!pendingWiki && wikiChoice && document.activeElement !== wikiChoice) { wikiChoice.value = data.wiki; }
    },
    onInvalid: function (data, content) {
      var problems = data.problems || [];
      problems.forEach(function (problem) { if (problem.row) { revertRow(problem.row); } });
      var wikiRefused = problems.some(function (problem) { return problem.field === 'wiki' && !problem.row; });
      if (wikiRefused && sentWiki.has(content)) {
        pendingWiki = null;
        if (wikiChoice) { wikiChoice.value = savedWiki; }
        if (hasChanges()) { sync.changed(); }  // the rows that came with the refused choice go again
      } else if (!problems.length) {
        Object.keys(sent.get(content)).forEach(revertRow);
      }
      render();
      sync.alert(data.error, {items: OrgLab.messagesOf(problems).filter(function (m) { return m !== data.error; })});
    },
    afterSubmit: function () { render(); }
  });

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
      if (!updated.title && !updated.qid) { sync.alert(msg.title_or_qid); return; }
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
    return sync.flush().then(function () {
      if (sync.isStale()) { return null; }
      return fn();
    });
  }

  function showReport(report) {
    var box = $('.orglab-tl-report');
    var list = $('.orglab-tl-report-lines');
    list.textContent = '';
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
    if (busy || sync.isStale()) { return; }
    var button = {button: buttonName('.orglab-tl-import-button')};
    flushThen(function () {
      setBusy(true, msg.importing);
      importResult.hidden = true;  // "Importing…" is said by the saved line; the result comes here
      return sync.send('import_topics', {
        text: text, format: $('.orglab-tl-import-format').value, wiki: wikiChoice.value.trim() || savedWiki
      }).then(function (result) {
        setBusy(false);
        if (result.ok) {
          sync.showStatus(result.data.status);
          replaceRows(result.data.rows);
          showReport(result.data['import']);
          sync.alert('');
          $('.orglab-tl-import-text').value = '';
          $('.orglab-tl-import-file').value = '';
          showResult(importResult, fmt(msg.imported, {added: result.data['import'].added,
            merged: result.data['import'].merged, refused: result.data['import'].refused}));
        } else if (result.status === 409) {
          importResult.hidden = true;
          sync.becomeStale(result.data.error);
          focusMessage(ui.alert);
        } else {
          showResult(importResult, result.data.error || fmt(msg.import_error, button), true);
        }
      }, function () { setBusy(false); showResult(importResult, fmt(msg.import_failed, button), true); });
    });
  }

  $('.orglab-tl-import-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var file = $('.orglab-tl-import-file').files[0];
    if (file) {
      if (file.size > init.max_import_bytes) { showResult(importResult, msg.file_too_large, true); return; }
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
      if (busy || sync.isStale()) { return; }
      var button = {button: checkButton.textContent.trim()};
      flushThen(function () {
        setBusy(true, msg.checking);
        checkResult.hidden = true;  // "Checking…" is said by the saved line; the result comes here
        return sync.send('check_articles', {}).then(function (result) {
          setBusy(false);
          if (result.ok) {
            sync.showStatus(result.data.status);
            replaceRows(result.data.rows);
            if (!result.data.failed) { sync.alert(''); }
            showResult(checkResult, result.data.message, !!result.data.failed);
          } else if (result.status === 409) {
            checkResult.hidden = true;
            sync.becomeStale(result.data.error);
            focusMessage(ui.alert);
          } else {
            showResult(checkResult, result.data.error || fmt(msg.check_error, button), true);
          }
        }, function () { setBusy(false); showResult(checkResult, fmt(msg.check_failed, button), true); });
      });
    });
  }

  $('.orglab-tl-submit').addEventListener('click', function () {
    if (!busy) { sync.submit(); }
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
    if (!title && !qid) { sync.alert(msg.title_or_qid); return; }
    var row = {id: newRowId(), title: title, wiki: $('.orglab-tl-add-wiki').value.trim() || savedWiki, qid: qid, source_title: '',
      source_wiki: '', status: 'unknown', gap: '', topic: '', task: '', priority: '', notes: '', sitelinks: null, canonical: ''};
    rows.push(row);
    change('put', row, row.id);
    $('.orglab-tl-add-title').value = '';
    $('.orglab-tl-add-qid').value = '';
    render(function () { return $('.orglab-tl-add-title'); });
  });

  if (wikiChoice) {
    wikiChoice.addEventListener('change', function () {
      var value = wikiChoice.value.trim();
      var addWiki = $('.orglab-tl-add-wiki');
      // The add form follows the choice unless the learner typed another wiki there.
      if (addWiki && (addWiki.value.trim() === savedWiki || !addWiki.value.trim())) { addWiki.value = value || savedWiki; }
      if (value === savedWiki && !pendingWiki) { return; }
      opVersion += 1;
      pendingWiki = {value: value, v: opVersion};
      sync.changed();
    });
  }

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
      if (!hasChanges() && sync.isIdle()) { return; }
      event.preventDefault();
      flushThen(function () { if (!hasChanges()) { link.click(); } });
    });
  });

  render();
  return {save: sync.saveNow};
}
