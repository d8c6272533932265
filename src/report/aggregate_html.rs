//! The corpus report (`conferral report --out DIR`, `DIR/report.html`): one self-contained
//! page, inline CSS and SVG, no script and no network. Charts: each verdict's share by group
//! with its 95% Wilson interval, a score histogram per group, element prevalence by group;
//! then the figures as a table.
//!
//! Every label comes from record data (group values) and is escaped. Chart marks carry
//! `data-*` attributes with their numbers, so tests (and people using the inspector) can read
//! what was drawn.

use std::fmt::Write as _;

use crate::report::aggregate::{Group, Summary, BINS};
use crate::report::html::escape;
use crate::report::record::Verdict;

/// Histograms drawn at most (the largest groups); the table and CSV have every group.
pub const MAX_HISTOGRAMS: usize = 60;

const CSS: &str = r#"
:root{--v-sufficient:#1b7f3b;--v-review:#a35f00;--v-insufficient:#b3261e;--v-no_certificate:#5b4a8a;--v-error:#3c3c3c}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1d1d1f;background:#f6f6f4}
header,main{max-width:1100px;margin:0 auto;padding:0 20px}
header{padding-top:18px}
h1{font-size:1.5em;margin:.2em 0}
h2{font-size:1.15em;margin:1.4em 0 .4em}
h3{font-size:1em;margin:.8em 0 .2em}
p.note{color:#444;margin:.3em 0}
code{background:#e9e9e6;padding:0 4px;border-radius:3px}
.counts{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0;margin:.6em 0}
.counts li{background:#fff;border:1px solid #ddd;border-radius:6px;padding:4px 10px}
.counts b{font-size:1.1em}
svg{background:#fff;border:1px solid #ddd;border-radius:4px;display:block;margin:4px 0}
svg text{font:12px system-ui,"DejaVu Sans",sans-serif;fill:#1d1d1f}
svg .axis{stroke:#bbb;stroke-width:1}
svg .grid{stroke:#eee;stroke-width:1}
.multiples{display:flex;flex-wrap:wrap;gap:10px}
.multiples figure{margin:0}
.multiples figcaption{font-size:.8em;color:#333;max-width:200px;overflow-wrap:anywhere}
table{border-collapse:collapse;background:#fff;border:1px solid #ddd;margin:6px 0 30px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td small{color:#555}
"#;

fn colour(v: Verdict) -> &'static str {
    match v {
        Verdict::Sufficient => "#1b7f3b",
        Verdict::Review => "#a35f00",
        Verdict::Insufficient => "#b3261e",
        Verdict::NoCertificate => "#5b4a8a",
        Verdict::Error => "#3c3c3c",
    }
}

/// A group's label: its values joined, or `all` for the whole corpus.
pub fn label(g: &Group) -> String {
    if g.key.is_empty() {
        "all".to_string()
    } else {
        g.key.join(" · ")
    }
}

fn pct(x: Option<f64>) -> String {
    x.map(|x| format!("{:.1}%", 100.0 * x))
        .unwrap_or_else(|| "–".into())
}

fn num(x: Option<f64>) -> String {
    x.map(|x| format!("{x:.6}")).unwrap_or_default()
}

/// The whole page. `inputs` names the files read, for the header.
pub fn render(s: &Summary, inputs: &[String]) -> String {
    let mut out = String::with_capacity(16_384 + s.groups.len() * 4096);
    let by = if s.by.is_empty() {
        "no field (one group)".to_string()
    } else {
        s.by.iter()
            .map(|b| format!("<code>{}</code>", escape(b)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Conferral corpus report: {docs} documents, {groups} groups</title>\n\
         <style>{CSS}</style>\n</head>\n<body>\n<header>\n\
         <h1>Conferral corpus report</h1>\n\
         <p class=\"note\"><b data-total=\"{docs}\">{docs}</b> scored documents in \
         <b data-groups=\"{groups}\">{groups}</b> groups, by {by}; from {files}.</p>\n<ul class=\"counts\">",
        docs = s.total.documents,
        groups = s.groups.len(),
        files = inputs
            .iter()
            .map(|f| format!("<code>{}</code>", escape(f)))
            .collect::<Vec<_>>()
            .join(", "),
    );
    for v in Verdict::ALL {
        let sh = &s.total.verdicts[v.as_str()];
        let _ = write!(
            out,
            "<li data-verdict=\"{v}\"><span style=\"color:{c}\">{v}</span> <b>{n}</b> \
             ({p}, 95% CI {lo}–{hi})</li>",
            c = colour(v),
            n = sh.n,
            p = pct(sh.share),
            lo = pct(sh.lo),
            hi = pct(sh.hi),
        );
    }
    let _ = writeln!(
        out,
        "</ul>\n<p class=\"note\">Intervals are 95% Wilson score intervals of each share. \
         Mean score over the {} documents with a statement: {}.</p>\n</header>\n<main>",
        s.total.scored,
        s.total
            .mean_score
            .map(|m| format!("{m:.3}"))
            .unwrap_or_else(|| "–".into())
    );
    verdict_charts(&mut out, s);
    histograms(&mut out, s);
    elements_chart(&mut out, s);
    table(&mut out, s);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

const LABEL_W: f64 = 230.0;
const PLOT_W: f64 = 420.0;
const ROW_H: f64 = 20.0;
const TOP: f64 = 24.0;

/// One chart per verdict that occurs: a dot at each group's share, a bar over its interval.
fn verdict_charts(out: &mut String, s: &Summary) {
    out.push_str("<h2 id=\"verdicts\">Verdict shares by group</h2>\n");
    let rows: Vec<&Group> = s.groups.iter().chain([&s.total]).collect();
    let height = TOP + ROW_H * rows.len() as f64 + 8.0;
    let width = LABEL_W + PLOT_W + 110.0;
    for v in Verdict::ALL {
        if s.total.verdicts[v.as_str()].n == 0 {
            continue;
        }
        let _ = writeln!(
            out,
            "<h3>{v}</h3>\n<svg class=\"chart verdict\" data-verdict=\"{v}\" width=\"{width}\" \
             height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" \
             aria-label=\"share {v} by group\">"
        );
        axis(out, height);
        for (i, g) in rows.iter().enumerate() {
            let sh = &g.verdicts[v.as_str()];
            let y = TOP + ROW_H * (i as f64 + 0.5);
            let name = label(g);
            let _ = write!(
                out,
                "<text x=\"{x}\" y=\"{ty}\" text-anchor=\"end\"{bold}>{t}</text>",
                x = LABEL_W - 8.0,
                ty = y + 4.0,
                bold = if g.key.is_empty() {
                    " font-weight=\"700\""
                } else {
                    ""
                },
                t = escape(&short(&name, 34)),
            );
            let (Some(p), Some(lo), Some(hi)) = (sh.share, sh.lo, sh.hi) else {
                continue;
            };
            let xs = |f: f64| LABEL_W + f * PLOT_W;
            let _ = writeln!(
                out,
                "<g class=\"ci\" data-group=\"{g}\" data-n=\"{n}\" data-share=\"{p}\" \
                 data-lo=\"{lo}\" data-hi=\"{hi}\"><title>{g}: {n} of {d} ({pp}; 95% CI \
                 {plo}–{phi})</title><line x1=\"{x1:.1}\" x2=\"{x2:.1}\" y1=\"{y}\" y2=\"{y}\" \
                 stroke=\"{c}\" stroke-width=\"3\" stroke-opacity=\".45\"/><circle cx=\"{cx:.1}\" \
                 cy=\"{y}\" r=\"4.5\" fill=\"{c}\"/><text x=\"{tx}\" y=\"{ty}\">{n}/{d}</text></g>",
                g = escape(&name),
                n = sh.n,
                d = g.documents,
                p = num(Some(p)),
                lo = num(Some(lo)),
                hi = num(Some(hi)),
                pp = pct(Some(p)),
                plo = pct(Some(lo)),
                phi = pct(Some(hi)),
                x1 = xs(lo),
                x2 = xs(hi),
                cx = xs(p),
                c = colour(v),
                tx = LABEL_W + PLOT_W + 10.0,
                ty = y + 4.0,
            );
        }
        out.push_str("</svg>\n");
    }
}

/// The share axis (0 to 100%) with grid lines, over the plot area of a chart `height` high.
fn axis(out: &mut String, height: f64) {
    for k in 0..=4 {
        let x = LABEL_W + PLOT_W * k as f64 / 4.0;
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{x}\" x2=\"{x}\" y1=\"{TOP}\" y2=\"{y2}\"/>\
             <text x=\"{x}\" y=\"15\" text-anchor=\"middle\">{p}%</text>",
            y2 = height - 6.0,
            p = k * 25,
        );
    }
}

/// Long labels are cut with an ellipsis (the full label is in each mark's title).
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        cut + "…"
    }
}

/// A small histogram of scores (10 bins over [0, 1]) for the whole corpus and each of the
/// largest groups.
fn histograms(out: &mut String, s: &Summary) {
    out.push_str("<h2 id=\"scores\">Score histograms</h2>\n");
    let mut groups: Vec<&Group> = s.groups.iter().collect();
    if groups.len() > MAX_HISTOGRAMS {
        groups.sort_by_key(|g| std::cmp::Reverse(g.documents));
        groups.truncate(MAX_HISTOGRAMS);
        let _ = writeln!(
            out,
            "<p class=\"note\">The {MAX_HISTOGRAMS} largest of {} groups; summary.csv has \
             every group.</p>",
            s.groups.len()
        );
    }
    out.push_str("<div class=\"multiples\">\n");
    for g in [&s.total].into_iter().chain(groups) {
        let (w, h, pad) = (200.0, 90.0, 14.0);
        let max = g.histogram.iter().copied().max().unwrap_or(0).max(1) as f64;
        let bw = (w - 2.0 * pad) / BINS as f64;
        let name = label(g);
        let _ = write!(
            out,
            "<figure><svg class=\"chart hist\" data-group=\"{gn}\" data-bins=\"{bins}\" \
             width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
             aria-label=\"scores of {gn}\"><line class=\"axis\" x1=\"{pad}\" x2=\"{x2}\" \
             y1=\"{yb}\" y2=\"{yb}\"/>",
            gn = escape(&name),
            bins = g
                .histogram
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(" "),
            x2 = w - pad,
            yb = h - pad,
        );
        for (i, &n) in g.histogram.iter().enumerate() {
            let bh = (h - 2.0 * pad) * n as f64 / max;
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bw1:.1}\" height=\"{bh:.1}\" \
                 fill=\"#4a6fa5\"><title>{a:.1}–{b:.1}: {n}</title></rect>",
                x = pad + bw * i as f64,
                y = h - pad - bh,
                bw1 = bw - 1.0,
                a = i as f64 / BINS as f64,
                b = (i + 1) as f64 / BINS as f64,
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"{pad}\" y=\"{ty}\">0</text><text x=\"{x2}\" y=\"{ty}\" \
             text-anchor=\"end\">1</text></svg><figcaption>{gn}: {n} scored, mean {m}\
             </figcaption></figure>",
            ty = h - 2.0,
            x2 = w - pad,
            gn = escape(&name),
            n = g.scored,
            m = g
                .mean_score
                .map(|m| format!("{m:.3}"))
                .unwrap_or_else(|| "–".into()),
        );
    }
    out.push_str("</div>\n");
}

/// Groups by elements: each cell shaded by the share of the group's scored statements that
/// show the element.
fn elements_chart(out: &mut String, s: &Summary) {
    out.push_str(
        "<h2 id=\"elements\">Element prevalence</h2>\n<p class=\"note\">Share of each group's \
         scored statements in which the element is present (model element head or rule \
         evidence).</p>\n",
    );
    let rows: Vec<&Group> = s.groups.iter().chain([&s.total]).collect();
    let (cw, top) = (92.0, 30.0);
    let width = LABEL_W + cw * s.element_names.len() as f64 + 10.0;
    let height = top + ROW_H * rows.len() as f64 + 6.0;
    let _ = write!(
        out,
        "<svg class=\"chart elements\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"element prevalence\">"
    );
    for (j, e) in s.element_names.iter().enumerate() {
        let _ = write!(
            out,
            "<text x=\"{x}\" y=\"20\" text-anchor=\"middle\">{e}</text>",
            x = LABEL_W + cw * (j as f64 + 0.5),
            e = escape(e),
        );
    }
    for (i, g) in rows.iter().enumerate() {
        let y = top + ROW_H * i as f64;
        let name = label(g);
        let _ = write!(
            out,
            "<text x=\"{x}\" y=\"{ty}\" text-anchor=\"end\">{t}</text>",
            x = LABEL_W - 8.0,
            ty = y + 14.0,
            t = escape(&short(&name, 34)),
        );
        for (j, e) in s.element_names.iter().enumerate() {
            let sh = &g.elements[e];
            let shade = sh.share.unwrap_or(0.0);
            let _ = write!(
                out,
                "<g class=\"cell\" data-group=\"{gn}\" data-element=\"{en}\" data-share=\"{p}\">\
                 <title>{gn}, {en}: {n} of {d} ({pp}; 95% CI {lo}–{hi})</title>\
                 <rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" \
                 fill=\"rgb(27,127,59)\" fill-opacity=\"{o:.3}\" stroke=\"#fff\"/>\
                 <text x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\"{light}>{pp}</text></g>",
                gn = escape(&name),
                en = escape(e),
                p = num(sh.share),
                n = sh.n,
                d = g.with_elements,
                pp = pct(sh.share),
                lo = pct(sh.lo),
                hi = pct(sh.hi),
                x = LABEL_W + cw * j as f64,
                y = y + 1.0,
                w = cw - 2.0,
                h = ROW_H - 2.0,
                o = 0.08 + 0.85 * shade,
                tx = LABEL_W + cw * (j as f64 + 0.5),
                ty = y + 14.0,
                light = if shade > 0.55 {
                    " style=\"fill:#fff\""
                } else {
                    ""
                },
            );
        }
    }
    out.push_str("</svg>\n");
}

/// The figures as a table: documents, each verdict's share and interval, mean score.
fn table(out: &mut String, s: &Summary) {
    out.push_str("<h2 id=\"table\">Figures</h2>\n<table class=\"figures\">\n<thead><tr>");
    for b in &s.by {
        let _ = write!(out, "<th>{}</th>", escape(b));
    }
    if s.by.is_empty() {
        out.push_str("<th>group</th>");
    }
    out.push_str("<th class=\"num\">documents</th>");
    for v in Verdict::ALL {
        let _ = write!(out, "<th class=\"num\">{v}</th>");
    }
    out.push_str("<th class=\"num\">mean score</th></tr></thead>\n<tbody>\n");
    for g in s.groups.iter().chain([&s.total]) {
        out.push_str("<tr>");
        if g.key.is_empty() {
            let _ = write!(out, "<td colspan=\"{}\"><b>all</b></td>", s.by.len().max(1));
        }
        for k in &g.key {
            let _ = write!(out, "<td>{}</td>", escape(k));
        }
        let _ = write!(out, "<td class=\"num\">{}</td>", g.documents);
        for v in Verdict::ALL {
            let sh = &g.verdicts[v.as_str()];
            let _ = write!(
                out,
                "<td class=\"num\">{} <small>{} [{}–{}]</small></td>",
                sh.n,
                pct(sh.share),
                pct(sh.lo),
                pct(sh.hi)
            );
        }
        let _ = writeln!(
            out,
            "<td class=\"num\">{}</td></tr>",
            g.mean_score
                .map(|m| format!("{m:.3}"))
                .unwrap_or_else(|| "–".into())
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::aggregate::Aggregator;
    use serde_json::json;

    #[test]
    fn labels_are_escaped_and_every_group_has_a_mark() {
        let mut a = Aggregator::new(vec!["court".into()]);
        for (c, v, s) in [
            ("<script>x</script>", "review", Some(0.5)),
            ("d-kan", "insufficient", Some(0.1)),
            ("d-kan", "no_certificate", None),
        ] {
            a.add(&json!({"verdict": v, "score": s, "court": c}))
                .unwrap();
        }
        let page = render(&a.finish(), &["a&b.jsonl".into()]);
        assert!(!page.contains("<script>"));
        assert!(page.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(page.contains("<code>a&amp;b.jsonl</code>"));
        // Three verdicts occur: three charts, each with both groups and the total.
        assert_eq!(page.matches("<svg class=\"chart verdict\"").count(), 3);
        assert_eq!(page.matches("<g class=\"ci\"").count(), 9);
        assert!(page.contains("data-group=\"d-kan\" data-bins=\"0 1 0 0 0 0 0 0 0 0\""));
    }
}
