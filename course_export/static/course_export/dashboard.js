/* The cohort dashboard's small script (no library). Without it every form still posts to the page;
   with it the report forms ask through the reports API and the jobs list follows their progress
   live, and each learner's "Override…" link fills in the override form. Translated texts come
   from the jobs list's data-t-* attributes, the API's address from <main data-reports-api>. */
(function () {
  "use strict";

  var POLL_MS = 1000;
  var MAX_FAILURES = 10;
  var ACTIVE = '.orglab-job[data-status="queued"]:not([data-poll="off"]),' +
               '.orglab-job[data-status="running"]:not([data-poll="off"])';
  var main = document.getElementById("orglab-main");
  var list = document.getElementById("orglab-jobs");
  var timer = null;

  // ------------------------------------------------------------------ override form

  var overrideForm = document.getElementById("orglab-override-form");
  var username = document.getElementById("orglab-o-username");
  var reason = document.getElementById("orglab-o-reason");

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.orglab-pick") : null;
    if (!link || !username) return;
    event.preventDefault();
    username.value = link.getAttribute("data-username") || "";
    username.focus();
  });

  if (overrideForm && reason) {
    // A reason is needed to grant or deny, not to remove the override.
    var syncReason = function () {
      var chosen = overrideForm.querySelector('input[name="override"]:checked');
      reason.required = !!(chosen && chosen.value);
    };
    overrideForm.addEventListener("change", syncReason);
    syncReason();
  }

  // ------------------------------------------------------------------ report forms

  var forms = document.querySelectorAll("form.orglab-report");
  Array.prototype.forEach.call(forms, function (form) {
    var select = form.querySelector('select[name="format"]');
    var bom = form.querySelector(".orglab-bom");
    if (select && bom) {
      var syncBom = function () { bom.hidden = select.value !== "csv"; };
      select.addEventListener("change", syncBom);
      syncBom();
    }
  });

  if (!main || !list || !window.fetch || !window.Promise) return;
  var api = main.getAttribute("data-reports-api");

  function t(name, values) {
    var text = list.getAttribute("data-t-" + name) || "";
    return text.replace(/\{(\w+)\}/g, function (all, key) {
      return values && Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function csrf(form) {
    var field = form && form.querySelector('input[name="csrfmiddlewaretoken"]');
    if (field && field.value) return field.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function part(li, name) { return li.querySelector(".orglab-job-" + name); }

  function hidden(text) {
    var span = document.createElement("span");
    span.className = "orglab-vh";
    span.textContent = text;
    return span;
  }

  function render(li, job) {
    li.setAttribute("data-job-id", job.id);
    li.setAttribute("data-job-url", job.url);
    li.setAttribute("data-status", job.status);
    var label = job.report_label || job.report;
    var format = String(job.format || "").toUpperCase();
    part(li, "label").textContent = label;
    part(li, "format").textContent = format;
    var status = part(li, "status");
    var text = t(job.status) || job.status;
    if (status.textContent !== text) status.textContent = text;  // announced (aria-live) only when it changes
    var bar = li.querySelector("progress");
    var percent = Number(job.percent) || 0;
    bar.value = percent;
    bar.textContent = Math.round(percent) + "%";
    bar.setAttribute("aria-label", t("progress", {report: label}));
    part(li, "rows").textContent = job.rows_total === null || job.rows_total === undefined
      ? t("rows-unknown", {done: job.rows_done})
      : t("rows", {done: job.rows_done, total: job.rows_total});
    var meta = part(li, "meta");
    if (!meta.firstChild && job.created) {
      var when = document.createElement("time");
      when.setAttribute("datetime", job.created);
      when.textContent = job.created.slice(0, 10) + " " + job.created.slice(11, 16);
      if (job.requested_by) meta.appendChild(document.createTextNode(t("by", {who: job.requested_by}) + ", "));
      meta.appendChild(when);
    }
    var result = part(li, "result");
    if (job.download_url) {
      if (!result.querySelector("a")) {
        var link = document.createElement("a");
        link.className = "orglab-download";
        link.href = job.download_url;
        link.setAttribute("download", "");
        link.textContent = t("download");
        link.appendChild(hidden(" " + label + " (" + format + ")"));
        result.textContent = "";
        result.appendChild(link);
      }
    } else if (job.error) {
      var error = document.createElement("span");
      error.className = "orglab-error";
      error.textContent = job.error;
      result.textContent = "";
      result.appendChild(error);
    } else {
      result.textContent = "";
    }
  }

  function findJob(id) {
    var items = list.querySelectorAll(".orglab-job");
    for (var i = 0; i < items.length; i += 1) {
      if (items[i].getAttribute("data-job-id") === String(id)) return items[i];
    }
    return null;
  }

  function upsert(job) {
    var li = findJob(job.id);
    if (!li) {
      var template = document.getElementById("orglab-job-template");
      if (!template || !template.content) return null;
      li = template.content.firstElementChild.cloneNode(true);
      list.insertBefore(li, list.firstChild);
      var empty = document.querySelector(".orglab-jobs-empty");
      if (empty) empty.hidden = true;
    }
    render(li, job);
    return li;
  }

  // ------------------------------------------------------------------ progress

  function schedule() {
    if (timer === null && list.querySelector(ACTIVE)) timer = window.setTimeout(poll, POLL_MS);
  }

  function failed(li, stop) {
    var failures = (Number(li.getAttribute("data-poll-failures")) || 0) + 1;
    li.setAttribute("data-poll-failures", String(failures));
    if (stop || failures >= MAX_FAILURES) li.setAttribute("data-poll", "off");
  }

  function poll() {
    timer = null;
    var active = list.querySelectorAll(ACTIVE);
    var requests = Array.prototype.map.call(active, function (li) {
      return fetch(li.getAttribute("data-job-url"), {
        credentials: "same-origin", headers: {Accept: "application/json"}, cache: "no-store"
      }).then(function (response) {
        if (!response.ok) {
          failed(li, response.status === 401 || response.status === 403 || response.status === 404);
          return null;
        }
        return response.json().then(function (job) {
          li.removeAttribute("data-poll-failures");
          render(li, job);
        });
      }).catch(function () { failed(li, false); });
    });
    Promise.all(requests).then(schedule, schedule);
  }

  function problem(data) {
    if (!data || typeof data !== "object") return "";
    if (data.detail) return String(data.detail);
    var texts = [];
    Object.keys(data).forEach(function (key) {
      var value = data[key];
      (Array.isArray(value) ? value : [value]).forEach(function (item) {
        if (typeof item === "string") texts.push(item);
      });
    });
    return texts.join(" ");
  }

  function say(region, text, isError) {
    if (!region) return;
    region.classList.toggle("orglab-error", !!isError);
    region.textContent = text;
  }

  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.getAttribute("data-busy") === "1") return;
      var data = new FormData(form);
      var body = {
        report: data.get("report"),
        format: data.get("format"),
        include: data.getAll("include"),
        bom: data.get("bom") === "1" && data.get("format") === "csv"
      };
      var region = form.querySelector(".orglab-report-msg");
      var button = form.querySelector('button[type="submit"]');
      form.setAttribute("data-busy", "1");
      form.setAttribute("aria-busy", "true");
      if (button) button.setAttribute("aria-disabled", "true");
      fetch(api, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf(form)},
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().catch(function () { return null; }).then(function (json) {
          if (response.ok && json && json.id) {
            upsert(json);
            say(region, t(response.status === 202 ? "requested" : "already", {report: json.report_label}), false);
            schedule();
          } else {
            say(region, problem(json) || t("refused"), true);
          }
        });
      }).catch(function () {
        say(region, t("network"), true);
      }).then(function () {
        form.removeAttribute("data-busy");
        form.removeAttribute("aria-busy");
        if (button) button.removeAttribute("aria-disabled");
      });
    });
  });

  schedule();
}());
