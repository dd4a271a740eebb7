/* The topic list's Studio editor: a plain form; the server checks all of it and saves all or nothing. */
/* exported OrgLabTopicListStudio */
function OrgLabTopicListStudio(runtime, element, args) {
  'use strict';
  var init = JSON.parse(document.getElementById(args.init_id).textContent);
  var root = element.jquery ? element[0] : element;
  var editor = root.querySelector('.orglab-topics-studio') || root;
  var form = editor.querySelector('.orglab-tls-form');
  var alertEl = editor.querySelector('.orglab-tls-alert');
  var savedEl = editor.querySelector('.orglab-tls-saved');
  var msg = init.messages;

  function checked(name) {
    return Array.prototype.filter.call(form.querySelectorAll('input[name="' + name + '"]'), function (box) { return box.checked; })
      .map(function (box) { return box.value; });
  }

  function number(name) {
    var value = form.elements[name].value.trim();
    return value === '' || isNaN(Number(value)) ? value : Number(value);
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function notify(name, data) { if (runtime.notify) { runtime.notify(name, data); } }

  editor.querySelector('.orglab-tls-save').addEventListener('click', function () {
    alertEl.hidden = true;
    savedEl.textContent = msg.saving;
    notify('save', {state: 'start', message: msg.saving});
    var body = {
      display_name: form.elements.display_name.value,
      instructions: form.elements.instructions.value,
      allowed_wikis: form.elements.allowed_wikis.value.split(/[\s,]+/).filter(Boolean),
      min_topics: number('min_topics'),
      max_topics: number('max_topics'),
      gap_dimensions: checked('gap_dimensions'),
      required_fields: checked('required_fields'),
      check_enabled: form.elements.check_enabled.checked
    };
    fetch(runtime.handlerUrl(root, 'studio_submit'), {
      method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrfToken(), 'X-Requested-With': 'XMLHttpRequest'},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) { return {ok: response.ok, data: data}; });
    }).then(function (result) {
      if (result.ok) {
        savedEl.textContent = msg.saved;
        notify('save', {state: 'end'});
        return;
      }
      savedEl.textContent = '';
      notify('error', {title: msg.fix_errors, message: result.data.error});
      alertEl.textContent = '';
      var p = document.createElement('p');
      p.textContent = result.data.error || msg.fix_errors;
      alertEl.appendChild(p);
      var list = document.createElement('ul');
      (result.data.problems || []).forEach(function (problem) {
        var li = document.createElement('li');
        li.textContent = problem.message;
        list.appendChild(li);
      });
      alertEl.appendChild(list);
      alertEl.hidden = false;
      alertEl.setAttribute('tabindex', '-1');
      alertEl.focus();
    });
  });
  editor.querySelector('.orglab-tls-cancel').addEventListener('click', function () { notify('cancel', {}); });
}
