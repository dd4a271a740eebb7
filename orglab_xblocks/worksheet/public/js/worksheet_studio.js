/* The campaign-design worksheet, Studio side: edit the title, instructions, preset and the
 * sections and fields (add, remove, reorder, edit). The server validates the whole
 * configuration and saves all of it or nothing; its messages are shown here. */
/* global OrgLab */
/* exported OrgLabWorksheetStudio */
function OrgLabWorksheetStudio(runtime, element, args) {
  'use strict';
  var {el, labelled, input, textarea, select, button} = OrgLab;
  var {init, root, block: editor, messages: msg} = OrgLab.start(element, args, '.orglab-worksheet-studio');
  var ui = OrgLab.find(editor, 'orglab-st', ['sections', 'alert', 'saved', 'title', 'instructions', 'preset', 'save', 'cancel']);
  var state = JSON.parse(JSON.stringify(init.config.sections));

  var LIMITS = {
    short_text: ['max_chars'],
    long_text: ['max_chars', 'min_words'],
    list: ['max_chars', 'min_items', 'max_items'],
    multiple_choice: ['min_items', 'max_items'],
    number: ['min_value', 'max_value'],
    url: ['max_chars'],
    single_choice: [],
    date: []
  };
  var CHOICE_KINDS = {single_choice: true, multiple_choice: true};
  var ALL_LIMITS = ['max_chars', 'min_words', 'min_items', 'max_items', 'min_value', 'max_value'];

  function move(list, index, delta, focusSelector) {
    var target = index + delta;
    if (target < 0 || target >= list.length) { return; }
    var item = list.splice(index, 1)[0];
    list.splice(target, 0, item);
    render(focusSelector ? focusSelector(target) : null);
  }

  function choicesText(choices) {
    return (choices || []).map(function (c) { return c.value + '|' + c.label; }).join('\n');
  }

  function parseChoices(text) {
    return text.split('\n').map(function (line) { return line.trim(); }).filter(Boolean).map(function (line) {
      var bar = line.indexOf('|');
      return bar === -1 ? {value: line, label: line} : {value: line.slice(0, bar).trim(), label: line.slice(bar + 1).trim()};
    });
  }

  function newField() {
    var field = {id: 'field_' + Date.now().toString(36), label: msg.new_field, help: '', kind: 'long_text', required: false,
      choices: [], proposal_section: 'other'};
    ALL_LIMITS.forEach(function (key) { field[key] = null; });
    return field;
  }

  function renderField(section, sIndex, field, fIndex) {
    var box = el('fieldset', {className: 'orglab-st-field', 'data-field': sIndex + '-' + fIndex});
    box.appendChild(el('legend', {text: msg.field + ' ' + (fIndex + 1) + ': ' + (field.label || field.id)}));
    box.appendChild(labelled(msg.field_id, input(field.id, function (v) { field.id = v; }, {dir: 'ltr', maxlength: 50})));
    box.appendChild(labelled(msg.field_label, input(field.label, function (v) { field.label = v; }, {maxlength: 300})));
    box.appendChild(labelled(msg.field_help, textarea(field.help, function (v) { field.help = v; })));
    box.appendChild(labelled(msg.field_kind, select(init.kinds, field.kind, function (v) {
      field.kind = v;
      ALL_LIMITS.forEach(function (key) { if (LIMITS[v].indexOf(key) === -1) { field[key] = null; } });
      if (!CHOICE_KINDS[v]) { field.choices = []; }
      render(function () { return '[data-field="' + sIndex + '-' + fIndex + '"] select'; });
    })));
    var required = el('input', {type: 'checkbox'});
    required.checked = !!field.required;
    required.addEventListener('change', function () { field.required = required.checked; });
    required.id = OrgLab.uid('orglab-st');
    box.appendChild(el('div', {className: 'orglab-st-row orglab-st-check'}, [required, el('label', {'for': required.id, text: msg.field_required})]));
    box.appendChild(labelled(msg.field_section, select(init.proposal_sections, field.proposal_section || 'other', function (v) { field.proposal_section = v; })));
    LIMITS[field.kind].forEach(function (key) {
      box.appendChild(labelled(msg[key], input(field[key], function (v) { field[key] = OrgLab.numberOrNull(v); }, {type: 'number', dir: 'ltr', step: 'any'})));
    });
    if (CHOICE_KINDS[field.kind]) {
      box.appendChild(labelled(msg.choices, textarea(choicesText(field.choices), function (v) { field.choices = parseChoices(v); }, 5)));
    }
    var fields = section.fields;
    box.appendChild(el('div', {className: 'orglab-st-tools'}, [
      button(msg.move_up, function () { move(fields, fIndex, -1, function (t) { return function () { return '[data-field="' + sIndex + '-' + t + '"] .orglab-st-up'; }; }); }, 'orglab-st-up'),
      button(msg.move_down, function () { move(fields, fIndex, 1, function (t) { return function () { return '[data-field="' + sIndex + '-' + t + '"] .orglab-st-down'; }; }); }, 'orglab-st-down'),
      button(msg.remove_field, function () { fields.splice(fIndex, 1); render(); }, 'orglab-st-remove')
    ]));
    return box;
  }

  function renderSection(section, sIndex) {
    var box = el('fieldset', {className: 'orglab-st-section', 'data-section': String(sIndex)});
    box.appendChild(el('legend', {text: msg.section + ' ' + (sIndex + 1) + ': ' + (section.title || section.id)}));
    box.appendChild(labelled(msg.section_id, input(section.id, function (v) { section.id = v; }, {dir: 'ltr', maxlength: 50})));
    box.appendChild(labelled(msg.section_title, input(section.title, function (v) { section.title = v; }, {maxlength: 200})));
    box.appendChild(labelled(msg.section_intro, textarea(section.intro, function (v) { section.intro = v; }, 3)));
    section.fields.forEach(function (field, fIndex) { box.appendChild(renderField(section, sIndex, field, fIndex)); });
    box.appendChild(el('div', {className: 'orglab-st-tools'}, [
      button(msg.add_field, function () {
        section.fields.push(newField());
        var f = section.fields.length - 1;
        render(function () { return '[data-field="' + sIndex + '-' + f + '"] input'; });
      }, 'orglab-st-add-field'),
      button(msg.move_up, function () { move(state, sIndex, -1, function (t) { return function () { return '[data-section="' + t + '"] > .orglab-st-tools .orglab-st-up'; }; }); }, 'orglab-st-up'),
      button(msg.move_down, function () { move(state, sIndex, 1, function (t) { return function () { return '[data-section="' + t + '"] > .orglab-st-tools .orglab-st-down'; }; }); }, 'orglab-st-down'),
      button(msg.remove_section, function () { state.splice(sIndex, 1); render(); }, 'orglab-st-remove')
    ]));
    return box;
  }

  function render(focus) {
    ui.sections.textContent = '';
    state.forEach(function (section, sIndex) { ui.sections.appendChild(renderSection(section, sIndex)); });
    ui.sections.appendChild(button(msg.add_section, function () {
      state.push({id: 'section_' + Date.now().toString(36), title: msg.new_section, intro: '', fields: [newField()]});
      var s = state.length - 1;
      render(function () { return '[data-section="' + s + '"] input'; });
    }, 'orglab-st-add-section'));
    if (typeof focus === 'function') {
      var target = ui.sections.querySelector(focus());
      if (target) { target.focus(); }
    }
  }

  editor.querySelector('.orglab-st-apply').addEventListener('click', function () {
    var preset = init.presets[ui.preset.value];
    if (!preset || !window.confirm(msg.apply_preset_confirm)) { return; }
    ui.title.value = preset.title;
    ui.instructions.value = preset.instructions;
    state = JSON.parse(JSON.stringify(preset.sections));
    render();
  });

  OrgLab.studioEditor({
    runtime: runtime, root: root, messages: msg, ui: ui,
    body: function () {
      return {display_name: ui.title.value, instructions: ui.instructions.value, preset: ui.preset.value, sections: state,
        audience_block: editor.querySelector('.orglab-st-audience').value};
    }
  });

  render();
}
