//! The page at `GET /`: drop in a day's filings, work through the flagged ones. One
//! self-contained HTML file (inline CSS and script, no network beyond this server), styled
//! and sorted by the HTML report's own CSS and script ([`crate::report::html`]); each
//! document's detail is the report's section for it, rendered here by `POST /v1/render`, so
//! page and report look the same. Record text reaches the page only as escaped HTML from the
//! server or through `textContent`.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::report::html;
use crate::report::record::{Record, Verdict};
use crate::serve::ApiError;

/// `GET /`.
pub async fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        page_html(),
    )
        .into_response()
}

/// The body of `POST /v1/render`: a record, and the document's text when the page has it
/// (plain-text uploads), to show the whole motion with the statement marked.
#[derive(Deserialize)]
pub struct RenderRequest {
    record: Record,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    index: usize,
}

/// `POST /v1/render`: `{"html": "<article ...>"}`, the report's section for one record.
pub async fn render(body: axum::body::Bytes) -> Result<Json<Value>, ApiError> {
    let req: RenderRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("not a render request: {e}")))?;
    let mut out = html::document_html(req.index, &req.record);
    if let Some(m) = req
        .text
        .as_deref()
        .and_then(|t| html::motion_html(t, &req.record))
    {
        out.push_str("<h4>The motion, statement marked</h4>\n");
        out.push_str(&m);
    }
    Ok(Json(json!({ "html": out })))
}

/// Verdicts in the report's order (best first): the sort rank of the verdict column.
fn verdict_ranks() -> String {
    let pairs: Vec<String> = Verdict::ALL
        .iter()
        .enumerate()
        .map(|(i, v)| format!("\"{v}\":{i}"))
        .collect();
    format!("{{{}}}", pairs.join(","))
}

fn page_html() -> String {
    let accept: Vec<String> = crate::read::input::read_extensions()
        .iter()
        .map(|e| format!(".{e}"))
        .collect();
    let verdict_options: String = Verdict::ALL
        .iter()
        .map(|v| format!("<option value=\"{v}\">{v}</option>"))
        .collect();
    let counts: String = Verdict::ALL
        .iter()
        .map(|v| {
            format!("<li><span class=\"badge v-{v}\">{v}</span><span class=\"n\" data-verdict=\"{v}\">0</span></li>")
        })
        .collect();
    PAGE.replace("{{CSS}}", html::CSS)
        .replace("{{PAGE_CSS}}", PAGE_CSS)
        .replace("{{SORT_JS}}", html::JS)
        .replace("{{PAGE_JS}}", PAGE_JS)
        .replace("{{RANKS}}", &verdict_ranks())
        .replace("{{ACCEPT}}", &accept.join(","))
        .replace("{{VERDICT_OPTIONS}}", &verdict_options)
        .replace("{{COUNTS}}", &counts)
        .replace("{{VERSION}}", env!("CARGO_PKG_VERSION"))
}

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>conferral: screen filings</title>
<style>{{CSS}}{{PAGE_CSS}}</style>
</head>
<body>
<header>
<h1>Screen filings for their conferral statements</h1>
<p class="meta" id="meta">conferral {{VERSION}}</p>
<div id="drop" tabindex="0">
<p><b>Drop motions here</b> or <label class="pick">choose files<input type="file" id="files" multiple accept="{{ACCEPT}}"></label></p>
<p class="hint">{{ACCEPT}} · one record per document; JSON Lines and CSV files hold one document per record</p>
</div>
<div class="controls">
<label>Court <select id="court"><option value="">detect from each document</option></select></label>
<label><input type="checkbox" id="statement"> each file is the statement itself</label>
<label id="token-box" hidden>Token <input type="password" id="token" autocomplete="off"></label>
</div>
<div class="progress-row"><progress id="progress" max="1" value="0"></progress><span id="progress-text"></span></div>
<div id="errors" role="alert"></div>
<ul class="counts" id="counts"><li><span class="total" id="total">0</span> documents</li>{{COUNTS}}</ul>
</header>
<main>
<div class="filters">
<label>Verdict <select id="filter-verdict"><option value="">all</option><option value="flagged">flagged (insufficient, no_certificate)</option>{{VERDICT_OPTIONS}}</select></label>
<label>Court <select id="filter-court"><option value="">all</option></select></label>
<span class="downloads"><button type="button" id="download-csv" disabled>Download CSV</button> <button type="button" id="download-jsonl" disabled>Download JSON Lines</button></span>
</div>
<div class="split">
<div class="list">
<table id="docs">
<thead><tr>
<th data-key="id" aria-sort="none"><button type="button">ID</button></th>
<th data-key="verdict" data-first="desc" aria-sort="none"><button type="button">Verdict</button></th>
<th data-key="score" class="num" data-first="desc" aria-sort="none"><button type="button">Score</button></th>
<th data-key="profile" aria-sort="none"><button type="button">Profile</button></th>
</tr></thead>
<tbody></tbody>
</table>
<p class="hint" id="empty">No documents yet.</p>
</div>
<section id="detail" aria-live="polite"><p class="hint">Choose a document to see its statement, the evidence for each element and the reasons.</p></section>
</div>
</main>
<script>{{SORT_JS}}</script>
<script>var RANK={{RANKS}};{{PAGE_JS}}</script>
</body>
</html>
"#;

