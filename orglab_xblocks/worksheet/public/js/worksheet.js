/* The campaign-design worksheet, learner side. No framework: the form is rendered on the
 * server; this script autosaves drafts (debounced, and when the page is left), submits, and
 * shows what the server says. Every save names the draft revision it is based on, so a
 * stale tab is refused instead of overwriting newer work. */
/* exported OrgLabWorksheet */
function OrgLabWorksheet(runtime, element, args) {
  'use strict';
  var init = JSON.parse(document.getElementById(args.init_id).textContent);
  var root = element.jquery ? element[0] : element;
  var block = root.querySelector('.orglab-worksheet') || root;
  var form = block.querySelector('.orglab-ws-form');
  var statusEl = block.querySelector('.orglab-ws-status');
  var alertEl = block.querySelector('.orglab-ws-alert');
  var savedEl = block.querySelector('.orglab-ws-saved');
  var submitButton = block.querySelector('.orglab-ws-submit');
  var msg = init.messages;
  var fieldsById = {};
  init.fields.forEach(function (f) { fieldsById[f.id] = f; });

  var revision = init.revision;
  var client = randomId();
  var seq = 0;
  var dirty = false;
  var stale = false;
  var inFlight = null;
  var timer = null;
  var DEBOUNCE_MS = 1500;

  function randomId() {
    if (window.crypto && window.crypto.getRandomValues) {
      var bytes = new Uint8Array(12);
      window.crypto.getRandomValues(bytes);
      return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
    }
    return String(Date.now()) + String(Math.random()).slice(2);
  }

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
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

  // ---------------------------------------------------------------- reading the form

  function fieldValue(wrapper) {
    var kind = wrapper.getAttribute('data-kind');
    if (kind === 'list') {
      return Array.prototype.map.call(wrapper.querySelectorAll('.orglab-ws-item input'), function (i) { return i.value; })
        .filter(function (v) { return v.trim() !== ''; });
    }
    if (kind === 'multiple_choice') {
      return Array.prototype.map.call(wrapper.querySelectorAll('input:checked'), function (i) { return i.value; });
    }
    if (kind === 'single_choice') {
      var checked = wrapper.querySelector('input:checked');
      return checked ? checked.value : '';
    }
    var input = wrapper.querySelector('input, textarea');
    if (kind === 'number') {
      if (input.value === '') { return null; }
      var number = Number(input.value);
      return isFinite(number) ? number : null;
    }
    return input.value;
  }

  function answers() {
    var result = {};
    Array.prototype.forEach.call(form.querySelectorAll('.orglab-ws-field'), function (wrapper) {
      result[wrapper.getAttribute('data-field-id')] = fieldValue(wrapper);
    });
    return result;
  }

  // ---------------------------------------------------------------- showing state

  function localDate(iso) {
    if (!iso) { return ''; }
    var date = new Date(iso);
    if (isNaN(date.getTime())) { return iso.slice(0, 10); }
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined, {dateStyle: 'long'}).format(date);
    } catch (e) {
      return iso.slice(0, 10);
    }
  }

  function showStatus(status) {
    revision = status.revision;
    block.setAttribute('data-state', status.state);
    var text = {
      empty: msg.status_empty,
      draft: msg.status_draft,
      submitted: fmt(msg.status_submitted, {date: localDate(status.submitted_at)}),
      changed: fmt(msg.status_changed, {date: localDate(status.submitted_at)})
    }[status.state];
    statusEl.textContent = text;
  }

  function showAlert(text, withReload) {
    alertEl.textContent = '';
    if (!text) { alertEl.hidden = true; return; }
    var p = document.createElement('p');
    p.textContent = text;
    alertEl.appendChild(p);
    if (withReload) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'orglab-ws-reload';
      button.textContent = msg.reload;
      button.addEventListener('click', function () { window.location.reload(); });
      alertEl.appendChild(button);
    }
    alertEl.hidden = false;
  }

  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll('.orglab-ws-error'), function (p) {
      p.textContent = ''; p.hidden = true;
    });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (el) { el.removeAttribute('aria-invalid'); });
  }

  function showProblems(problems, heading) {
    clearErrors();
    var general = [];
    var first = null;
    (problems || []).forEach(function (problem) {
      var wrapper = problem.field && form.querySelector('.orglab-ws-field[data-field-id="' + problem.field + '"]');
      if (!wrapper) { general.push(problem.message); return; }
      var p = wrapper.querySelector('.orglab-ws-error');
      p.textContent = problem.message;
      p.hidden = false;
      var control = wrapper.querySelector('input, textarea');
      if (control) { control.setAttribute('aria-invalid', 'true'); }
      first = first || control;
    });
    alertEl.textContent = '';
    var intro = document.createElement('p');
    intro.textContent = heading;
    alertEl.appendChild(intro);
    var list = document.createElement('ul');
    (problems || []).forEach(function (problem) {
      var li = document.createElement('li');
      li.textContent = problem.message;
      list.appendChild(li);
    });
    alertEl.appendChild(list);
    alertEl.hidden = false;
    if (first) { first.focus(); }
  }

  function becomeStale(text) {
    stale = true;
    clearTimeout(timer);
    showAlert(text, true);
  }

  // ---------------------------------------------------------------- saving

  function saveNow(keepalive) {
    clearTimeout(timer);
    if (stale || !dirty) { return Promise.resolve(); }
    if (inFlight && !keepalive) {
      // One save at a time from this tab; the latest answers go right after.
      return inFlight.then(function () { return saveNow(false); });
    }
    dirty = false;
    seq += 1;
    savedEl.textContent = msg.saving;
    var request = post('save_draft', {answers: answers(), revision: revision, client: client, seq: seq}, keepalive)
      .then(function (result) {
        if (result.ok) {
          if (!result.data.outdated) { showStatus(result.data.status); }
          savedEl.textContent = msg.saved;
          if (alertEl.querySelector('.orglab-ws-retry')) { showAlert(''); }
        } else if (result.status === 409) {
          becomeStale(result.data.error);
        } else if (result.status === 400) {
          showProblems(result.data.problems || [{message: result.data.error}], result.data.error);
          savedEl.textContent = '';
        } else {
          throw new Error(result.data.error || String(result.status));
        }
      })
      .catch(function () {
        dirty = true;
        savedEl.textContent = '';
        showAlert(navigator.onLine === false ? msg.offline : msg.save_failed, false);
        var retry = document.createElement('span');
        retry.className = 'orglab-ws-retry';
        alertEl.appendChild(retry);
        timer = setTimeout(function () { saveNow(false); }, 10000);
      })
      .then(function () { inFlight = null; });
    inFlight = request;
    return request;
  }

  function changed() {
    if (stale) { return; }
    dirty = true;
    savedEl.textContent = '';
    clearTimeout(timer);
    timer = setTimeout(function () { saveNow(false); }, DEBOUNCE_MS);
  }

  function submit(event) {
    event.preventDefault();
    if (stale) { return; }
    clearTimeout(timer);
    var send = function () {
      dirty = false;
      seq += 1;
      submitButton.disabled = true;
      savedEl.textContent = msg.submitting;
      return post('submit', {answers: answers(), revision: revision, client: client, seq: seq}).then(function (result) {
        submitButton.disabled = false;
        savedEl.textContent = '';
        if (result.ok) {
          clearErrors();
          showStatus(result.data.status);
          showAlert('');
          savedEl.textContent = msg.submitted;
        } else if (result.status === 409) {
          becomeStale(result.data.error);
        } else {
          showProblems(result.data.problems || [{message: result.data.error}], msg.fix_errors);
        }
      }).catch(function () {
        submitButton.disabled = false;
        dirty = true;
        showAlert(navigator.onLine === false ? msg.offline : msg.save_failed, false);
      });
    };
    (inFlight || Promise.resolve()).then(send);
  }

  // ---------------------------------------------------------------- counters and lists

  function updateCount(textarea) {
    var wrapper = textarea.closest('.orglab-ws-field');
    var field = fieldsById[wrapper.getAttribute('data-field-id')];
    var out = wrapper.querySelector('.orglab-ws-count');
    if (!out || !field) { return; }
    var words = textarea.value.trim() ? textarea.value.trim().split(/\s+/).length : 0;
    var parts = [field.min_words ? fmt(msg.min_words, {n: words, min: field.min_words}) : fmt(msg.words, {n: words})];
    if (field.max_chars) { parts.push(fmt(msg.chars_left, {n: field.max_chars - textarea.value.length})); }
    out.textContent = parts.join(' · ');
  }

  function renumber(list, field) {
    Array.prototype.forEach.call(list.querySelectorAll('.orglab-ws-item'), function (li, index) {
      li.querySelector('input').setAttribute('aria-label', fmt(msg.item_label, {n: index + 1, label: field.label}));
      li.querySelector('.orglab-ws-remove').setAttribute('aria-label', fmt(msg.remove_item, {n: index + 1}));
    });
  }

  function addItem(wrapper) {
    var field = fieldsById[wrapper.getAttribute('data-field-id')];
    var list = wrapper.querySelector('.orglab-ws-items');
    if (field.max_items && list.children.length >= field.max_items) {
      wrapper.querySelector('.orglab-ws-error').textContent = msg.list_full;
      wrapper.querySelector('.orglab-ws-error').hidden = false;
      return;
    }
    var li = document.createElement('li');
    li.className = 'orglab-ws-item';
    var input = document.createElement('input');
    input.type = 'text';
    input.dir = 'auto';
    if (field.max_chars) { input.maxLength = field.max_chars; }
    var remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'orglab-ws-remove';
    remove.textContent = msg.remove;
    li.appendChild(input);
    li.appendChild(document.createTextNode(' '));
    li.appendChild(remove);
    list.appendChild(li);
    renumber(list, field);
    input.focus();
  }

  form.addEventListener('click', function (event) {
    var target = event.target;
    var wrapper = target.closest && target.closest('.orglab-ws-field');
    if (target.classList.contains('orglab-ws-add')) {
      addItem(wrapper);
    } else if (target.classList.contains('orglab-ws-remove')) {
      var list = target.closest('.orglab-ws-items');
      var li = target.closest('.orglab-ws-item');
      var next = li.nextElementSibling || li.previousElementSibling;
      li.parentNode.removeChild(li);
      renumber(list, fieldsById[wrapper.getAttribute('data-field-id')]);
      (next ? next.querySelector('input') : wrapper.querySelector('.orglab-ws-add')).focus();
      changed();
    }
  });
  form.addEventListener('keydown', function (event) {
    // Enter in a list item adds the next item instead of submitting the form.
    if (event.key === 'Enter' && event.target.closest && event.target.closest('.orglab-ws-item')) {
      event.preventDefault();
      addItem(event.target.closest('.orglab-ws-field'));
    }
  });
  form.addEventListener('input', function (event) {
    if (event.target.tagName === 'TEXTAREA') { updateCount(event.target); }
    changed();
  });
  form.addEventListener('change', changed);
  form.addEventListener('submit', submit);
  block.querySelector('.orglab-ws-save').addEventListener('click', function () { dirty = true; saveNow(false); });

  // Leaving the page (or hiding it on a phone) saves what is pending.
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') { saveNow(true); }
  });
  window.addEventListener('pagehide', function () { saveNow(true); });
  window.addEventListener('online', function () { if (dirty) { saveNow(false); } });

  Array.prototype.forEach.call(form.querySelectorAll('textarea'), updateCount);
  Array.prototype.forEach.call(form.querySelectorAll('.orglab-ws-field[data-kind="list"]'), function (wrapper) {
    renumber(wrapper.querySelector('.orglab-ws-items'), fieldsById[wrapper.getAttribute('data-field-id')]);
  });
  showStatus(init.status);

  return {save: saveNow};
}
