//! A self-contained HTML report of a batch of records (`--format html`, `--report FILE.html`).
//!
//! One file, no external resources: inline CSS and a little inline JavaScript (sortable
//! document list). Every text from a record is HTML-escaped; the script reads only the DOM,
//! never record data, so no record text is ever placed inside a `<script>`.
//!
//! The evidence spans of `elements` count characters (Unicode scalar values) into
//! `statement.text`; [`highlight`] maps them to byte positions before slicing.

use std::fmt::Write as _;

use serde_json::Value;

use crate::report::record::{Record, Verdict, SCHEMA};

/// What the header says about the run besides the counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportMeta {
    /// Where the model came from (`embedded` or its directory).
    pub model: Option<String>,
    /// Scores below this are `insufficient`.
    pub flag: Option<f32>,
    /// Scores at or above this are `sufficient`.
    pub pass: Option<f32>,
    /// The court profile given with `--court`; `None`: detected per document.
    pub court: Option<String>,
}

impl ReportMeta {
    pub fn new(model: impl Into<String>, flag: f32, pass: f32, court: Option<String>) -> Self {
        ReportMeta {
            model: Some(model.into()),
            flag: Some(flag),
            pass: Some(pass),
            court,
        }
    }
}

/// Records gathered for one report, rendered at the end of the batch.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub meta: ReportMeta,
    records: Vec<Record>,
}

impl Report {
    pub fn new(meta: ReportMeta) -> Report {
        Report {
            meta,
            records: Vec::new(),
        }
    }

    pub fn push(&mut self, r: &Record) {
        self.records.push(r.clone());
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn render(&self) -> String {
        render(&self.records, &self.meta)
    }
}

/// Escapes text for element content and quoted attribute values; control characters other
/// than newline and tab are shown as their Unicode control pictures (e.g. a PDF's form feed
/// between pages as `␌`), NUL included.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'))
            }
            '\u{7f}' => out.push('\u{2421}'),
            c => out.push(c),
        }
    }
}

/// Verdicts from best to worst: the sort key of the verdict column.
fn verdict_rank(v: Verdict) -> usize {
    Verdict::ALL.iter().position(|&x| x == v).unwrap_or(0)
}

/// One evidence span: element index (colour), char offsets into the statement, its cue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub element: usize,
    pub start: usize,
    pub end: usize,
    pub cue: String,
}

