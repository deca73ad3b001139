/* kefu serve: the only script of the pages (served from the package, no network).
   Every change goes through the JSON API with the CSRF header; text is only ever set with
   textContent, never parsed as HTML. */
(function () {
  'use strict';
  var root = document.documentElement;

  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)kefu_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : '';
  }

  function api(method, url, body) {
    var opts = {method: method, credentials: 'same-origin',
                headers: {'Accept': 'application/json', 'X-CSRF-Token': csrf()}};
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    return fetch(url, opts).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) { throw new Error(data.error || ('请求没有成功（' + r.status + '）')); }
        return data;
      });
    });
  }

  function showError(form, err) {
    var slot = form.querySelector('.error');
    if (slot) { slot.textContent = err.message; } else { window.alert(err.message); }
  }

  function flash(text) {
    var slot = document.getElementById('flash');
    if (!slot || !text) { return; }
    slot.textContent = text;
    slot.classList.remove('hidden');
  }
  try { flash(sessionStorage.getItem('kefu-flash')); sessionStorage.removeItem('kefu-flash'); } catch (e) { /* private mode */ }

  // ---- login / logout ----------------------------------------------------------------
  var login = document.getElementById('login-form');
  if (login) {
    login.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var body = {name: login.elements.name.value, password: login.elements.password.value};
      api('POST', '/api/login', body).then(function () {
        window.location.assign(login.getAttribute('data-next') || '/');
      }).catch(function (err) { showError(login, err); });
    });
  }
  var logout = document.getElementById('logout');
  if (logout) {
    logout.addEventListener('click', function () {
      api('POST', '/api/logout', {}).then(function () { window.location.assign('/login'); })
        .catch(function () { window.location.assign('/login'); });
    });
  }

  // ---- forms that change something: POST their fields as JSON, then reload --------------
  var DONE = {dispute: '已提交复核申请', confirm: '已确认', waive: '已推翻（豁免）', revoke: '已撤销豁免',
              items: '已录入', remove: '已删除（记入审计日志）', adjustments: '已设置额外奖惩', close: '已结账', reopen: '已重新打开'};
  document.querySelectorAll('form.act').forEach(function (form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var url = (ev.submitter && ev.submitter.getAttribute('data-api')) || form.getAttribute('data-api');
      var body = {};
      new FormData(form).forEach(function (value, key) { if (value !== '') { body[key] = value; } });
      var buttons = form.querySelectorAll('button');
      buttons.forEach(function (b) { b.disabled = true; });
      api('POST', url, body).then(function () {
        var last = url.split('/').pop();
        try { sessionStorage.setItem('kefu-flash', DONE[last] || '已保存'); } catch (e) { /* ignore */ }
        window.location.reload();
      }).catch(function (err) {
        buttons.forEach(function (b) { b.disabled = false; });
        showError(form, err);
      });
    });
  });

  // ---- the review queue: keyboard first ----------------------------------------------------
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.q-row'));
  var current = -1;
  function select(i) {
    if (!rows.length) { return; }
    i = Math.max(0, Math.min(rows.length - 1, i));
    if (current >= 0 && rows[current]) { rows[current].classList.remove('selected'); }
    current = i;
    rows[i].classList.add('selected');
    rows[i].focus();
  }
  if (rows.length) {
    rows.forEach(function (row, i) { row.addEventListener('click', function () { if (current !== i) { select(i); } }); });
    select(0);
    document.addEventListener('keydown', function (ev) {
      var t = ev.target;
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName);
      if (typing) {
        if (ev.key === 'Escape') { t.blur(); select(current); }
        else if (ev.key === 'Enter' && t.form && t.form.getAttribute('data-mode')) {
          ev.preventDefault();
          t.form.requestSubmit(t.form.querySelector('button.' + t.form.getAttribute('data-mode')));
        }
        return;
      }
      if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
      var row = rows[current];
      if (ev.key === 'j') { select(current + 1); }
      else if (ev.key === 'k') { select(current - 1); }
      else if (ev.key === 'o') { window.location.assign(row.getAttribute('data-chat-url')); }
      else if (ev.key === 'c' || ev.key === 'w') {
        var form = row.querySelector('form.review-form');
        if (!form) { return; }
        form.setAttribute('data-mode', ev.key === 'c' ? 'confirm' : 'waive');
        var input = form.querySelector('input[name=reason]');
        input.placeholder = ev.key === 'c' ? '确认的理由，Enter 提交' : '推翻的理由，Enter 提交';
        ev.preventDefault();
        input.focus();
      } else { return; }
      ev.preventDefault();
    });
  }

  // ---- the board: polls the API and redraws itself when a score changes --------------------
  var board = document.getElementById('board');
  if (board) {
    var token = board.getAttribute('data-token');
    var month = board.getAttribute('data-month');
    var stamp = document.getElementById('board-updated');
    var cell = function (text, cls) {
      var td = document.createElement('td');
      td.textContent = text;
      if (cls) { td.className = cls; }
      return td;
    };
    var draw = function (agents) {
      var body = board.querySelector('tbody');
      var before = {};
      body.querySelectorAll('tr[data-agent]').forEach(function (tr) {
        before[tr.getAttribute('data-agent')] = tr.querySelector('.score').textContent;
      });
      agents.sort(function (a, b) { return b.daily - a.daily || (a.agent < b.agent ? -1 : 1); });
      var rowsOut = agents.map(function (r, i) {
        var tr = document.createElement('tr');
        tr.setAttribute('data-agent', r.agent);
        var f = r.findings;
        var score = cell(String(r.daily), 'num score');
        if (before[r.agent] !== undefined && before[r.agent] !== String(r.daily)) { score.classList.add('changed'); }
        [cell(String(i + 1), 'num'), cell(r.agent), score, cell(String(r.total), 'num'),
         cell((r.level || '不计入') + (r.provisional ? '（复核期内）' : '')),
         cell([f.open, f.disputed, f.confirmed, f.waived].join(' / '))].forEach(function (td) { tr.appendChild(td); });
        return tr;
      });
      body.replaceChildren.apply(body, rowsOut);
    };
    var poll = function () {
      api('GET', '/api/board?month=' + encodeURIComponent(month) + '&since=' + encodeURIComponent(token))
        .then(function (data) {
          token = data.token;
          board.setAttribute('data-token', token);
          if (data.changed && data.agents) { draw(data.agents); }
          if (stamp) { stamp.textContent = new Date().toLocaleTimeString('zh-CN', {hour12: false}); }
        }).catch(function () { if (stamp) { stamp.textContent = '连接中断，正在重试…'; } });
    };
    if (stamp) { stamp.textContent = new Date().toLocaleTimeString('zh-CN', {hour12: false}); }
    window.setInterval(poll, 2000);
  }

  // ---- a chat opened on one finding: bring it into view -------------------------------------
  var focus = document.querySelector('aside.focus');
  if (focus) { (focus.closest('.msg') || focus).scrollIntoView({block: 'start'}); }

  root.setAttribute('data-js', 'ready');
})();
