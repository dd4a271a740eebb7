/* The grant proposal, Studio side: the title, instructions, application link and the readiness
 * rules (one row per proposal section). The server checks everything and saves all of it or
 * nothing; its problems are listed here. */
/* global OrgLab */
/* exported OrgLabProposalStudio */
function OrgLabProposalStudio(runtime, element, args) {
  'use strict';
  var {root, block: editor, messages: msg} = OrgLab.start(element, args, '.orglab-proposal-studio');
  var ui = OrgLab.find(editor, 'orglab-st', ['alert', 'saved', 'title', 'instructions', 'url', 'save', 'cancel']);

  function number(input) { return OrgLab.numberOrNull(input.value); }

  function rules() {
    var result = {};
    Array.prototype.forEach.call(editor.querySelectorAll('.orglab-st-rule'), function (row) {
      var find = function (name) { return row.querySelector('.orglab-st-' + name); };
      result[row.getAttribute('data-section')] = {
        min_words: number(find('min_words')),
        min_answers: number(find('min_answers')),
        needs_number: find('needs_number').checked,
        needs_link: find('needs_link').checked,
        needs_amount_currency: find('needs_amount_currency').checked,
        tools: find('tools').value.split(',').map(function (tool) { return tool.trim(); }).filter(Boolean)
      };
    });
    return result;
  }

  OrgLab.studioEditor({
    runtime: runtime, root: root, messages: msg, ui: ui,
    body: function () {
      return {display_name: ui.title.value, instructions: ui.instructions.value, application_url: ui.url.value.trim(),
        rules: rules()};
    }
  });
}
