/* The grant proposal, learner side. The proposal is rendered on the server; this script keeps the
 * learner's own fields (title, dates, budget lines) as a draft through OrgLab.drafts (autosave,
 * stale-tab refusal, submit), adds and removes budget lines, and shows the readiness the server
 * answers after each save. */
/* global OrgLab */
/* exported OrgLabProposal */
function OrgLabProposal(runtime, element, args) {
  'use strict';
  var fmt = OrgLab.fmt;
  var {init, root, block, messages: msg} = OrgLab.start(element, args, '.orglab-proposal');
  var ui = OrgLab.find(block, 'orglab-pr', ['form', 'status', 'alert', 'saved', 'submit', 'lines', 'summary']);
  var form = ui.form;

  function own() {
    var lines = Array.prototype.map.call(ui.lines.querySelectorAll('.orglab-pr-line'), function (li) {
      return {
        item: li.querySelector('.orglab-pr-item').value,
        amount: OrgLab.numberOrNull(li.querySelector('.orglab-pr-amount').value),
        currency: li.querySelector('.orglab-pr-currency').value.trim().toUpperCase(),
        usd: OrgLab.numberOrNull(li.querySelector('.orglab-pr-usd').value)
      };
    }).filter(function (line) { return line.item.trim() || line.amount !== null || line.currency || line.usd !== null; });
    return {
      title: form.querySelector('.orglab-pr-own-title').value,
      start_date: form.querySelector('.orglab-pr-own-start').value,
      end_date: form.querySelector('.orglab-pr-own-end').value,
      budget: lines
    };
  }

  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll('.orglab-pr-error'), function (p) { p.textContent = ''; p.hidden = true; });
  }

  function showProblems(problems, heading) {
    clearErrors();
    (problems || []).forEach(function (problem) {
      var name = (problem.field || '').split('.')[0];
      var wrapper = name && form.querySelector('[data-field="' + name + '"]');
      var p = wrapper && wrapper.querySelector('.orglab-pr-error');
      if (p) { p.textContent = problem.message; p.hidden = false; }
    });
    sync.alert(heading, {items: OrgLab.messagesOf(problems)});
  }

  /* The readiness the server answered: the summary, each section's state and reasons, the totals. */
  function showReadiness(data) {
    if (!data || !data.summary) { return; }
    ui.summary.textContent = fmt(msg.summary, data.summary);
    (data.sections || []).forEach(function (section) {
      if (!section.state) { return; }
      Array.prototype.forEach.call(block.querySelectorAll('.orglab-pr-state[data-section="' + section.id + '"], ' +
          '.orglab-pr-section[data-section="' + section.id + '"] h4 .orglab-pr-state'), function (badge) {
        badge.className = 'orglab-pr-state orglab-pr-state-' + section.state;
        badge.textContent = section.label;
      });
      var box = block.querySelector('.orglab-pr-section[data-section="' + section.id + '"]');
      if (!box) { return; }
      box.setAttribute('data-state', section.state);
      var why = box.querySelector('.orglab-pr-why');
      var list = why.querySelector('ul');
      list.textContent = '';
      section.reasons.forEach(function (reason) { list.appendChild(OrgLab.el('li', {text: reason})); });
      why.hidden = section.reasons.length === 0;
    });
    var totals = block.querySelector('.orglab-pr-totals');
    var totalsList = totals.querySelector('ul');
    totalsList.textContent = '';
    (data.totals || []).forEach(function (line) { totalsList.appendChild(OrgLab.el('li', {text: line})); });
    totals.hidden = !(data.totals || []).length;
  }

  var sync = OrgLab.drafts({
    runtime: runtime, root: root, block: block, messages: msg, status: init.status, ui: ui,
    reloadClass: 'orglab-pr-reload',
    focusStatus: true,
    content: function () { return {own: own()}; },
    onSaved: showReadiness,
    onSubmitted: function (data) { clearErrors(); showReadiness(data); },
    onInvalid: function (data) { showProblems(data.problems || [{message: data.error}], data.error); },
    onRefused: function (data) { showProblems(data.problems || [{message: data.error}], msg.fix_errors); },
    beforeSubmit: function () { ui.submit.disabled = true; },
    afterSubmit: function () { ui.submit.disabled = false; }
  });

  function renumber() {
    Array.prototype.forEach.call(ui.lines.querySelectorAll('.orglab-pr-line'), function (li, index) {
      li.setAttribute('aria-label', fmt(msg.line, {n: index + 1}));
      li.querySelector('.orglab-pr-remove').setAttribute('aria-label', fmt(msg.remove_line, {n: index + 1}));
    });
  }

  function addLine() {
    var template = ui.lines.querySelector('.orglab-pr-line');
    var li = template.cloneNode(true);
    Array.prototype.forEach.call(li.querySelectorAll('input'), function (input) { input.value = ''; });
    ui.lines.appendChild(li);
    renumber();
    li.querySelector('input').focus();
  }

  form.addEventListener('click', function (event) {
    var target = event.target;
    if (target.classList.contains('orglab-pr-add')) {
      addLine();
    } else if (target.classList.contains('orglab-pr-remove')) {
      var li = target.closest('.orglab-pr-line');
      if (ui.lines.children.length === 1) {
        Array.prototype.forEach.call(li.querySelectorAll('input'), function (input) { input.value = ''; });
        li.querySelector('input').focus();
      } else {
        var next = li.nextElementSibling || li.previousElementSibling;
        li.parentNode.removeChild(li);
        next.querySelector('input').focus();
      }
      renumber();
      sync.changed();
    }
  });
  form.addEventListener('input', sync.changed);
  form.addEventListener('change', sync.changed);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    sync.submit();
  });
  block.querySelector('.orglab-pr-save').addEventListener('click', sync.save);
  renumber();

  return {save: sync.saveNow};
}
