/* What every orglab block's browser script shares: window.OrgLab.
 *
 * - start(): the block's root element and the init data its view handed over (attach_init);
 * - DOM and format helpers (el, find, fmt, localDate, randomId, csrfToken, messagesOf) and the
 *   Studio editors' form builders (uid, labelled, input, textarea, select, button, numberOrNull);
 * - post(): a JSON POST to one of the block's handlers, answered as {ok, status, data};
 * - showAlert() and showStatus(): the alert box and the status line every learner view has;
 * - studioEditor(): an editor's Save (all or nothing, the server's problems listed) and Cancel;
 * - drafts(): the draft-sync controller, the browser twin of OrgLabBlockMixin in
 *   orglab_xblocks/common.py. Each save or submit names the draft revision it was based on, this
 *   tab's id and the tab's own sequence number; a tab whose base is out of date is refused (409) and
 *   offers to reload instead of overwriting newer work. Changes are saved 1.2 s after the last one,
 *   when the page is hidden or left, and, after a save that did not reach the server, again every
 *   10 s and when the browser is back online; one save at a time leaves this tab.
 *
 * No build step, no framework. Each block loads this file before its own script, from its own
 * public/js/ (a link to orglab_xblocks/public/js/orglab.js, so that every runtime's way of serving a
 * block's files finds it); a page with several kinds of block loads it more than once, so OrgLab
 * is defined once. It has no text of its own: every message it shows is one the block's view put
 * in its init data, translated on the server (DRAFT_MESSAGES in common.py, each block's
 * STUDIO_MESSAGES). */