/// The statement text, escaped, with every mark wrapped in `<mark>`; where marks overlap the
/// text is cut into pieces, each wrapped once and listing every element covering it.
/// Offsets are characters; marks out of range are clamped, empty ones dropped.
pub fn highlight(text: &str, marks: &[Mark], names: &[String]) -> String {
    // bounds[i]: byte offset of char i; bounds[n]: text.len().
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let n = bounds.len() - 1;
    let marks: Vec<Mark> = marks
        .iter()
        .map(|m| Mark {
            start: m.start.min(n),
            end: m.end.min(n),
            ..m.clone()
        })
        .filter(|m| m.start < m.end)
        .collect();
    let mut cuts: Vec<usize> = vec![0, n];
    for m in &marks {
        cuts.push(m.start);
        cuts.push(m.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(text.len() * 2);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let piece = &text[bounds[a]..bounds[b]];
        let mut covering: Vec<&Mark> = marks
            .iter()
            .filter(|m| m.start <= a && m.end >= b)
            .collect();
        if covering.is_empty() {
            escape_into(&mut out, piece);
            continue;
        }
        covering.sort_by_key(|m| (m.element, m.start));
        let mut els: Vec<usize> = covering.iter().map(|m| m.element).collect();
        els.dedup();
        let name = |i: usize| names.get(i).map(String::as_str).unwrap_or("?");
        let data_el: Vec<&str> = els.iter().map(|&i| name(i)).collect();
        let title: Vec<String> = covering
            .iter()
            .map(|m| format!("{}: {}", name(m.element), m.cue))
            .collect();
        let second = els.get(1).copied().unwrap_or(els[0]);
        let _ = write!(
            out,
            "<mark class=\"hl{}\" data-el=\"{}\" title=\"{}\" style=\"--c1:var(--el-{});--c2:var(--el-{})\">",
            if els.len() > 1 { " multi" } else { "" },
            escape(&data_el.join(" ")),
            escape(&title.join("; ")),
            els[0] % PALETTE.len(),
            second % PALETTE.len(),
        );
        escape_into(&mut out, piece);
        out.push_str("</mark>");
    }
    out
}

/// Element highlight colours (light, distinct, dark text stays readable on each).
const PALETTE: [&str; 8] = [
    "#ffc98b", // participants: orange
    "#a8eca0", // when: green
    "#8fe3f0", // means: cyan
    "#c9bdff", // dialogue: purple
    "#ffb3e6", // issues: pink
    "#f4f07a", // outcome: yellow
    "#c8c8c8", "#a8c8ff",
];

/// The element names of a batch: the rubric's, in order, then any others as first seen.
pub fn element_names(records: &[Record]) -> Vec<String> {
    let mut names: Vec<String> = crate::corpus::dataset::ELEMENTS
        .iter()
        .map(|s| s.to_string())
        .collect();
    for r in records {
        if let Some(Value::Object(m)) = r.extra.get("elements") {
            for k in m.keys() {
                if !names.contains(k) {
                    names.push(k.clone());
                }
            }
        }
    }
    names
}

fn fmt_score(s: Option<f32>) -> String {
    s.filter(|x| x.is_finite())
        .map_or_else(|| "–".to_string(), |x| format!("{x:.3}"))
}

fn profile_of(r: &Record) -> (String, String, String) {
    let get = |k: &str| {
        r.extra
            .get("profile")
            .and_then(|p| p.get(k))
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .unwrap_or_default()
    };
    (get("id"), get("rule"), get("why"))
}

/// The report's style sheet; `conferral serve`'s page uses it too, for one look.
pub const CSS: &str = r#"
:root{--el-0:#ffc98b;--el-1:#a8eca0;--el-2:#8fe3f0;--el-3:#c9bdff;--el-4:#ffb3e6;--el-5:#f4f07a;--el-6:#c8c8c8;--el-7:#a8c8ff;
--v-sufficient:#1b7f3b;--v-review:#a35f00;--v-insufficient:#b3261e;--v-no_certificate:#5b4a8a;--v-error:#3c3c3c}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1d1d1f;background:#f6f6f4}
header,main{max-width:1100px;margin:0 auto;padding:0 20px}
header{padding-top:18px;padding-bottom:6px}
h1{font-size:1.5em;margin:.2em 0}
h2{font-size:1.15em;margin:1.2em 0 .5em}
.meta{color:#444;margin:.3em 0}
.meta code{background:#e9e9e6;padding:0 4px;border-radius:3px}
.counts{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0;margin:.6em 0}
.counts li{display:flex;align-items:center;gap:6px;background:#fff;border:1px solid #ddd;border-radius:6px;padding:4px 10px}
.counts .n{font-weight:700;font-size:1.15em}
.counts .total{font-weight:700}
.badge{display:inline-block;color:#fff;border-radius:999px;padding:1px 9px;font-size:.85em;font-weight:600;white-space:nowrap;background:#777}
.v-sufficient{background:var(--v-sufficient)}.v-review{background:var(--v-review)}.v-insufficient{background:var(--v-insufficient)}
.v-no_certificate{background:var(--v-no_certificate)}.v-error{background:var(--v-error)}
.legend{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:.4em 0}
.chip{display:inline-flex;align-items:center;gap:4px;border:1px solid #bbb;border-radius:4px;padding:0 6px;background:var(--c);font-size:.85em}
.chip.absent{background:#fff;border-style:dashed;color:#666}
.chip small{color:#333}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #ddd}
th,td{text-align:left;padding:5px 10px;border-bottom:1px solid #eee;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
th button{font:inherit;font-weight:700;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th button::after{content:" \2195";color:#999;font-weight:400}
th[aria-sort=ascending] button::after{content:" \25B2";color:#333}
th[aria-sort=descending] button::after{content:" \25BC";color:#333}
td.id{word-break:break-all}
tbody tr:hover{background:#f3f7ff}
article.doc{background:#fff;border:1px solid #ddd;border-left:6px solid #999;border-radius:6px;padding:10px 16px;margin:14px 0}
article.doc.v-sufficient{border-left-color:var(--v-sufficient);background:#fff}
article.doc.v-review{border-left-color:var(--v-review);background:#fff}
article.doc.v-insufficient{border-left-color:var(--v-insufficient);background:#fff}
article.doc.v-no_certificate{border-left-color:var(--v-no_certificate);background:#fff}
article.doc.v-error{border-left-color:var(--v-error);background:#fff}
article h3{margin:.2em 0;font-size:1.05em;display:flex;flex-wrap:wrap;gap:10px;align-items:center}
article h3 .docid{word-break:break-all}
article .score{font-weight:400;color:#333}
.src,.profile{margin:.2em 0;color:#444;font-size:.92em;word-break:break-all}
.statement{white-space:pre-wrap;word-wrap:break-word;background:#fafaf7;border:1px solid #e4e4de;border-radius:4px;padding:8px 10px;margin:.5em 0;font-size:.95em}
mark.hl{background:var(--c1);color:inherit;border-radius:2px;padding:0 1px}
mark.hl.multi{box-shadow:inset 0 -5px 0 var(--c2)}
.legend .hint{color:#666;font-size:.85em}
.reasons{margin:.3em 0;padding-left:1.3em}
.error{color:#8a1c14;background:#fdecea;border:1px solid #f3c3be;border-radius:4px;padding:6px 10px;white-space:pre-wrap}
.notes,.fields{color:#555;font-size:.9em}
details{margin:.3em 0}
a{color:#1a4fa3}
.motion{position:relative;white-space:pre-wrap;word-wrap:break-word;background:#fff;border:1px solid #e4e4de;border-radius:4px;padding:8px 10px;margin:.5em 0;font-size:.9em;max-height:32em;overflow:auto}
mark.stmt{background:#fff4c2;outline:2px solid #e0b400;border-radius:2px;color:inherit}
"#;

/// The report's script: sorts `table#docs` by the `data-*` attributes of its rows (read at
/// each click, so rows added later sort too). Shared with `conferral serve`'s page.
pub const JS: &str = r#"
(function(){
  var table=document.getElementById('docs');
  if(!table){return;}
  var tbody=table.tBodies[0];
  var heads=table.tHead.rows[0].cells;
  function sortBy(key,dir){
    var rows=Array.prototype.slice.call(tbody.rows);
    var num=(key==='score'||key==='verdict');
    rows.sort(function(a,b){
      var x=a.getAttribute('data-'+key)||'',y=b.getAttribute('data-'+key)||'',c;
      c=num?(parseFloat(x)-parseFloat(y)):x.localeCompare(y,undefined,{numeric:true});
      if(c===0){return parseInt(a.getAttribute('data-order'),10)-parseInt(b.getAttribute('data-order'),10);}
      return dir==='desc'?-c:c;
    });
    rows.forEach(function(r){tbody.appendChild(r);});
    for(var i=0;i<heads.length;i++){
      var h=heads[i];
      h.setAttribute('aria-sort',h.getAttribute('data-key')===key?(dir==='desc'?'descending':'ascending'):'none');
    }
    table.setAttribute('data-sorted',key+'-'+dir);
  }
  for(var i=0;i<heads.length;i++){
    (function(h){
      var b=h.querySelector('button');
      if(!b){return;}
      b.addEventListener('click',function(){
        var key=h.getAttribute('data-key');
        var now=h.getAttribute('aria-sort');
        var dir=now==='ascending'?'desc':now==='descending'?'asc':(h.getAttribute('data-first')||'asc');
        sortBy(key,dir);
      });
    })(heads[i]);
  }
  var m=/[?&]sort=(id|verdict|score|profile)(?:-(asc|desc))?/.exec(location.search);
  if(m){sortBy(m[1],m[2]||'asc');}
  document.body.setAttribute('data-js','ready');
})();
"#;

/// The whole report: header (counts, model, thresholds, legend), the sortable list, then one
/// section per document.
pub fn render(records: &[Record], meta: &ReportMeta) -> String {
    let names = element_names(records);
    let mut o = String::with_capacity(4096 + records.len() * 2048);
    let total = records.len();
    let noun = if total == 1 { "document" } else { "documents" };
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"conferral {}\">\n\
         <title>Conferral report: {total} {noun}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n\
         <h1>Conferral screening report</h1>\n",
        env!("CARGO_PKG_VERSION")
    );

    // Run settings.
    let mut meta_parts: Vec<String> = Vec::new();
    if let Some(m) = &meta.model {
        meta_parts.push(format!("model <code>{}</code>", escape(m)));
    }
    if let Some(f) = meta.flag {
        meta_parts.push(format!(
            "insufficient below <b class=\"flag\">{}</b>",
            escape(&f.to_string())
        ));
    }
    if let Some(p) = meta.pass {
        meta_parts.push(format!(
            "sufficient at or above <b class=\"pass\">{}</b>",
            escape(&p.to_string())
        ));
    }
    if meta.model.is_some() || meta.court.is_some() {
        meta_parts.push(match &meta.court {
            Some(c) => format!("court profile <code>{}</code>", escape(c)),
            None => "court profile detected per document".to_string(),
        });
    }
    meta_parts.push(format!(
        "conferral {} · schema <code>{SCHEMA}</code>",
        env!("CARGO_PKG_VERSION")
    ));
    let _ = writeln!(o, "<p class=\"meta\">{}</p>", meta_parts.join(" · "));

    // Counts per verdict, every verdict listed.
    let _ = write!(
        o,
        "<ul class=\"counts\"><li><span class=\"total\" id=\"total\" data-total=\"{total}\">{total}</span> {noun}</li>"
    );
    for v in Verdict::ALL {
        let n = records.iter().filter(|r| r.verdict == v).count();
        let _ = write!(
            o,
            "<li><span class=\"badge v-{v}\">{v}</span><span class=\"n\" data-verdict=\"{v}\">{n}</span></li>"
        );
    }
    o.push_str("</ul>\n");

    // Legend of the element colours.
    o.push_str(
        "<div class=\"legend\" id=\"legend\"><span>Evidence highlighted per element:</span>",
    );
    for (i, name) in names.iter().enumerate() {
        let _ = write!(
            o,
            "<span class=\"chip\" data-el=\"{}\" style=\"--c:var(--el-{})\">{}</span>",
            escape(name),
            i % PALETTE.len(),
            escape(name)
        );
    }
    o.push_str(
        "<span class=\"hint\">(where two overlap: the first colour, underlined in the second; hover for the cue)</span></div>\n</header>\n<main>\n",
    );

    // The sortable list.
    o.push_str(
        "<h2>Documents</h2>\n<table id=\"docs\">\n<thead><tr>\
         <th data-key=\"id\" aria-sort=\"none\"><button type=\"button\">ID</button></th>\
         <th data-key=\"verdict\" data-first=\"desc\" aria-sort=\"none\"><button type=\"button\">Verdict</button></th>\
         <th data-key=\"score\" class=\"num\" data-first=\"desc\" aria-sort=\"none\"><button type=\"button\">Score</button></th>\
         <th data-key=\"profile\" aria-sort=\"none\"><button type=\"button\">Profile</button></th>\
         </tr></thead>\n<tbody>\n",
    );
    for (i, r) in records.iter().enumerate() {
        let (pid, _, _) = profile_of(r);
        let score_key = r
            .score
            .filter(|s| s.is_finite())
            .map_or_else(|| "-1".to_string(), |s| s.to_string());
        let _ = writeln!(
            o,
            "<tr data-order=\"{i}\" data-id=\"{}\" data-verdict=\"{}\" data-score=\"{score_key}\" data-profile=\"{}\">\
             <td class=\"id\"><a href=\"#doc-{i}\">{}</a></td><td><span class=\"badge v-{v}\">{v}</span></td>\
             <td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&r.id),
            verdict_rank(r.verdict),
            escape(&pid),
            escape(&r.id),
            fmt_score(r.score),
            escape(&pid),
            v = r.verdict,
        );
    }
    o.push_str("</tbody>\n</table>\n<h2>Details</h2>\n");

    for (i, r) in records.iter().enumerate() {
        document(&mut o, i, r, &names);
    }
    let _ = write!(o, "</main>\n<script>{JS}</script>\n</body>\n</html>\n");
    o
}

/// One document's section of the report (an `<article>`), on its own: the detail pane of
/// `conferral serve`'s page.
pub fn document_html(i: usize, r: &Record) -> String {
    let mut o = String::new();
    document(&mut o, i, r, &element_names(std::slice::from_ref(r)));
    o
}

/// The whole text of a document with its statement marked (`<mark class="stmt">`) and the
/// element evidence inside it highlighted as in the report; `None` when `text` is not the
/// text the record's offsets count in (its statement is not where the record says).
pub fn motion_html(text: &str, r: &Record) -> Option<String> {
    let st = r.statement.as_ref()?;
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let (a, b) = (*bounds.get(st.start)?, *bounds.get(st.end)?);
    if a > b || text[a..b] != st.text {
        return None;
    }
    let names = element_names(std::slice::from_ref(r));
    let marks = marks_of(r, &names);
    Some(format!(
        "<div class=\"motion\">{}<mark class=\"stmt\" id=\"stmt\">{}</mark>{}</div>",
        escape(&text[..a]),
        highlight(&st.text, &marks, &names),
        escape(&text[b..])
    ))
}

/// The evidence spans of a record's elements, as marks (element index by `names`).
fn marks_of(r: &Record, names: &[String]) -> Vec<Mark> {
    let mut marks = Vec::new();
    let Some(Value::Object(els)) = r.extra.get("elements") else {
        return marks;
    };
    for (idx, name) in names.iter().enumerate() {
        let spans = els
            .get(name)
            .and_then(|el| el.get("spans"))
            .and_then(Value::as_array);
        for s in spans.into_iter().flatten() {
            let at = |k: &str| s.get(k).and_then(Value::as_u64).map(|x| x as usize);
            if let (Some(start), Some(end)) = (at("start"), at("end")) {
                marks.push(Mark {
                    element: idx,
                    start,
                    end,
                    cue: s
                        .get("cue")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                });
            }
        }
    }
    marks
}

/// One document's section.
fn document(o: &mut String, i: usize, r: &Record, names: &[String]) {
    let v = r.verdict;
    let _ = write!(
        o,
        "<article class=\"doc v-{v}\" id=\"doc-{i}\" data-verdict=\"{v}\">\n<h3><span class=\"badge v-{v}\">{v}</span>\
         <span class=\"docid\">{}</span>",
        escape(&r.id)
    );
    if r.score.is_some() {
        let _ = write!(
            o,
            "<span class=\"score\">score <b>{}</b></span>",
            fmt_score(r.score)
        );
    }
    o.push_str("</h3>\n");
    if r.source != r.id {
        let _ = writeln!(o, "<p class=\"src\">source: {}</p>", escape(&r.source));
    }
    let (pid, rule, why) = profile_of(r);
    if !pid.is_empty() {
        let _ = write!(o, "<p class=\"profile\">profile <b>{}</b>", escape(&pid));
        if !rule.is_empty() {
            let _ = write!(o, " — {}", escape(&rule));
        }
        if !why.is_empty() {
            let _ = write!(o, " <span class=\"why\">({})</span>", escape(&why));
        }
        o.push_str("</p>\n");
    }
    if let Some(e) = &r.error {
        let _ = writeln!(o, "<p class=\"error\">{}</p>", escape(e));
    }
    if !r.reasons.is_empty() {
        o.push_str("<ul class=\"reasons\">");
        for reason in &r.reasons {
            let _ = write!(o, "<li>{}</li>", escape(reason));
        }
        o.push_str("</ul>\n");
    }

    // Element chips (p, present) and the highlighted statement.
    let marks = marks_of(r, names);
    if let Some(Value::Object(els)) = r.extra.get("elements") {
        o.push_str("<div class=\"legend elements\">");
        for (idx, name) in names.iter().enumerate() {
            let Some(el) = els.get(name) else { continue };
            let present = el.get("present").and_then(Value::as_bool).unwrap_or(false);
            let p = el.get("p").and_then(Value::as_f64);
            let _ = write!(
                o,
                "<span class=\"chip{}\" data-el=\"{}\" data-present=\"{present}\" style=\"--c:var(--el-{})\">{} <small>{}{}</small></span>",
                if present { "" } else { " absent" },
                escape(name),
                idx % PALETTE.len(),
                escape(name),
                if present { "✓" } else { "✗" },
                p.map(|p| format!(" p {p:.2}")).unwrap_or_default(),
            );
        }
        o.push_str("</div>\n");
    }
    if let Some(st) = &r.statement {
        let _ = writeln!(
            o,
            "<div class=\"statement\" data-start=\"{}\" data-end=\"{}\">{}</div>",
            st.start,
            st.end,
            highlight(&st.text, &marks, names)
        );
    }
    if let Some(Value::Array(sts)) = r.extra.get("statements") {
        if sts.len() > 1 {
            let _ = write!(
                o,
                "<details class=\"statements\"><summary>all {} statements (scored together)</summary>",
                sts.len()
            );
            for s in sts {
                let text = s.get("text").and_then(Value::as_str).unwrap_or("");
                let _ = write!(o, "<div class=\"statement\">{}</div>", escape(text));
            }
            o.push_str("</details>\n");
        }
    }
    if let Some(Value::Array(pages)) = r.extra.get("pages") {
        let pages: Vec<String> = pages.iter().map(Value::to_string).collect();
        let _ = writeln!(
            o,
            "<p class=\"notes\">page{} {}</p>",
            if pages.len() == 1 { "" } else { "s" },
            escape(&pages.join(", "))
        );
    }
    if let Some(Value::Array(notes)) = r.extra.get("notes") {
        for n in notes {
            let text = n.as_str().map_or_else(|| n.to_string(), str::to_string);
            let _ = writeln!(o, "<p class=\"notes\">note: {}</p>", escape(&text));
        }
    }
    // Carried input fields, compactly.
    let shown = ["elements", "profile", "statements", "pages", "notes"];
    let fields: Vec<String> = r
        .extra
        .iter()
        .filter(|(k, _)| !shown.contains(&k.as_str()))
        .map(|(k, v)| {
            let mut val = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if val.chars().count() > 200 {
                val = val.chars().take(199).chain(['…']).collect();
            }
            format!("{}: {}", escape(k), escape(&val))
        })
        .collect();
    if !fields.is_empty() {
        let _ = writeln!(o, "<p class=\"fields\">{}</p>", fields.join(" · "));
    }
    o.push_str("</article>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::record::Span;
    use serde_json::json;

    fn names() -> Vec<String> {
        ["participants", "when"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn mark(element: usize, start: usize, end: usize) -> Mark {
        Mark {
            element,
            start,
            end,
            cue: "c".into(),
        }
    }

    #[test]
    fn escapes_markup_and_controls() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{c}b\0c\nd"), "a\u{240c}b\u{2400}c\nd");
    }

    #[test]
    fn highlight_counts_chars_not_bytes() {
        // "😀é " is 3 chars but 7 bytes: a byte-based cut would split a character.
        let text = "😀é <b>March 3</b> ok";
        let out = highlight(text, &[mark(1, 3, 17)], &names());
        assert!(
            out.starts_with("😀é <mark class=\"hl\" data-el=\"when\""),
            "{out}"
        );
        assert!(
            out.contains(">&lt;b&gt;March 3&lt;/b&gt;</mark> ok"),
            "{out}"
        );
    }

    #[test]
    fn overlapping_and_bad_marks() {
        let text = "abcdef";
        let out = highlight(
            text,
            &[mark(0, 1, 4), mark(1, 3, 5), mark(1, 9, 12), mark(0, 5, 2)],
            &names(),
        );
        assert_eq!(out.matches("<mark").count(), 3, "{out}");
        assert!(out.contains("data-el=\"participants when\""), "{out}");
        // All the text survives, in order.
        let plain: String = out
            .split('<')
            .map(|p| p.split_once('>').map_or(p, |(_, t)| t))
            .collect();
        assert_eq!(plain, text);
        // Out of range at the end is clamped; an empty text has nothing to mark.
        assert_eq!(
            highlight("ab", &[mark(1, 1, 99)], &names())
                .matches("</mark>")
                .count(),
            1
        );
        assert_eq!(highlight("", &[mark(0, 0, 3)], &names()), "");
    }

    #[test]
    fn report_has_counts_rows_and_no_injected_markup() {
        let text = "Counsel </script><script>alert(1)</script> conferred on March 3.";
        let span = Span::from_byte_range(text, 0, text.len()).unwrap();
        let mut r = Record::scored("<img src=x>", "a.txt", Verdict::Review, 0.5, span);
        r.extra.insert(
            "elements".into(),
            json!({"when": {"p": 0.9, "present": true,
                   "spans": [{"start": 56, "end": 63, "text": "March 3", "cue": "date"}]}}),
        );
        r.extra.insert(
            "profile".into(),
            json!({"id": "frcp-37", "rule": "Fed. R. Civ. P. 37(a)(1)", "why": "default"}),
        );
        let records = vec![
            r,
            Record::no_certificate("b", "b.txt"),
            Record::error("c", "c.txt", "c.txt: <empty>"),
        ];
        let html = render(&records, &ReportMeta::new("embedded", 0.3, 0.7, None));
        assert_eq!(html.matches("<script").count(), 1);
        assert!(!html.contains("<img"));
        assert!(html.contains("data-verdict=\"review\">1</span>"));
        assert!(html.contains("data-verdict=\"sufficient\">0</span>"));
        assert!(html.contains("data-el=\"when\" title=\"when: date\""));
        assert!(html.contains(">March 3</mark>"));
        assert!(html.contains("c.txt: &lt;empty&gt;"));
        assert_eq!(html.matches("<tr data-order=").count(), 3);
        // The page's pieces: one article, and the whole text with the statement marked.
        let one = document_html(0, &records[0]);
        assert!(one.starts_with("<article class=\"doc v-review\""), "{one}");
        assert!(one.contains(">March 3</mark>"));
        let motion = motion_html(&format!("{text}\nSigned."), &records[0]).unwrap();
        assert!(motion.contains("<mark class=\"stmt\" id=\"stmt\">Counsel &lt;/script&gt;"));
        assert!(
            motion.contains(">March 3</mark>.</mark>\nSigned.</div>"),
            "{motion}"
        );
        assert_eq!(motion_html("other text", &records[0]), None);
        assert_eq!(motion_html(text, &records[1]), None);
        let mut rep = Report::new(ReportMeta::default());
        assert!(rep.is_empty());
        rep.push(&records[1]);
        assert_eq!(rep.len(), 1);
        assert!(rep
            .render()
            .contains("<title>Conferral report: 1 document</title>"));
    }
}
