// StratumPool pages: fill the shell from the JSON API of this origin and keep it current.
'use strict';
(() => {
  const POLL_MS = 5000;
  const HISTORY_EVERY = 12; // polls between reloads of the hourly history
  const TWO_32 = 4294967296;
  const body = document.body;
  const $ = (id) => document.getElementById(id);

  // ---- formatting -------------------------------------------------------------------------
  const SI = ['', 'k', 'M', 'G', 'T', 'P', 'E', 'Z'];
  function sig(x) {
    const a = Math.abs(x);
    return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : x.toFixed(2);
  }
  function si(x, unit) {
    let i = 0;
    while (Math.abs(x) >= 1000 && i < SI.length - 1) { x /= 1000; i++; }
    return sig(x) + ' ' + SI[i] + unit;
  }
  const hashrate = (h) => si(h, 'H/s');
  function difficulty(d) {
    if (d === null || d === undefined) return '–';
    if (d >= 1e5) return si(d, '').trim();
    return String(Number(d.toPrecision(4)));
  }
  function duration(s) {
    if (!isFinite(s)) return '∞';
    if (s < 90) return sig(s) + ' s';
    if (s < 5400) return sig(s / 60) + ' min';
    if (s < 172800) return sig(s / 3600) + ' h';
    if (s < 3 * 31557600) return sig(s / 86400) + ' days';
    return si(s / 31557600, 'years');
  }
  function ago(iso) {
    if (!iso) return '–';
    return duration(Math.max(0, (Date.now() - Date.parse(iso)) / 1000)) + ' ago';
  }
  const clock = (iso) => iso ? new Date(iso).toLocaleString() : '–';
  const btc = (sat) => (sat / 1e8).toFixed(8) + ' BTC';
  const percent = (p) => p >= 0.995 ? '> 99 %' : p < 0.0001 ? (p * 100).toPrecision(2) + ' %' : sig(p * 100) + ' %';
  const plural = (n, word) => n + ' ' + word + (n === 1 ? '' : 's');
  const shortHash = (h) => h.slice(0, 10) + '…' + h.slice(-8);

  // ---- DOM helpers --------------------------------------------------------------------------
  function text(id, value) { const e = $(id); if (e) e.textContent = value; }
  function cell(content, cls) {
    const td = document.createElement('td');
    if (content instanceof Node) td.append(content); else td.textContent = content;
    if (cls) td.className = cls;
    return td;
  }
  function span(value, cls, title) {
    const s = document.createElement('span');
    s.textContent = value;
    if (cls) s.className = cls;
    if (title) s.title = title;
    return s;
  }
  function link(href, value) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = value;
    return a;
  }
  function fill(tbody, rows) { tbody.replaceChildren(...rows); }

  async function api(path) {
    const r = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!r.ok) throw new Error(path + ' answered ' + r.status);
    return r.json();
  }
  const windowOf = (list, label) => list.find((w) => w.window === label);
  const userPath = (u) => '/users/' + encodeURIComponent(u);

  // ---- shared parts -------------------------------------------------------------------------
  function windowRows(list) {
    return list.filter((w) => w.window !== '1m').map((w) => {
      const tr = document.createElement('tr');
      tr.dataset.window = w.window;
      const full = { '5m': 300, '1h': 3600, '24h': 86400 }[w.window];
      const observed = w.observedSeconds < full - 1 ? duration(w.observedSeconds) + ' so far' : duration(w.observedSeconds);
      tr.append(cell(w.window), cell(hashrate(w.hashrate), 'num rate'),
        cell(hashrate(w.lower) + ' – ' + hashrate(w.upper), 'interval'), cell(String(w.shares), 'num'), cell(observed));
      return tr;
    });
  }
  function showRate(id, w) {
    text(id, hashrate(w.hashrate));
    text(id + '-interval', '95 %: ' + hashrate(w.lower) + ' – ' + hashrate(w.upper));
  }
  function blockRows(blocks, full) {
    return blocks.map((b) => {
      const tr = document.createElement('tr');
      tr.dataset.hash = b.hash;
      const by = b.user ? link(userPath(b.user), b.user + (b.worker ? '.' + b.worker : '')) : '–';
      const hash = span(shortHash(b.hash), 'hash', b.hash);
      tr.append(cell(String(b.height), 'height'), cell(span(b.status, 'state ' + b.status, b.reason || '')));
      if (full) tr.append(cell(String(b.confirmations), 'num'));
      tr.append(cell(span(ago(b.foundAt), '', clock(b.foundAt))), cell(by));
      if (full) tr.append(cell(difficulty(b.shareDifficulty), 'num'), cell(b.reward ? btc(b.reward) : '–', 'num'));
      tr.append(cell(hash));
      return tr;
    });
  }
  function showBlocks(blocks, full) {
    fill(document.querySelector('#blocks tbody'), blockRows(blocks, full));
    $('no-blocks').hidden = blocks.length > 0;
  }

  // 95 % interval of an hourly rate from its share count (Wilson-Hilferty bounds of a Poisson mean).
  function hourPoint(h) {
    const n = h.shares;
    const scale = n > 0 ? h.hashrate / n : 0;
    const lo = n > 0 ? n * Math.pow(1 - 1 / (9 * n) - 1.96 / (3 * Math.sqrt(n)), 3) : 0;
    const m = n + 1;
    const hi = m * Math.pow(1 - 1 / (9 * m) + 1.96 / (3 * Math.sqrt(m)), 3);
    return { t: Date.parse(h.hour) + h.seconds * 500, v: h.hashrate, lo: Math.max(0, lo * scale), hi: n > 0 ? hi * scale : h.hashrate };
  }

  // ---- the chart: an SVG line over its interval band -------------------------------------------
  const SVG = 'http://www.w3.org/2000/svg';
  function svg(name, attrs) {
    const e = document.createElementNS(SVG, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }
  function chart(figure, points) {
    if (!figure) return;
    const w = Math.max(200, figure.clientWidth), h = Math.max(120, figure.clientHeight);
    const root = svg('svg', { viewBox: `0 0 ${w} ${h}`, role: 'img' });
    const pad = { l: 64, r: 12, t: 12, b: 24 };
    if (points.length === 0) {
      const t = svg('text', { x: w / 2, y: h / 2, 'text-anchor': 'middle' });
      t.textContent = 'no shares yet';
      root.append(t);
      figure.replaceChildren(root);
      return;
    }
    const t0 = points[0].t, t1 = points.length > 1 ? points[points.length - 1].t : t0 + 60000;
    const top = Math.max(...points.map((p) => p.hi), 1) * 1.08;
    const x = (t) => pad.l + (t - t0) / (t1 - t0) * (w - pad.l - pad.r);
    const y = (v) => h - pad.b - v / top * (h - pad.t - pad.b);
    for (const f of [0, 0.5, 1]) {
      const v = top * f;
      root.append(svg('line', { class: 'axis', x1: pad.l, x2: w - pad.r, y1: y(v), y2: y(v) }));
      const label = svg('text', { x: pad.l - 6, y: y(v) + 4, 'text-anchor': 'end' });
      label.textContent = hashrate(v);
      root.append(label);
    }
    const upper = points.map((p) => `${x(p.t)},${y(p.hi)}`);
    const lower = points.slice().reverse().map((p) => `${x(p.t)},${y(p.lo)}`);
    root.append(svg('polygon', { class: 'band', points: upper.concat(lower).join(' ') }));
    root.append(svg('polyline', { class: 'line', points: points.map((p) => `${x(p.t)},${y(p.v)}`).join(' ') }));
    if (points.length === 1) root.append(svg('circle', { class: 'dot', cx: x(points[0].t), cy: y(points[0].v), r: 3 }));
    for (const [t, anchor] of [[t0, 'start'], [t1, 'end']]) {
      const label = svg('text', { x: x(t), y: h - 6, 'text-anchor': anchor });
      label.textContent = new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      root.append(label);
    }
    figure.replaceChildren(root);
  }

  // Complete hours from the history, then the 5-minute samples taken while the page was open
  // (kept for the browser tab, so a reload or a visit to another page does not wipe them).
  function series(key) {
    const state = { hours: [], live: stored(key), polls: 0 };
    return {
      async refresh(historyPath, fiveMinutes) {
        if (state.polls++ % HISTORY_EVERY === 0) {
          state.hours = (await api(historyPath)).hours.filter((h) => h.seconds >= 3600).map(hourPoint);
        }
        state.live.push({ t: Date.now(), v: fiveMinutes.hashrate, lo: fiveMinutes.lower, hi: fiveMinutes.upper });
        state.live = state.live.filter((p) => p.t > Date.now() - 86400000).slice(-720);
        try { sessionStorage.setItem(key, JSON.stringify(state.live)); } catch (e) { /* storage full or off: memory only */ }
        this.draw();
      },
      draw() {
        const first = state.live.length ? state.live[0].t : Infinity;
        chart($('chart'), state.hours.filter((p) => p.t < first).concat(state.live));
      },
    };
  }

  function stored(key) {
    try { return JSON.parse(sessionStorage.getItem(key)) || []; } catch (e) { return []; }
  }

  // ---- pages --------------------------------------------------------------------------------
  async function index(chartSeries) {
    const [pool, blocks] = await Promise.all([api('/api/pool'), api('/api/blocks?limit=10')]);
    const m5 = windowOf(pool.hashrate, '5m');
    showRate('pool-hashrate', m5);
    text('miners', String(pool.miners));
    text('workers-online', String(pool.workersOnline));
    text('active-users', plural(pool.activeUsers, 'user'));
    if (pool.network) {
      text('network-height', String(pool.network.height));
      text('network-difficulty', difficulty(pool.network.difficulty));
      text('time-to-block', m5.hashrate > 0 ? duration(pool.network.difficulty * TWO_32 / m5.hashrate) : '∞ (no hashrate)');
    }
    text('scheme', pool.scheme.toUpperCase() + (pool.fee ? ' · fee ' + sig(pool.fee * 100) + ' %' : ''));
    fill(document.querySelector('#pool-windows tbody'), windowRows(pool.hashrate));
    showBlocks(blocks.blocks, false);
    fill(document.querySelector('#ports tbody'), pool.ports.map(portRow));
    await chartSeries.refresh('/api/pool/history?hours=24', m5);
  }

  function portRow(p) {
    const tr = document.createElement('tr');
    tr.dataset.port = p.port;
    const url = (p.tls ? 'stratum+ssl://' : 'stratum+tcp://') + location.hostname + ':' + p.port;
    const code = document.createElement('code');
    code.textContent = url;
    tr.append(cell(code, 'url'), cell(difficulty(p.initialDifficulty), 'num'),
      cell(difficulty(p.minDifficulty) + ' – ' + difficulty(p.maxDifficulty)), cell(p.vardiff ? 'yes' : 'fixed'));
    return tr;
  }

  let userPolls = 0;
  async function user(chartSeries) {
    const name = body.dataset.user;
    const base = '/api/users/' + encodeURIComponent(name);
    const [pool, u, workers] = await Promise.all([api('/api/pool'), api(base), api(base + '/workers?limit=500')]);
    const m5 = windowOf(u.hashrate, '5m');
    showRate('user-hashrate', m5);
    text('user-workers-online', String(u.workersOnline));
    text('user-workers-total', String(workers.workers.length));
    fill(document.querySelector('#user-windows tbody'), windowRows(u.hashrate));
    fill(document.querySelector('#workers tbody'), workers.workers.map(workerRow));
    const solo = pool.scheme === 'solo';
    $('balance-card').hidden = solo;
    $('odds-card').hidden = !solo;
    $('payouts-section').hidden = solo;
    if (solo && pool.network) {
      const perSecond = m5.hashrate / (pool.network.difficulty * TWO_32);
      text('odds-day', percent(1 - Math.exp(-perSecond * 86400)) + ' a day');
      text('odds-week', percent(1 - Math.exp(-perSecond * 604800)));
      text('odds-expected', perSecond > 0 ? duration(1 / perSecond) : '∞');
    } else if (!solo) {
      text('balance', btc(u.balance));
      text('paid', btc(u.paid));
      if (userPolls % HISTORY_EVERY === 0) await payouts(name);
    }
    userPolls++;
    await chartSeries.refresh(base + '/history?hours=24', m5);
  }

  async function payouts(name) {
    const all = (await api('/api/payments?limit=500')).payments.filter((p) => p.user === name);
    fill(document.querySelector('#payouts tbody'), all.map((p) => {
      const tr = document.createElement('tr');
      tr.append(cell(clock(p.time)), cell(p.kind), cell(span(p.status, 'state ' + p.status)), cell(btc(p.amount), 'num'));
      return tr;
    }));
    $('no-payouts').hidden = all.length > 0;
  }

  function workerRow(w) {
    const tr = document.createElement('tr');
    tr.dataset.worker = w.worker;
    const m5 = windowOf(w.hashrate, '5m');
    const rate = document.createElement('span');
    rate.append(span(hashrate(m5.hashrate), 'rate'), document.createElement('br'),
      span(hashrate(m5.lower) + ' – ' + hashrate(m5.upper), 'interval'));
    tr.append(cell(w.worker, 'worker'), cell(span(w.online ? 'online' : 'offline', 'state ' + (w.online ? 'online' : 'offline'))),
      cell(rate, 'num hashrate'), cell(difficulty(w.difficulty), 'num difficulty'), cell(String(w.accepted), 'num accepted'),
      cell(String(w.rejected), 'num rejected'), cell(String(w.stale), 'num stale'),
      cell(w.bestShare ? difficulty(w.bestShare) : '–', 'num best'), cell(span(ago(w.lastShare), '', clock(w.lastShare)), 'last'),
      cell(span(w.connectedSince ? ago(w.connectedSince).replace(' ago', '') : '–', '',
        w.connectedSince ? 'since ' + clock(w.connectedSince) : ''), 'since'),
      cell(w.protocol ? w.protocol.toUpperCase() : '–', 'protocol'),
      cell(span(w.userAgent || '–', '', w.userAgent || ''), 'agent'));
    return tr;
  }

  // Watches an unknown user's page (answered 200, so the browser logs no error) until the pool knows it.
  async function unknownUser() {
    const r = await fetch(location.pathname, { cache: 'no-store' });
    const html = await r.text();
    if (html.includes('data-known="true"')) location.reload();
  }

  function blocksPage() {
    let offset = 0;
    let next = null;
    async function load() {
      const page = await api('/api/blocks?limit=50&offset=' + offset);
      showBlocks(page.blocks, true);
      next = page.page.next;
      $('older').disabled = next === null;
      $('newer').disabled = offset === 0;
    }
    $('older').addEventListener('click', () => { if (next !== null) { offset = next; tick(); } });
    $('newer').addEventListener('click', () => { offset = Math.max(0, offset - 50); tick(); });
    let running = Promise.resolve();
    const tick = () => { running = running.then(load).then(live, down); return running; };
    return load;
  }

  // ---- polling --------------------------------------------------------------------------------
  function live() {
    const s = $('status');
    s.textContent = 'live · updated ' + new Date().toLocaleTimeString();
    s.classList.remove('stale');
    if (!body.dataset.updates) performance.mark('first-data');
    body.dataset.updates = String(Number(body.dataset.updates || 0) + 1);
  }
  function down(e) {
    const s = $('status');
    s.textContent = 'cannot reach the pool (' + e.message + '), retrying…';
    s.classList.add('stale');
  }
  function poll(step) {
    const run = () => step().then(live, down).finally(() => setTimeout(run, POLL_MS));
    run();
  }

  function lookup() {
    $('lookup').addEventListener('submit', (e) => {
      e.preventDefault();
      const u = $('lookup-user').value.trim().split('.')[0]; // a Stratum user name's account part
      if (u) location.href = userPath(u);
    });
  }

  lookup();
  const page = body.dataset.page;
  if (page === 'index') {
    const s = series('samples:pool');
    poll(() => index(s));
    addEventListener('resize', () => s.draw());
  } else if (page === 'user') {
    if ($('known').hidden) {
      text('status', 'waiting for this miner to connect…');
      const run = () => unknownUser().catch(down).finally(() => setTimeout(run, POLL_MS));
      setTimeout(run, POLL_MS);
    } else {
      const s = series('samples:user:' + body.dataset.user);
      poll(() => user(s));
      addEventListener('resize', () => s.draw());
    }
  } else if (page === 'blocks') {
    poll(blocksPage());
  } else {
    text('status', '');
  }
})();