/* exported OrgLab */
window.OrgLab = window.OrgLab || (function (window, document) {
  'use strict';

  var DEBOUNCE_MS = 1200;   // a draft is saved this long after the last change
  var RETRY_MS = 10000;     // after a save that did not reach the server, the next try
  var NETWORK = 'network';  // the alert's data-kind while it says a save did not reach the server
  var counter = 0;          // for ids unique in the page (uid)

  // ---------------------------------------------------------------- DOM and format

  /* The block's root element (runtimes hand over a DOM element or a jQuery one), its outer element
   * (the first matching `selector`), the init data the view attached (attach_init) and the
   * translated messages in it. */
  function start(element, args, selector) {
    var root = element.jquery ? element[0] : element;
    var init = JSON.parse(document.getElementById(args.init_id).textContent);
    var block = root.querySelector(selector) || root;
    scriptStarted(block);
    return {root: root, block: block, init: init, messages: init.messages};
  }

  /* The block's script runs: its notice that the page needs JavaScript (.orglab-js-notice) goes,
   * its controls held disabled until now (.orglab-js-gate) work (public/css/orglab.css). */
  function scriptStarted(block) {
    Array.prototype.forEach.call(block.querySelectorAll('.orglab-js-notice'), function (notice) { notice.hidden = true; });
    Array.prototype.forEach.call(block.querySelectorAll('.orglab-js-gate'), function (gate) { gate.disabled = false; });
  }

  /* Move the keyboard focus to a message (the status line, an alert) so that it is read and the
   * learner goes on from there, instead of the focus dropping to the page's <body>. */
  function focusMessage(node) {
    if (!node) { return; }
    if (!node.hasAttribute('tabindex')) { node.setAttribute('tabindex', '-1'); }
    node.focus();
  }

  /* The elements of `container` named by its class convention: find(block, 'orglab-ws', ['status'])
   * is {status: the first element of class orglab-ws-status}. */
  function find(container, prefix, names) {
    var found = {};
    names.forEach(function (name) { found[name] = container.querySelector('.' + prefix + '-' + name); });
    return found;
  }

  /* A new element: `attrs.text` becomes its text, `attrs.className` its class, the rest attributes;
   * `children` (null ones skipped) are appended. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') {
        node.textContent = attrs[key];
      } else if (key === 'className') {
        node.className = attrs[key];
      } else {
        node.setAttribute(key, attrs[key]);
      }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  /* The page's language (the LMS and the devsite write it on <html lang>), else the browser's. */
  function pageLanguage() {
    return document.documentElement.lang || navigator.language || undefined;
  }

  /* A number as the page's language writes it ("1,234.5", "1234,5"). */
  function localNumber(value) {
    try {
      return new Intl.NumberFormat(pageLanguage()).format(value);
    } catch (e) {
      return String(value);
    }
  }

  /* A translated template with {name} placeholders filled in (numbers as the page's language
     writes them); unknown ones are left as they are. */
  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      if (!Object.prototype.hasOwnProperty.call(values, key)) { return all; }
      return typeof values[key] === 'number' ? localNumber(values[key]) : String(values[key]);
    });
  }

  /* An ISO 8601 date and time as a long date in the page's language. */
  function localDate(iso) {
    if (!iso) { return ''; }
    var date = new Date(iso);
    if (isNaN(date.getTime())) { return iso.slice(0, 10); }
    try {
      // The same long date the server writes (orglab_xblocks.i18n.long_date), in UTC as it stores it.
      return new Intl.DateTimeFormat(pageLanguage(), {dateStyle: 'long', timeZone: 'UTC'}).format(date);
    } catch (e) {
      return iso.slice(0, 10);
    }
  }

  /* Random hex digits (`bytes` random bytes, 10 unless told): a tab's id, a new row's or segment's. */
  function randomId(bytes) {
    var count = bytes || 10;
    if (window.crypto && window.crypto.getRandomValues) {
      var values = new Uint8Array(count);
      window.crypto.getRandomValues(values);
      return Array.prototype.map.call(values, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
    }
    return (String(Date.now()) + String(Math.random()).slice(2)).slice(0, 2 * count);
  }

  /* An id no other element of the page has: `prefix`-n. */
  function uid(prefix) {
    counter += 1;
    return prefix + '-' + counter;
  }

  /* The texts of a handler's problems ([{message}, …]). */
  function messagesOf(problems) {
    return (problems || []).map(function (problem) { return problem.message; });
  }

  // ---------------------------------------------------------------- talking to the handlers

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  /* POST `body` as JSON to the block's `handler`; resolves to {ok, status, data} (data is {} when
   * the answer is not JSON) and rejects only when the server was not reached. `keepalive` lets the
   * request outlive the page (a save when it is left). */
  function post(runtime, root, handler, body, keepalive) {
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

  // ---------------------------------------------------------------- what the learner reads

  /* Say `text` in the block's alert box, hide it when there is no text. Options: `items` (a list
   * under the text), `reload` ({text, className}: a button that reloads the page), `focus`. */
  function showAlert(alertEl, text, options) {
    var opts = options || {};
    alertEl.textContent = '';
    alertEl.removeAttribute('data-kind');
    if (!text) { alertEl.hidden = true; return; }
    alertEl.appendChild(el('p', {text: text}));
    if (opts.items && opts.items.length) {
      alertEl.appendChild(el('ul', null, opts.items.map(function (item) { return el('li', {text: item}); })));
    }
    if (opts.reload) {
      var reload = el('button', {type: 'button', className: opts.reload.className, text: opts.reload.text});
      reload.addEventListener('click', function () { window.location.reload(); });
      alertEl.appendChild(reload);
    }
    alertEl.hidden = false;
    if (opts.focus) {
      alertEl.setAttribute('tabindex', '-1');
      alertEl.focus();
    }
  }

  /* Where the learner's work stands (OrgLabBlockMixin.status): the block's data-state and its
   * status line. */
  function showStatus(block, statusEl, messages, status) {
    block.setAttribute('data-state', status.state);
    statusEl.textContent = {
      empty: messages.status_empty,
      draft: messages.status_draft,
      submitted: fmt(messages.status_submitted, {date: localDate(status.submitted_at)}),
      changed: fmt(messages.status_changed, {date: localDate(status.submitted_at)})
    }[status.state];
  }

  // ---------------------------------------------------------------- the draft-sync controller

  /* Keep a learner's draft on the server. Options:
   *   runtime, root, block (its element with data-state), messages (the block's init.messages),
   *   status (init.status); ui: {status, alert, saved} elements; reloadClass: the class of the
   *   alert's reload button;
   *   content(): what a save or submit sends beside revision, client and seq ({answers: …});
   *   hasChanges(): whether there is anything to save (default: changed() was called since the
   *     last save was sent);
   *   acknowledge(content): the server kept `content` (a save, a submit, or a refused submit whose
   *     answer still carries a status);
   *   onSaved(data), onSubmitted(data): after an accepted save (not an outdated one) or submit;
   *   onInvalid(data, content): a save refused with 400 (default: the error and its problems in the
   *     alert);
   *   onRefused(data): a submit refused (default: "fix_errors" and the problems in the alert);
   *   beforeSubmit(), afterSubmit(): around a submit's request.
   * Returns {changed, saveNow, save, submit, send, flush, alert, becomeStale, showStatus, isStale,
   * isIdle}. */
  function drafts(options) {
    var msg = options.messages;
    var ui = options.ui;
    var revision = options.status.revision;
    var client = randomId();
    var seq = 0;
    var dirty = false;
    var stale = false;
    var inFlight = null;
    var timer = null;
    var hasChanges = options.hasChanges || function () { return dirty; };
    var acknowledge = options.acknowledge || function () {};

    function alert(text, opts) {
      var all = Object.assign({}, opts);
      if (all.reload) { all.reload = {text: msg.reload, className: options.reloadClass}; }
      showAlert(ui.alert, text, all);
    }

    function status(value) {
      revision = value.revision;
      showStatus(options.block, ui.status, msg, value);
    }

    function becomeStale(text) {
      stale = true;
      clearTimeout(timer);
      alert(text, {reload: true});
    }

    function notReached() {
      alert(navigator.onLine === false ? msg.offline : msg.save_failed);
    }

    /* A request that changes the draft: `fields` and the draft's revision, this tab, its next number. */
    function send(handler, fields, keepalive) {
      seq += 1;
      return post(options.runtime, options.root, handler,
        Object.assign({}, fields, {revision: revision, client: client, seq: seq}), keepalive);
    }

    function changed() {
      if (stale) { return; }
      dirty = true;
      ui.saved.textContent = '';
      clearTimeout(timer);
      timer = setTimeout(function () { saveNow(false); }, DEBOUNCE_MS);
    }

    function saveNow(keepalive) {
      clearTimeout(timer);
      if (stale || !hasChanges()) { return Promise.resolve(); }
      if (inFlight && !keepalive) {
        // One save at a time from this tab; the latest content goes right after.
        return inFlight.then(function () { return saveNow(false); });
      }
      var content = options.content();
      dirty = false;
      ui.saved.textContent = msg.saving;
      var request = send('save_draft', content, keepalive)
        .then(function (result) {
          if (result.ok) {
            acknowledge(content);
            if (!result.data.outdated) {
              status(result.data.status);
              if (options.onSaved) { options.onSaved(result.data); }
            }
            ui.saved.textContent = msg.saved;
            if (ui.alert.getAttribute('data-kind') === NETWORK) { alert(''); }
          } else if (result.status === 409) {
            becomeStale(result.data.error);
          } else if (result.status === 400) {
            ui.saved.textContent = '';
            if (options.onInvalid) {
              options.onInvalid(result.data, content);
            } else {
              alert(result.data.error, {items: messagesOf(result.data.problems)});
            }
          } else {
            throw new Error(result.data.error || String(result.status));
          }
        })
        .catch(function () {
          dirty = true;
          ui.saved.textContent = '';
          notReached();
          ui.alert.setAttribute('data-kind', NETWORK);
          timer = setTimeout(function () { saveNow(false); }, RETRY_MS);
        })
        .then(function () { if (inFlight === request) { inFlight = null; } });
      inFlight = request;
      return request;
    }

    /* Save what is pending now (a Save button). */
    function save() {
      dirty = true;
      return saveNow(false);
    }

    /* Save what is pending, or wait for the save under way; resolves when none is left. */
    function flush() {
      clearTimeout(timer);
      return hasChanges() ? saveNow(false) : (inFlight || Promise.resolve());
    }

    /* Option `focusStatus`: after a submit the focus goes to the status line when it was taken,
     * and to the alert (or the status line) when it was refused or did not reach the server, unless
     * the block has put it somewhere in the block (a field to fix); never left on <body>. */
    function focusAfterSubmit() {
      if (!options.focusStatus) { return; }
      var active = document.activeElement;
      var refused = !ui.alert.hidden;
      if (!refused) {
        focusMessage(ui.status);
      } else if (!active || active === document.body || !options.block.contains(active) || active.disabled) {
        focusMessage(ui.alert);
      }
    }

    function submit() {
      if (stale) { return Promise.resolve(); }
      clearTimeout(timer);
      return (inFlight || Promise.resolve()).then(function () {
        var content = options.content();
        dirty = false;
        ui.saved.textContent = msg.submitting;
        if (options.beforeSubmit) { options.beforeSubmit(); }
        return send('submit', content).then(function (result) {
          ui.saved.textContent = '';
          if (result.ok) {
            acknowledge(content);
            status(result.data.status);
            if (options.onSubmitted) { options.onSubmitted(result.data); }
            alert('');
            ui.saved.textContent = msg.submitted;
          } else if (result.status === 409) {
            becomeStale(result.data.error);
          } else {
            if (result.data.status) {  // the server kept the changes though it did not take the submit
              acknowledge(content);
              status(result.data.status);
            } else {
              dirty = true;
            }
            if (options.onRefused) {
              options.onRefused(result.data);
            } else {
              alert(msg.fix_errors, {items: messagesOf(result.data.problems || [{message: result.data.error}])});
            }
          }
        }, function () {
          dirty = true;
          ui.saved.textContent = '';
          notReached();
        }).then(function () {
          if (options.afterSubmit) { options.afterSubmit(); }
          focusAfterSubmit();
        });
      });
    }

    // Leaving the page (or hiding it on a phone) saves what is pending.
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') { saveNow(true); }
    });
    window.addEventListener('pagehide', function () { saveNow(true); });
    window.addEventListener('online', function () { if (hasChanges()) { saveNow(false); } });

    status(options.status);

    return {
      changed: changed,
      saveNow: saveNow,
      save: save,
      submit: submit,
      send: send,
      flush: flush,
      alert: alert,
      becomeStale: becomeStale,
      showStatus: status,
      isStale: function () { return stale; },
      isIdle: function () { return inFlight === null; }
    };
  }

  // ---------------------------------------------------------------- Studio editors

  /* A labelled control in a row of class `rowClass` (orglab-st-row unless told). */
  function labelled(text, control, rowClass) {
    control.id = control.id || uid('orglab-field');
    return el('div', {className: rowClass || 'orglab-st-row'}, [el('label', {'for': control.id, text: text}), control]);
  }

  function input(value, onInput, attrs) {
    var node = el('input', Object.assign({type: 'text', dir: 'auto'}, attrs || {}));
    node.value = value === null || value === undefined ? '' : value;
    node.addEventListener('input', function () { onInput(node.value); });
    return node;
  }

  function textarea(value, onInput, rows) {
    var node = el('textarea', {rows: rows || 2, dir: 'auto'});
    node.value = value || '';
    node.addEventListener('input', function () { onInput(node.value); });
    return node;
  }

  /* A select of `options` ([value, label] pairs) with `value` chosen. */
  function select(options, value, onChange, className) {
    var node = el('select', {className: className || ''});
    options.forEach(function (pair) {
      var option = el('option', {value: pair[0], text: pair[1]});
      if (pair[0] === value) { option.selected = true; }
      node.appendChild(option);
    });
    node.addEventListener('change', function () { onChange(node.value); });
    return node;
  }

  function button(text, onClick, className) {
    var node = el('button', {type: 'button', className: className || '', text: text});
    node.addEventListener('click', onClick);
    return node;
  }

  /* A number typed in a field: null when empty, the text itself when it is not a number (the
   * server says why). */
  function numberOrNull(text) {
    if (text.trim() === '') { return null; }
    var number = Number(text);
    return isFinite(number) ? number : text;
  }

  /* Wire an editor's Save and Cancel buttons. Options: runtime, root, messages (saving, saved,
   * fix_errors), ui: {alert, saved, save, cancel} elements, body(): what studio_submit receives.
   * The server checks the whole configuration and saves all of it or nothing; its problems are
   * listed in the alert. */
  function studioEditor(options) {
    var msg = options.messages;
    var ui = options.ui;

    function notify(name, data) {
      if (options.runtime.notify) { options.runtime.notify(name, data); }
    }

    function failed(title, items, error) {
      ui.saved.textContent = '';
      notify('error', {title: msg.fix_errors, message: error});
      showAlert(ui.alert, title, {items: items, focus: true});
    }

    ui.save.addEventListener('click', function () {
      ui.alert.hidden = true;
      ui.saved.textContent = msg.saving;
      notify('save', {state: 'start', message: msg.saving});
      post(options.runtime, options.root, 'studio_submit', options.body()).then(function (result) {
        if (result.ok) {
          ui.saved.textContent = msg.saved;
          notify('save', {state: 'end'});
        } else {
          failed(result.data.error || msg.fix_errors, messagesOf(result.data.problems), result.data.error);
        }
      }, function (error) {
        failed(msg.fix_errors, [String(error)], String(error));
      });
    });
    ui.cancel.addEventListener('click', function () { notify('cancel', {}); });
  }

  return {
    DEBOUNCE_MS: DEBOUNCE_MS,
    RETRY_MS: RETRY_MS,
    start: start,
    scriptStarted: scriptStarted,
    focusMessage: focusMessage,
    find: find,
    el: el,
    fmt: fmt,
    localDate: localDate,
    localNumber: localNumber,
    randomId: randomId,
    uid: uid,
    messagesOf: messagesOf,
    csrfToken: csrfToken,
    post: post,
    showAlert: showAlert,
    showStatus: showStatus,
    drafts: drafts,
    labelled: labelled,
    input: input,
    textarea: textarea,
    select: select,
    button: button,
    numberOrNull: numberOrNull,
    studioEditor: studioEditor
  };
}(window, document));
