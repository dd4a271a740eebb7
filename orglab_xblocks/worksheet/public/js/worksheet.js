/* The campaign-design worksheet, learner side. No framework: the form is rendered on the
 * server; this script autosaves drafts (debounced, and when the page is left), submits, and
 * shows what the server says. Saving is OrgLab.drafts (public/js/orglab.js, loaded first): every
 * save names the draft revision it is based on, so a stale tab is refused instead of overwriting
 * newer work. */
/* global OrgLab */
/* exported OrgLabWorksheet */
function OrgLabWorksheet(runtime, element, args) {
  'use strict';
  var fmt = OrgLab.fmt;
  var {init, root, block, messages: msg} = OrgLab.start(element, args, '.orglab-worksheet');
  var ui = OrgLab.find(block, 'orglab-ws', ['form', 'status', 'alert', 'saved', 'submit']);
  var form = ui.form;
  var fieldsById = {};
  init.fields.forEach(function (f) { fieldsById[f.id] = f; });

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

  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll('.orglab-ws-error'), function (p) {
      p.textContent = ''; p.hidden = true;
    });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (el) { el.removeAttribute('aria-invalid'); });
  }

  function showProblems(problems, heading) {
    clearErrors();
    var first = null;
    (problems || []).forEach(function (problem) {
      var wrapper = problem.field && form.querySelector('.orglab-ws-field[data-field-id="' + problem.field + '"]');
      if (!wrapper) { return; }
      var p = wrapper.querySelector('.orglab-ws-error');
      p.textContent = problem.message;
      p.hidden = false;
      var control = wrapper.querySelector('input, textarea');
      if (control) { control.setAttribute('aria-invalid', 'true'); }
      first = first || control;
    });
    sync.alert(heading, {items: OrgLab.messagesOf(problems)});
    if (first) { first.focus(); }
  }

  // ---------------------------------------------------------------- saving

  var sync = OrgLab.drafts({
    runtime: runtime, root: root, block: block, messages: msg, status: init.status, ui: ui,
    reloadClass: 'orglab-ws-reload',
    focusStatus: true,
    content: function () { return {answers: answers()}; },
    onInvalid: function (data) { showProblems(data.problems || [{message: data.error}], data.error); },
    onSubmitted: clearErrors,
    onRefused: function (data) { showProblems(data.problems || [{message: data.error}], msg.fix_errors); },
    beforeSubmit: function () { ui.submit.disabled = true; },
    afterSubmit: function () { ui.submit.disabled = false; }
  });

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
      sync.changed();
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
    sync.changed();
  });
  form.addEventListener('change', sync.changed);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    sync.submit();
  });
  block.querySelector('.orglab-ws-save').addEventListener('click', sync.save);

  Array.prototype.forEach.call(form.querySelectorAll('textarea'), updateCount);
  Array.prototype.forEach.call(form.querySelectorAll('.orglab-ws-field[data-kind="list"]'), function (wrapper) {
    renumber(wrapper.querySelector('.orglab-ws-items'), fieldsById[wrapper.getAttribute('data-field-id')]);
  });

  return {save: sync.saveNow};
}
