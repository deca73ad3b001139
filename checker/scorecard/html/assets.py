"""The page's inline CSS and JS (no network: nothing is fetched, a CSP forbids it)."""

CSS = """
:root{--ink:#1f2933;--mute:#616e7c;--line:#d9e2ec;--bg:#f5f7fa;--ok:#2f855a;--warn:#c05621;--bad:#c53030;--mark:#fed7d7;--blue:#2f5597}
*{box-sizing:border-box}
body{margin:0;font:14px/1.55 -apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:var(--ink);background:var(--bg)}
header,main{max-width:1180px;margin:0 auto;padding:16px 20px}
header h1{margin:0 0 4px;font-size:22px}
.meta,.note{color:var(--mute);font-size:12px}
.note{background:#fffbea;border-left:3px solid #f0b429;padding:6px 10px;color:var(--ink)}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:14px 0}
h2{font-size:18px;margin:0 0 10px}h3{font-size:15px;margin:14px 0 6px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f0f4f8;font-weight:600;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.flag{display:inline-block;border-radius:4px;padding:1px 6px;margin:2px 4px 2px 0;font-size:12px;background:#feebc8;color:#7b341e}
.flag.dismissal,.flag.elimination{background:#fed7d7;color:#822727;font-weight:600}
tr.waived td,tr.duplicate td,tr.not_counted td{color:var(--mute)}
tr.waived td.pts{text-decoration:line-through}
.plus{color:var(--ok)}.minus{color:var(--bad)}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(270px,1fr));gap:12px}
.chart{border:1px solid var(--line);border-radius:6px;padding:6px}
.chart h4{margin:0 0 4px;font-size:13px}
svg text{font-size:11px;fill:#334e68}
.chat{border:1px solid var(--line);border-radius:8px;margin:12px 0;overflow:hidden}
.chat>h3{margin:0;padding:8px 12px;background:#f0f4f8;font-size:14px}
.conv-findings{padding:6px 12px;background:#fff5f5;font-size:12px}
.msg{display:grid;grid-template-columns:minmax(0,1.4fr) minmax(0,1fr);gap:12px;padding:6px 12px;border-top:1px solid #f0f4f8}
.bubble{border-radius:10px;padding:6px 10px;max-width:100%;white-space:pre-wrap;word-break:break-word}
.from-customer .bubble{background:#edf2f7;margin-right:20%}
.from-agent .bubble{background:#e6fffa;margin-left:20%}
.from-system .bubble{background:#fafafa;color:var(--mute);font-size:12px;text-align:center}
.who{font-size:11px;color:var(--mute)}
.flagged .bubble{outline:2px solid #feb2b2}
mark{background:var(--mark);color:#742a2a;border-bottom:2px solid var(--bad);padding:0 1px}
aside.why{font-size:12px;border-left:3px solid var(--bad);padding-left:8px}
aside.why p{margin:2px 0}
aside.why .rule{font-weight:600}
aside.why .src{color:var(--mute)}
aside.why .tip{color:var(--ok)}
aside.why.waived{border-left-color:#a0aec0;opacity:.75}
.hidden{display:none}
select{font:inherit;padding:2px 6px}
footer{color:var(--mute);font-size:12px;text-align:center;padding:20px}
"""

# Filters the page by agent; marks the page as scripted (the tests read that mark).
JS = """
(function(){
  var root=document.documentElement; root.setAttribute('data-js','ready');
  var pick=document.getElementById('agent-filter'); if(!pick){return;}
  pick.addEventListener('change',function(){
    var who=pick.value;
    document.querySelectorAll('[data-agent]').forEach(function(el){
      el.classList.toggle('hidden', who!=='' && el.getAttribute('data-agent')!==who);
    });
  });
  var count=document.getElementById('js-count');
  if(count){count.textContent=String(document.querySelectorAll('mark').length);}
})();
"""