const PAGE_CSS: &str = r#"
header,main{max-width:1400px}
#drop{border:2px dashed #9aa;border-radius:8px;background:#fff;padding:14px 18px;margin:10px 0;text-align:center}
#drop.over{background:#eef6ff;border-color:#1a4fa3}
#drop p{margin:.2em 0}
.pick{color:#1a4fa3;text-decoration:underline;cursor:pointer}
.pick input{display:none}
.hint{color:#666;font-size:.88em}
.controls,.filters{display:flex;flex-wrap:wrap;gap:16px;align-items:center;margin:.5em 0}
.downloads{margin-left:auto}
.progress-row{display:flex;gap:10px;align-items:center}
#progress{width:320px;height:14px}
#errors .error{margin:.3em 0}
.split{display:grid;grid-template-columns:minmax(320px,2fr) 3fr;gap:16px;align-items:start}
@media (max-width:900px){.split{grid-template-columns:1fr}}
#docs tbody tr{cursor:pointer}
#docs tbody tr.selected{background:#e3edff}
#detail article.doc{margin-top:0}
#detail h4{margin:.8em 0 .2em;font-size:.95em}
"#;

const PAGE_JS: &str = r#"
(function(){
  var records=[], texts={}, courtsSeen={};
  var $=function(id){return document.getElementById(id);};
  var tbody=$('docs').tBodies[0];
  function auth(h){var t=$('token').value.trim();if(t){h['Authorization']='Bearer '+t;}return h;}
  function fmt(s){return (typeof s==='number'&&isFinite(s))?s.toFixed(3):'\u2013';}
  function profileId(r){return (r.profile&&r.profile.id)||'';}
  function showError(msg){var p=document.createElement('p');p.className='error';p.textContent=msg;$('errors').appendChild(p);}
  fetch('/healthz').then(function(r){return r.json();}).then(function(h){
    $('meta').textContent='conferral '+h.version+' \u00b7 model '+h.model+' \u00b7 insufficient below '+(+h.thresholds.flag.toFixed(3))+' \u00b7 sufficient at or above '+(+h.thresholds.pass.toFixed(3))+' \u00b7 schema '+h.schema;
    if(h.auth){$('token-box').hidden=false;}
    loadCourts();
  }).catch(function(){});
  function loadCourts(){
    fetch('/v1/courts',{headers:auth({})}).then(function(r){return r.ok?r.json():null;}).then(function(c){
      if(!c){return;}
      var sel=$('court');
      c.courts.forEach(function(p){var o=document.createElement('option');o.value=p.id;o.textContent=p.id+' \u2014 '+p.name;sel.appendChild(o);});
    }).catch(function(){});
  }
  $('token').addEventListener('change',function(){if($('court').options.length<2){loadCourts();}});
  function updateCounts(){
    $('total').textContent=records.length;
    var n={};records.forEach(function(r){n[r.verdict]=(n[r.verdict]||0)+1;});
    Array.prototype.forEach.call(document.querySelectorAll('#counts .n'),function(el){el.textContent=n[el.getAttribute('data-verdict')]||0;});
    $('empty').hidden=records.length>0;
    $('download-csv').disabled=$('download-jsonl').disabled=records.length===0;
  }
  function visible(r){
    var v=$('filter-verdict').value,c=$('filter-court').value;
    if(v==='flagged'&&!(r.verdict==='insufficient'||r.verdict==='no_certificate')){return false;}
    if(v&&v!=='flagged'&&r.verdict!==v){return false;}
    if(c&&profileId(r)!==c){return false;}
    return true;
  }
  function applyFilters(){
    Array.prototype.forEach.call(tbody.rows,function(tr){tr.hidden=!visible(records[+tr.getAttribute('data-order')]);});
  }
  $('filter-verdict').addEventListener('change',applyFilters);
  $('filter-court').addEventListener('change',applyFilters);
  function addRecord(r){
    var i=records.length;records.push(r);
    var tr=document.createElement('tr');
    tr.setAttribute('data-order',i);tr.setAttribute('data-id',r.id);
    tr.setAttribute('data-verdict',RANK[r.verdict]);
    tr.setAttribute('data-score',(typeof r.score==='number')?r.score:-1);
    tr.setAttribute('data-profile',profileId(r));
    var td=document.createElement('td');td.className='id';td.textContent=r.id;tr.appendChild(td);
    td=document.createElement('td');var b=document.createElement('span');b.className='badge v-'+r.verdict;b.textContent=r.verdict;td.appendChild(b);tr.appendChild(td);
    td=document.createElement('td');td.className='num';td.textContent=fmt(r.score);tr.appendChild(td);
    td=document.createElement('td');td.textContent=profileId(r);tr.appendChild(td);
    tr.addEventListener('click',function(){show(i);});
    tbody.appendChild(tr);
    var pid=profileId(r);
    if(pid&&!courtsSeen[pid]){courtsSeen[pid]=1;var o=document.createElement('option');o.value=o.textContent=pid;$('filter-court').appendChild(o);}
    tr.hidden=!visible(r);
  }
  function show(i){
    var r=records[i];
    Array.prototype.forEach.call(tbody.rows,function(tr){tr.classList.toggle('selected',+tr.getAttribute('data-order')===i);});
    var body=JSON.stringify({record:r,text:texts[r.id]||null,index:i});
    fetch('/v1/render',{method:'POST',headers:auth({'Content-Type':'application/json'}),body:body})
      .then(function(resp){return resp.json().then(function(j){return [resp.ok,j];});})
      .then(function(x){
        if(!x[0]){$('detail').textContent=x[1].error.message;return;}
        $('detail').innerHTML=x[1].html;
        $('detail').setAttribute('data-shown',r.id);
        var m=document.getElementById('stmt');if(m){var box=m.closest('.motion');box.scrollTop=Math.max(0,m.offsetTop-60);}
      }).catch(function(e){$('detail').textContent='could not show it: '+e;});
  }
  var TEXT=/\.(txt|text|md|markdown)$/i;
  function send(file){
    var fd=new FormData();fd.append('file',file,file.name);
    if($('statement').checked){fd.append('statement','true');}
    if($('court').value){fd.append('court',$('court').value);}
    return fetch('/v1/score',{method:'POST',headers:auth({}),body:fd}).then(function(resp){
      return resp.json().then(function(j){
        if(!resp.ok){showError(file.name+': '+((j.error&&j.error.message)||resp.status));return;}
        var keep=TEXT.test(file.name)&&j.records.length===1;
        return (keep?file.text():Promise.resolve(null)).then(function(t){
          if(t!==null){texts[j.records[0].id]=t;}
          j.records.forEach(addRecord);
        });
      });
    }).catch(function(e){showError(file.name+': '+e);});
  }
  function upload(list){
    var files=Array.prototype.slice.call(list);if(!files.length){return;}
    var done=0,next=0,total=files.length,bar=$('progress');
    bar.max=total;bar.value=0;$('progress-text').textContent='0 / '+total+' files';
    document.body.setAttribute('data-busy','1');
    function one(){
      if(next>=files.length){return Promise.resolve();}
      var f=files[next++];
      return send(f).then(function(){done++;bar.value=done;$('progress-text').textContent=done+' / '+total+' files';updateCounts();applyFilters();return one();});
    }
    var lanes=[];for(var k=0;k<Math.min(4,total);k++){lanes.push(one());}
    Promise.all(lanes).then(function(){document.body.removeAttribute('data-busy');document.body.setAttribute('data-done',records.length);});
  }
  $('files').addEventListener('change',function(e){upload(e.target.files);e.target.value='';});
  var drop=$('drop');
  ['dragenter','dragover'].forEach(function(t){drop.addEventListener(t,function(e){e.preventDefault();drop.classList.add('over');});});
  ['dragleave','drop'].forEach(function(t){drop.addEventListener(t,function(e){e.preventDefault();drop.classList.remove('over');});});
  drop.addEventListener('drop',function(e){upload(e.dataTransfer.files);});
  function save(name,type,text){
    var a=document.createElement('a');a.href=URL.createObjectURL(new Blob([text],{type:type}));a.download=name;
    document.body.appendChild(a);a.click();setTimeout(function(){URL.revokeObjectURL(a.href);a.remove();},0);
  }
  function csvCell(v){v=(v===null||v===undefined)?'':String(v);return /[",\n\r]/.test(v)?'"'+v.replace(/"/g,'""')+'"':v;}
  $('download-jsonl').addEventListener('click',function(){save('conferral.jsonl','application/x-ndjson',records.map(function(r){return JSON.stringify(r);}).join('\n')+'\n');});
  $('download-csv').addEventListener('click',function(){
    var rows=[['schema','id','source','verdict','score','statement_start','statement_end','statement_text','reasons','error']];
    records.forEach(function(r){var s=r.statement||{};rows.push([r.schema,r.id,r.source,r.verdict,r.score,s.start,s.end,s.text,(r.reasons||[]).join('; '),r.error]);});
    save('conferral.csv','text/csv',rows.map(function(x){return x.map(csvCell).join(',');}).join('\n')+'\n');
  });
  updateCounts();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_self_contained() {
        let p = page_html();
        assert!(!p.contains("{{"), "a placeholder was left");
        for external in ["http://", "https://", "//cdn", "<link", "src=\""] {
            assert!(!p.contains(external), "{external}");
        }
        assert!(
            p.contains("var RANK={\"sufficient\":0,\"review\":1,"),
            "ranks"
        );
        assert!(p.contains("accept=\".txt,"));
    }
}
