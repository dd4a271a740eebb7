/* The audience-needs assessment, learner side. No framework. Segments are drawn from the
 * server's data; every change autosaves the whole draft (debounced, and when the page is left)
 * with the revision it was based on, so a stale tab is refused. The server scores the answers
 * and sends the profile back; it is drawn as an SVG heat map with the same numbers in a table, for
 * screen readers; on a narrow screen the table is shown instead of the map (audience.css). */
/* global OrgLab */
/* exported OrgLabAudience */
function OrgLabAudience(runtime, element, args) {
  'use strict';
  var {el, fmt} = OrgLab;
  var {init, root, block, messages: msg} = OrgLab.start(element, args, '.orglab-audience');
  var instrument = init.instrument;
  var segments = init.segments.map(function (s) { return JSON.parse(JSON.stringify(s)); });

  var $ = function (selector) { return block.querySelector(selector); };
  var segmentsEl = $('.orglab-au-segments');
  var ui = OrgLab.find(block, 'orglab-au', ['status', 'alert', 'saved']);

  // ---------------------------------------------------------------- the form

  function labelled(text, control) { return OrgLab.labelled(text, control, 'orglab-au-row'); }

  function textInput(value, onInput, attrs) {
    var node = el(attrs && attrs.multiline ? 'textarea' : 'input', attrs && attrs.multiline ? {rows: '3', dir: 'auto'} : {type: 'text', dir: 'auto'});
    node.value = value === null || value === undefined ? '' : value;
    node.addEventListener('input', function () { onInput(node.value); sync.changed(); });
    return node;
  }

  function questionControl(segment, question) {
    var answers = segment.answers;
    var value = answers[question.id];
    var set = function (v) {
      if (v === '' || v === null || (Array.isArray(v) && !v.length)) { delete answers[question.id]; } else { answers[question.id] = v; }
      sync.changed();
    };
    var title = question.label + (question.required ? ' ' + msg.required : '');
    var help = question.help ? el('p', {className: 'orglab-au-help', dir: 'auto', text: question.help}) : null;
    if (question.kind === 'scale' || question.kind === 'single_choice' || question.kind === 'multiple_choice') {
      var box = el('fieldset', {className: 'orglab-au-question', 'data-question': question.id}, [el('legend', {dir: 'auto', text: title})]);
      if (help) { box.appendChild(help); }
      var name = OrgLab.uid(block.id);
      if (question.kind === 'scale') {
        var row = el('div', {className: 'orglab-au-scale'}, [el('span', {className: 'orglab-au-end', dir: 'auto', text: '1 = ' + question.scale_low})]);
        [1, 2, 3, 4, 5].forEach(function (point) {
          var radio = el('input', {type: 'radio', name: name, value: String(point)});
          radio.checked = value === point;
          radio.addEventListener('change', function () { set(point); });
          row.appendChild(el('label', null, [radio, document.createTextNode(' ' + point)]));
        });
        row.appendChild(el('span', {className: 'orglab-au-end', dir: 'auto', text: '5 = ' + question.scale_high}));
        box.appendChild(row);
      } else {
        question.choices.forEach(function (choice) {
          var input = el('input', {type: question.kind === 'single_choice' ? 'radio' : 'checkbox', name: name, value: choice.value});
          input.checked = question.kind === 'single_choice' ? value === choice.value : (value || []).indexOf(choice.value) !== -1;
          input.addEventListener('change', function () {
            if (question.kind === 'single_choice') { set(choice.value); return; }
            var chosen = Array.prototype.filter.call(box.querySelectorAll('input:checked'), function (i) { return true; })
              .map(function (i) { return i.value; });
            set(chosen);
          });
          box.appendChild(el('label', {className: 'orglab-au-choice'}, [input, el('span', {dir: 'auto', text: ' ' + choice.label})]));
        });
      }
      return box;
    }
    var control;
    if (question.kind === 'number') {
      control = el('input', {type: 'number', step: 'any', min: String(question.min_value), max: String(question.max_value), inputmode: 'decimal'});
      control.value = value === undefined ? '' : value;
      control.addEventListener('input', function () { set(control.value === '' ? '' : Number(control.value)); });
    } else {
      control = textInput(value, function (v) { set(v.trim() ? v : ''); }, {multiline: question.kind === 'long_text'});
    }
    var wrapper = labelled(title, control);
    wrapper.setAttribute('data-question', question.id);
    if (help) { wrapper.appendChild(help); }
    return wrapper;
  }

  function segmentElement(segment, index) {
    var box = el('fieldset', {className: 'orglab-au-segment', 'data-segment': segment.id});
    box.appendChild(el('legend', {dir: 'auto', text: fmt(msg.segment, {n: index + 1}) + (segment.name ? ': ' + segment.name : '')}));
    box.appendChild(labelled(msg.segment_name, textInput(segment.name, function (v) { segment.name = v; })));
    box.appendChild(labelled(msg.segment_description, textInput(segment.description, function (v) { segment.description = v; }, {multiline: true})));
    var size = el('input', {type: 'number', min: '0', step: '1', inputmode: 'numeric'});
    size.value = segment.size === null || segment.size === undefined ? '' : segment.size;
    size.addEventListener('input', function () { segment.size = size.value === '' ? null : Math.round(Number(size.value)); sync.changed(); });
    box.appendChild(labelled(msg.segment_size, size));
    box.appendChild(labelled(msg.segment_languages, textInput(segment.languages, function (v) { segment.languages = v; })));
    box.appendChild(labelled(msg.segment_location, textInput(segment.location, function (v) { segment.location = v; })));
    var contributors = el('select');
    contributors.appendChild(el('option', {value: '', text: msg.choose}));
    init.contributors.forEach(function (pair) {
      var option = el('option', {value: pair[0], text: pair[1]});
      option.selected = segment.contributors === pair[0];
      contributors.appendChild(option);
    });
    contributors.addEventListener('change', function () { segment.contributors = contributors.value; sync.changed(); });
    box.appendChild(labelled(msg.segment_contributors, contributors));
    var group = null;
    instrument.questions.forEach(function (question) {
      if (question.group !== group) {
        group = question.group;
        box.appendChild(el('h4', {className: 'orglab-au-group', text: init.groups[group] || group}));
      }
      box.appendChild(questionControl(segment, question));
    });
    var remove = el('button', {type: 'button', className: 'orglab-au-remove', text: msg.remove_segment});
    remove.addEventListener('click', function () {
      segments.splice(index, 1);
      renderSegments();
      sync.changed();
      $('.orglab-au-add').focus();
    });
    box.appendChild(remove);
    return box;
  }

  function renderSegments() {
    segmentsEl.textContent = '';
    segments.forEach(function (segment, index) { segmentsEl.appendChild(segmentElement(segment, index)); });
    var add = $('.orglab-au-add'), empty = !segments.length;
    add.textContent = empty ? msg.add_first : msg.add_segment;
    add.classList.toggle('orglab-btn-primary', empty);  // the one thing to do first: adding, then submitting
    $('.orglab-au-submit').classList.toggle('orglab-btn-primary', !empty);
    $('.orglab-au-empty').hidden = !empty;
    add.disabled = segments.length >= init.max_segments;
    add.title = add.disabled ? fmt(msg.max_segments, {n: init.max_segments}) : '';
  }

  // ---------------------------------------------------------------- the profile

  function colour(score) {
    if (score === null || score === undefined) { return '#eaecf0'; }
    var t = score / 100;  // white-ish to strong blue
    var r = Math.round(234 - t * (234 - 31)), g = Math.round(236 - t * (236 - 74)), b = Math.round(240 - t * (240 - 164));
    return 'rgb(' + r + ',' + g + ',' + b + ')';
  }

  function renderProfile(profile) {
    var box = $('.orglab-au-heatmap');
    box.textContent = '';
    var recs = $('.orglab-au-recommendations');
    recs.textContent = '';
    var none = !profile || !profile.segments.length;
    $('.orglab-au-profile-empty').hidden = !none;
    if (none) { return; }
    var needs = profile.needs;
    var cell = 44, labelWidth = 190, headHeight = 120;
    var width = labelWidth + needs.length * cell + headHeight, height = headHeight + profile.segments.length * cell;
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('width', String(width));
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    function text(x, y, content, attrs) {
      var node = document.createElementNS(ns, 'text');
      node.setAttribute('x', String(x));
      node.setAttribute('y', String(y));
      Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
      node.textContent = content;
      svg.appendChild(node);
    }
    needs.forEach(function (need, column) {
      var x = labelWidth + column * cell + cell / 2;
      text(x, headHeight - 6, need.label.length > 22 ? need.label.slice(0, 21) + '…' : need.label,
        {transform: 'rotate(-50 ' + x + ' ' + (headHeight - 6) + ')'});
    });
    profile.segments.forEach(function (segment, rowIndex) {
      var y = headHeight + rowIndex * cell;
      var name = segment.name || fmt(msg.segment, {n: rowIndex + 1});
      text(0, y + cell / 2 + 4, name.length > 26 ? name.slice(0, 25) + '…' : name);
      needs.forEach(function (need, column) {
        var score = segment.scores[need.id];
        var rect = document.createElementNS(ns, 'rect');
        rect.setAttribute('x', String(labelWidth + column * cell + 1));
        rect.setAttribute('y', String(y + 1));
        rect.setAttribute('width', String(cell - 2));
        rect.setAttribute('height', String(cell - 2));
        rect.setAttribute('fill', colour(score));
        svg.appendChild(rect);
        text(labelWidth + column * cell + cell / 2, y + cell / 2 + 4, score === null ? '–' : String(Math.round(score)),
          {'text-anchor': 'middle', fill: score !== null && score > 55 ? '#fff' : '#202122'});
      });
    });
    svg.setAttribute('class', 'orglab-au-map');
    var figure = el('figure', null, [el('figcaption', {text: msg.heatmap})]);
    figure.appendChild(svg);
    // The same numbers as a table (a need a row), for screen readers; on a narrow screen, for all.
    var table = el('table', null, [el('caption', {className: 'orglab-sr-only', text: msg.heatmap})]);
    var head = el('tr', null, [el('th', {scope: 'col', text: msg.need})]);
    profile.segments.forEach(function (segment, i) { head.appendChild(el('th', {scope: 'col', text: segment.name || fmt(msg.segment, {n: i + 1})})); });
    table.appendChild(el('thead', null, [head]));
    var body = el('tbody');
    needs.forEach(function (need) {
      var tr = el('tr', null, [el('th', {scope: 'row', text: need.label})]);
      profile.segments.forEach(function (segment) {
        var score = segment.scores[need.id];
        tr.appendChild(el('td', {text: score === null ? msg.no_score : String(Math.round(score))}));
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    figure.appendChild(el('div', {className: 'orglab-au-table'}, [table]));
    box.appendChild(figure);

    recs.appendChild(el('h4', {text: msg.recommendations}));
    profile.segments.forEach(function (segment, i) {
      var section = el('section', {className: 'orglab-au-segment-recs'});
      var heading = (segment.name || fmt(msg.segment, {n: i + 1})) +
        (segment.readiness === null ? '' : ' · ' + fmt(msg.readiness, {score: Math.round(segment.readiness)}));
      section.appendChild(el('h5', {dir: 'auto', text: heading}));
      if (!segment.top_needs.length) {
        section.appendChild(el('p', {text: msg.no_top_needs}));
      } else {
        var list = el('ol');
        segment.top_needs.forEach(function (top) {
          var need = needs.filter(function (n) { return n.id === top.need; })[0];
          list.appendChild(el('li', null, [el('strong', {dir: 'auto', text: (need ? need.label : top.need) + ' (' + Math.round(top.score) + ')'}),
            el('p', {dir: 'auto', text: top.recommendation})]));
        });
        section.appendChild(list);
      }
      recs.appendChild(section);
    });
  }

  // ---------------------------------------------------------------- saving

  var sync = OrgLab.drafts({
    runtime: runtime, root: root, block: block, messages: msg, status: init.status, ui: ui,
    reloadClass: 'orglab-au-reload',
    focusStatus: true,
    content: function () { return {segments: segments}; },
    onSaved: function (data) { renderProfile(data.profile); },
    onSubmitted: function (data) { renderProfile(data.profile); },
    onRefused: function (data) {
      sync.alert(msg.fix_errors, {items: OrgLab.messagesOf(data.problems || [{message: data.error}]), focus: true});
    }
  });

  $('.orglab-au-add').addEventListener('click', function () {
    if (segments.length >= init.max_segments) { return; }
    segments.push({id: 's' + OrgLab.randomId().slice(0, 8), name: '', description: '', size: null, languages: '', location: '', contributors: '', answers: {}});
    renderSegments();
    sync.changed();
    var inputs = segmentsEl.querySelectorAll('.orglab-au-segment');
    inputs[inputs.length - 1].querySelector('input').focus();
  });

  $('.orglab-au-save').addEventListener('click', sync.save);
  $('.orglab-au-submit').addEventListener('click', sync.submit);

  renderSegments();
  renderProfile(init.profile);
  return {save: sync.saveNow};
}
