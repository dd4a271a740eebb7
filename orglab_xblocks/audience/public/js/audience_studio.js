/* The audience-needs instrument, Studio side: edit the title, instructions, the needs (each with
 * its recommendation) and the questions with their weights toward the needs. The server validates
 * the whole instrument and saves all of it or nothing; its messages are shown here.
 * Weights are kept keyed by a private key per need while editing, so renaming a need's id renames
 * every weight toward it and removing a need removes them; they are keyed by need id on save. */
/* global OrgLab */
/* exported OrgLabAudienceStudio */
// messages used: saving, saved, fix_errors, reset_confirm, needs, need, need_id, need_label,
//   need_recommendation, add_need, remove_need, questions, question, question_id, question_label,
//   question_help, question_kind, question_group, required, scale_low, scale_high, min_value,
//   max_value, choices, choice_value, choice_label, add_choice, remove_choice, add_question,
//   remove_question, move_up, move_down, weights, weight_toward, new_need, new_question, new_choice
function OrgLabAudienceStudio(runtime, element, args) {
  'use strict';
  var {el, labelled, input, textarea, select, button} = OrgLab;
  var {init, root, block: editor, messages: msg} = OrgLab.start(element, args, '.orglab-audience-studio');
  var ui = OrgLab.find(editor, 'orglab-st', ['needs', 'questions', 'alert', 'saved', 'title', 'instructions', 'save', 'cancel']);
  var WEIGHTED = {scale: true, number: true};
  var CHOICE_KINDS = {single_choice: true, multiple_choice: true};
  var state = load(init.instrument);

  function uid() { return OrgLab.uid('orglab-st'); }

  function heading(word, index, name) { return word + ' ' + (index + 1) + (name ? ': ' + name : ''); }

  function freeId(prefix, list, field) {
    var n = list.length + 1;
    function taken(id) { return list.some(function (item) { return item[field] === id; }); }
    while (taken(prefix + '_' + n)) { n += 1; }
    return prefix + '_' + n;
  }

  // ------------------------------------------------------------------ state in and out

  function load(instrument) {
    var data = JSON.parse(JSON.stringify(instrument || {}));
    var keys = Object.create(null);
    var needs = (data.needs || []).map(function (need) {
      var item = {key: uid(), id: need.id || '', label: need.label || '', recommendation: need.recommendation || ''};
      if (!(item.id in keys)) { keys[item.id] = item.key; }
      return item;
    });
    function weights(raw) {
      var out = {};
      Object.keys(raw || {}).forEach(function (id) { if (id in keys) { out[keys[id]] = raw[id]; } });
      return out;
    }
    var questions = (data.questions || []).map(function (q) {
      return {id: q.id || '', label: q.label || '', help: q.help || '', kind: q.kind || 'scale', group: q.group || 'other',
        required: !!q.required, weights: weights(q.weights), scale_low: q.scale_low || '', scale_high: q.scale_high || '',
        min_value: q.min_value === undefined ? null : q.min_value, max_value: q.max_value === undefined ? null : q.max_value,
        choices: (q.choices || []).map(function (c) { return {value: c.value || '', label: c.label || '', weights: weights(c.weights)}; })};
    });
    return {needs: needs, questions: questions};
  }

  function dump() {
    var ids = Object.create(null);
    state.needs.forEach(function (need) { ids[need.key] = need.id; });
    function weights(raw) {
      var out = {};
      Object.keys(raw).forEach(function (key) { if (key in ids && typeof raw[key] === 'number') { out[ids[key]] = raw[key]; } });
      return out;
    }
    return {
      needs: state.needs.map(function (n) { return {id: n.id, label: n.label, recommendation: n.recommendation}; }),
      questions: state.questions.map(function (q) {
        var out = {id: q.id, label: q.label, help: q.help, kind: q.kind, group: q.group, required: q.required};
        if (q.kind === 'scale') { out.scale_low = q.scale_low; out.scale_high = q.scale_high; }
        if (q.kind === 'number') { out.min_value = q.min_value; out.max_value = q.max_value; }
        if (WEIGHTED[q.kind]) { out.weights = weights(q.weights); }
        if (CHOICE_KINDS[q.kind]) {
          out.choices = q.choices.map(function (c) { return {value: c.value, label: c.label, weights: weights(c.weights)}; });
        }
        return out;
      })
    };
  }

  function dropWeights(key) {
    state.questions.forEach(function (q) {
      delete q.weights[key];
      q.choices.forEach(function (c) { delete c.weights[key]; });
    });
  }

  function newChoice(choices) { return {value: freeId('choice', choices, 'value'), label: msg.new_choice, weights: {}}; }

  // ------------------------------------------------------------------ rendering

  function weightLabel(need) { return msg.weight_toward.replace('{need}', need.label || need.id); }

  function refreshNeedNames(need) {
    var nodes = editor.querySelectorAll('[data-weight-label="' + need.key + '"]');
    Array.prototype.forEach.call(nodes, function (node) { node.textContent = weightLabel(need); });
  }

  /* One number input per need; an empty input means no weight toward that need. */
  function weightsGrid(weights) {
    if (!state.needs.length) { return null; }
    var box = el('fieldset', {className: 'orglab-st-weights'}, [el('legend', {text: msg.weights})]);
    state.needs.forEach(function (need) {
      var row = labelled(weightLabel(need), input(weights[need.key], function (v) {
        var number = Number(v);
        if (v.trim() === '' || !isFinite(number)) { delete weights[need.key]; } else { weights[need.key] = number; }
      }, {type: 'number', dir: 'ltr', step: '0.5', min: '-3', max: '3'}));
      row.firstChild.setAttribute('data-weight-label', need.key);
      box.appendChild(row);
    });
    return box;
  }

  /* Move up, move down and remove for item `index` of `list`; `where(i)` selects item i's box. */
  function tools(list, index, where, addSelector, removeText, onRemove) {
    function moveBy(delta) {
      var target = index + delta;
      if (target < 0 || target >= list.length) { return; }
      list.splice(target, 0, list.splice(index, 1)[0]);
      render(where(target) + ' > .orglab-st-tools > .orglab-st-' + (delta < 0 ? 'up' : 'down'));
    }
    return el('div', {className: 'orglab-st-tools'}, [
      button(msg.move_up, function () { moveBy(-1); }, 'orglab-st-up'),
      button(msg.move_down, function () { moveBy(1); }, 'orglab-st-down'),
      button(removeText, function () {
        var removed = list.splice(index, 1)[0];
        if (onRemove) { onRemove(removed); }
        render(list.length ? where(Math.min(index, list.length - 1)) + ' input' : addSelector);
      }, 'orglab-st-remove')
    ]);
  }

  function needWhere(i) { return '[data-need="' + i + '"]'; }
  function questionWhere(i) { return '[data-question="' + i + '"]'; }

  function renderNeed(need, index) {
    var box = el('fieldset', {className: 'orglab-st-need', 'data-need': String(index)});
    var legend = el('legend', {text: heading(msg.need, index, need.label || need.id)});
    function renamed() { legend.textContent = heading(msg.need, index, need.label || need.id); refreshNeedNames(need); }
    box.appendChild(legend);
    box.appendChild(labelled(msg.need_id, input(need.id, function (v) { need.id = v.trim(); renamed(); }, {dir: 'ltr', maxlength: 40})));
    box.appendChild(labelled(msg.need_label, input(need.label, function (v) { need.label = v; renamed(); }, {maxlength: 300})));
    box.appendChild(labelled(msg.need_recommendation, textarea(need.recommendation, function (v) { need.recommendation = v; }, 4)));
    box.appendChild(tools(state.needs, index, needWhere, '.orglab-st-add-need', msg.remove_need,
      function (removed) { dropWeights(removed.key); }));
    return box;
  }

  function renderChoice(q, qIndex, choice, cIndex) {
    function where(i) { return '[data-choice="' + qIndex + '-' + i + '"]'; }
    var box = el('fieldset', {className: 'orglab-st-choice', 'data-choice': qIndex + '-' + cIndex});
    var legend = el('legend', {text: (cIndex + 1) + '. ' + (choice.label || choice.value)});
    function renamed() { legend.textContent = (cIndex + 1) + '. ' + (choice.label || choice.value); }
    box.appendChild(legend);
    box.appendChild(labelled(msg.choice_value, input(choice.value, function (v) { choice.value = v.trim(); renamed(); }, {dir: 'ltr', maxlength: 40})));
    box.appendChild(labelled(msg.choice_label, input(choice.label, function (v) { choice.label = v; renamed(); }, {maxlength: 300})));
    box.appendChild(weightsGrid(choice.weights));
    box.appendChild(tools(q.choices, cIndex, where, questionWhere(qIndex) + ' .orglab-st-add-choice', msg.remove_choice));
    return box;
  }

  function renderQuestion(q, index) {
    var where = questionWhere(index);
    var box = el('fieldset', {className: 'orglab-st-question', 'data-question': String(index)});
    var legend = el('legend', {text: heading(msg.question, index, q.label || q.id)});
    function renamed() { legend.textContent = heading(msg.question, index, q.label || q.id); }
    box.appendChild(legend);
    box.appendChild(labelled(msg.question_id, input(q.id, function (v) { q.id = v.trim(); renamed(); }, {dir: 'ltr', maxlength: 40})));
    box.appendChild(labelled(msg.question_label, input(q.label, function (v) { q.label = v; renamed(); }, {maxlength: 300})));
    box.appendChild(labelled(msg.question_help, textarea(q.help, function (v) { q.help = v; })));
    box.appendChild(labelled(msg.question_kind, select(init.kinds, q.kind, function (v) {
      q.kind = v;
      if (v !== 'scale') { q.scale_low = ''; q.scale_high = ''; }
      if (v !== 'number') { q.min_value = null; q.max_value = null; }
      if (!WEIGHTED[v]) { q.weights = {}; }
      if (!CHOICE_KINDS[v]) { q.choices = []; }
      while (CHOICE_KINDS[v] && q.choices.length < 2) { q.choices.push(newChoice(q.choices)); }
      render(where + ' .orglab-st-kind');
    }, 'orglab-st-kind')));
    box.appendChild(labelled(msg.question_group, select(init.groups, q.group, function (v) { q.group = v; })));
    var required = el('input', {type: 'checkbox', id: uid()});
    required.checked = !!q.required;
    required.addEventListener('change', function () { q.required = required.checked; });
    box.appendChild(el('div', {className: 'orglab-st-row orglab-st-check'}, [required, el('label', {'for': required.id, text: msg.required})]));
    if (q.kind === 'scale') {
      box.appendChild(labelled(msg.scale_low, input(q.scale_low, function (v) { q.scale_low = v; }, {maxlength: 200})));
      box.appendChild(labelled(msg.scale_high, input(q.scale_high, function (v) { q.scale_high = v; }, {maxlength: 200})));
    }
    if (q.kind === 'number') {
      ['min_value', 'max_value'].forEach(function (key) {
        box.appendChild(labelled(msg[key], input(q[key], function (v) { q[key] = OrgLab.numberOrNull(v); }, {type: 'number', dir: 'ltr', step: 'any'})));
      });
    }
    if (WEIGHTED[q.kind]) { box.appendChild(weightsGrid(q.weights)); }
    if (CHOICE_KINDS[q.kind]) {
      var choices = el('fieldset', {className: 'orglab-st-choices'}, [el('legend', {text: msg.choices})]);
      q.choices.forEach(function (choice, cIndex) { choices.appendChild(renderChoice(q, index, choice, cIndex)); });
      choices.appendChild(button(msg.add_choice, function () {
        q.choices.push(newChoice(q.choices));
        render('[data-choice="' + index + '-' + (q.choices.length - 1) + '"] input');
      }, 'orglab-st-add-choice'));
      box.appendChild(choices);
    }
    box.appendChild(tools(state.questions, index, questionWhere, '.orglab-st-add-question', msg.remove_question));
    return box;
  }

  function render(focus) {
    ui.needs.textContent = '';
    ui.needs.appendChild(el('h2', {text: msg.needs}));
    state.needs.forEach(function (need, index) { ui.needs.appendChild(renderNeed(need, index)); });
    ui.needs.appendChild(button(msg.add_need, function () {
      state.needs.push({key: uid(), id: freeId('need', state.needs, 'id'), label: msg.new_need, recommendation: ''});
      render(needWhere(state.needs.length - 1) + ' input');
    }, 'orglab-st-add-need'));
    ui.questions.textContent = '';
    ui.questions.appendChild(el('h2', {text: msg.questions}));
    state.questions.forEach(function (q, index) { ui.questions.appendChild(renderQuestion(q, index)); });
    ui.questions.appendChild(button(msg.add_question, function () {
      state.questions.push({id: freeId('question', state.questions, 'id'), label: msg.new_question, help: '', kind: 'scale',
        group: 'other', required: false, weights: {}, scale_low: '', scale_high: '', min_value: null, max_value: null, choices: []});
      render(questionWhere(state.questions.length - 1) + ' input');
    }, 'orglab-st-add-question'));
    if (focus) {
      var target = editor.querySelector(focus);
      if (target) { target.focus(); }
    }
  }

  // ------------------------------------------------------------------ actions

  editor.querySelector('.orglab-st-form').addEventListener('submit', function (event) { event.preventDefault(); });

  editor.querySelector('.orglab-st-reset').addEventListener('click', function () {
    if (!window.confirm(msg.reset_confirm)) { return; }
    state = load(init.default_instrument);
    ui.alert.hidden = true;
    render();
  });

  OrgLab.studioEditor({
    runtime: runtime, root: root, messages: msg, ui: ui,
    body: function () { return {display_name: ui.title.value, instructions: ui.instructions.value, instrument: dump()}; }
  });

  render();
}
