/* The topic list's Studio editor: a plain form; the server checks all of it and saves all or nothing. */
/* global OrgLab */
/* exported OrgLabTopicListStudio */
function OrgLabTopicListStudio(runtime, element, args) {
  'use strict';
  var {root, block, messages: msg} = OrgLab.start(element, args, '.orglab-topics-studio');
  var ui = OrgLab.find(block, 'orglab-tls', ['form', 'alert', 'saved', 'save', 'cancel']);
  var form = ui.form;

  function checked(name) {
    return Array.prototype.filter.call(form.querySelectorAll('input[name="' + name + '"]'), function (box) { return box.checked; })
      .map(function (box) { return box.value; });
  }

  function number(name) {
    var value = form.elements[name].value.trim();
    return value === '' || isNaN(Number(value)) ? value : Number(value);
  }

  OrgLab.studioEditor({
    runtime: runtime, root: root, messages: msg, ui: ui,
    body: function () {
      return {
        display_name: form.elements.display_name.value,
        instructions: form.elements.instructions.value,
        allowed_wikis: form.elements.allowed_wikis.value.split(/[\s,]+/).filter(Boolean),
        default_wiki: form.elements.default_wiki.value.trim(),
        min_topics: number('min_topics'),
        max_topics: number('max_topics'),
        gap_dimensions: checked('gap_dimensions'),
        required_fields: checked('required_fields'),
        check_enabled: form.elements.check_enabled.checked
      };
    }
  });
}
