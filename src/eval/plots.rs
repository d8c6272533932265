//! Evaluation plots: ROC curve, precision-recall curves, reliability diagram and score
//! histogram by label, each written as SVG and PNG with `plotters`.
//!
//! Pure Rust: text is rendered with the `ab_glyph` backend from the DejaVu Sans font
//! embedded in the binary (`assets/DejaVuSans.ttf`), so no system font libraries are needed.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use crate::eval::metrics::EvalReport;

const FONT: &str = "sans-serif";
const FONT_BYTES: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");
const SIZE: (u32, u32) = (720, 540);
/// Bins of the score histogram.
pub const HISTOGRAM_BINS: usize = 20;

const SUFF_COLOR: RGBColor = RGBColor(31, 119, 180);
const INSUFF_COLOR: RGBColor = RGBColor(214, 39, 40);
const GREY: RGBColor = RGBColor(150, 150, 150);

#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    #[error("cannot create plot directory {path}: {source}")]
    Dir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot draw {path}: {message}")]
    Draw { path: PathBuf, message: String },
    #[error("the embedded plot font could not be loaded")]
    Font,
}

/// Registers the embedded font (once per process).
fn ensure_font() -> Result<(), PlotError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        [
            FontStyle::Normal,
            FontStyle::Bold,
            FontStyle::Italic,
            FontStyle::Oblique,
        ]
        .into_iter()
        .all(|style| register_font(FONT, style, FONT_BYTES).is_ok())
    });
    if ok {
        Ok(())
    } else {
        Err(PlotError::Font)
    }
}

#[derive(Clone, Copy, Debug)]
enum Plot {
    Roc,
    Pr,
    Reliability,
    Histogram,
}

impl Plot {
    fn stem(self) -> &'static str {
        match self {
            Plot::Roc => "roc",
            Plot::Pr => "pr",
            Plot::Reliability => "reliability",
            Plot::Histogram => "score_histogram",
        }
    }
}

struct Data<'a> {
    report: &'a EvalReport,
    probs: &'a [f32],
    labels: &'a [bool],
}

type DrawResult = Result<(), String>;

fn fmt_opt(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_string(), |v| format!("{v:.3}"))
}

fn draw<DB: DrawingBackend>(plot: Plot, d: &Data, root: &DrawingArea<DB, Shift>) -> DrawResult {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(e)?;
    let m = &d.report.overall;
    let caption_font = (FONT, 22).into_font();
    let unit = 0f64..1f64;
    match plot {
        Plot::Roc => {
            let mut chart = ChartBuilder::on(root)
                .caption(
                    format!("ROC curve (AUC = {}, n = {})", fmt_opt(m.auc_roc), m.n),
                    caption_font,
                )
                .margin(15)
                .x_label_area_size(45)
                .y_label_area_size(55)
                .build_cartesian_2d(unit.clone(), unit)
                .map_err(e)?;
            chart
                .configure_mesh()
                .x_desc("False positive rate (insufficient called sufficient)")
                .y_desc("True positive rate (sufficient)")
                .label_style((FONT, 14))
                .draw()
                .map_err(e)?;
            chart
                .draw_series(LineSeries::new(
                    [(0.0, 0.0), (1.0, 1.0)],
                    GREY.stroke_width(1),
                ))
                .map_err(e)?;
            let pts: Vec<(f64, f64)> = d.report.curves.roc.iter().map(|p| (p.x, p.y)).collect();
            chart
                .draw_series(LineSeries::new(pts, SUFF_COLOR.stroke_width(2)))
                .map_err(e)?;
        }
        Plot::Pr => {
            let mut chart = ChartBuilder::on(root)
                .caption(
                    format!(
                        "Precision-recall (AP sufficient {}, insufficient {})",
                        fmt_opt(m.pr_auc_sufficient),
                        fmt_opt(m.pr_auc_insufficient)
                    ),
                    caption_font,
                )
                .margin(15)
                .x_label_area_size(45)
                .y_label_area_size(55)
                .build_cartesian_2d(unit.clone(), unit)
                .map_err(e)?;
            chart
                .configure_mesh()
                .x_desc("Recall")
                .y_desc("Precision")
                .label_style((FONT, 14))
                .draw()
                .map_err(e)?;
            for (curve, color, name) in [
                (&d.report.curves.pr_sufficient, SUFF_COLOR, "sufficient"),
                (
                    &d.report.curves.pr_insufficient,
                    INSUFF_COLOR,
                    "insufficient",
                ),
            ] {
                // start each step curve at recall 0 with the first precision
                let mut pts: Vec<(f64, f64)> = Vec::with_capacity(curve.len() + 1);
                if let Some(first) = curve.first() {
                    pts.push((0.0, first.y));
                }
                pts.extend(curve.iter().map(|p| (p.x, p.y)));
                chart
                    .draw_series(LineSeries::new(pts, color.stroke_width(2)))
                    .map_err(e)?
                    .label(format!("{name} as positive"))
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
                    });
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::LowerLeft)
                .label_font((FONT, 14))
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .draw()
                .map_err(e)?;
        }
        Plot::Reliability => {
            let mut chart = ChartBuilder::on(root)
                .caption(
                    format!(
                        "Reliability (ECE = {}, Brier = {})",
                        fmt_opt(m.ece),
                        fmt_opt(m.brier)
                    ),
                    caption_font,
                )
                .margin(15)
                .x_label_area_size(45)
                .y_label_area_size(55)
                .build_cartesian_2d(unit.clone(), unit)
                .map_err(e)?;
            chart
                .configure_mesh()
                .x_desc("Mean predicted probability of sufficient")
                .y_desc("Observed share sufficient")
                .label_style((FONT, 14))
                .draw()
                .map_err(e)?;
            // bin occupancy as light bars (height = share of all items in the bin)
            let n = d.report.overall.n.max(1) as f64;
            chart
                .draw_series(d.report.curves.reliability.iter().map(|b| {
                    Rectangle::new(
                        [(b.lo, 0.0), (b.hi, b.count as f64 / n)],
                        GREY.mix(0.3).filled(),
                    )
                }))
                .map_err(e)?
                .label("share of items in bin")
                .legend(|(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 20, y + 5)], GREY.mix(0.3).filled())
                });
            chart
                .draw_series(LineSeries::new(
                    [(0.0, 0.0), (1.0, 1.0)],
                    GREY.stroke_width(1),
                ))
                .map_err(e)?
                .label("perfect calibration")
                .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], GREY));
            let pts: Vec<(f64, f64)> = d
                .report
                .curves
                .reliability
                .iter()
                .filter_map(|b| Some((b.mean_prob?, b.frac_sufficient?)))
                .collect();
            chart
                .draw_series(LineSeries::new(pts, SUFF_COLOR.stroke_width(2)).point_size(4))
                .map_err(e)?
                .label("model")
                .legend(|(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], SUFF_COLOR.stroke_width(2))
                });
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .label_font((FONT, 14))
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .draw()
                .map_err(e)?;
        }
        Plot::Histogram => {
            let mut counts = [[0usize; HISTOGRAM_BINS]; 2];
            for (&p, &l) in d.probs.iter().zip(d.labels) {
                let p = if p.is_finite() {
                    p.clamp(0.0, 1.0)
                } else {
                    0.5
                };
                let b = ((p * HISTOGRAM_BINS as f32) as usize).min(HISTOGRAM_BINS - 1);
                counts[usize::from(l)][b] += 1;
            }
            let max = counts.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
            let mut chart = ChartBuilder::on(root)
                .caption(
                    format!(
                        "Scores by label (flag {:.2}, pass {:.2})",
                        d.report.flag, d.report.pass
                    ),
                    caption_font,
                )
                .margin(15)
                .x_label_area_size(45)
                .y_label_area_size(55)
                .build_cartesian_2d(unit, 0f64..max * 1.1)
                .map_err(e)?;
            chart
                .configure_mesh()
                .x_desc("Predicted probability of sufficient")
                .y_desc("Statements")
                .y_label_formatter(&|v| format!("{v:.0}"))
                .label_style((FONT, 14))
                .draw()
                .map_err(e)?;
            let w = 1.0 / HISTOGRAM_BINS as f64;
            for (label, color, name) in [
                (0usize, INSUFF_COLOR, "labelled insufficient"),
                (1usize, SUFF_COLOR, "labelled sufficient"),
            ] {
                chart
                    .draw_series(
                        counts[label]
                            .iter()
                            .enumerate()
                            .filter(|(_, &c)| c > 0)
                            .map(|(b, &c)| {
                                let x0 = b as f64 * w;
                                Rectangle::new(
                                    [(x0, 0.0), (x0 + w, c as f64)],
                                    color.mix(0.45).filled(),
                                )
                            }),
                    )
                    .map_err(e)?
                    .label(name)
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 5), (x + 20, y + 5)], color.mix(0.45).filled())
                    });
            }
            for (t, name) in [(d.report.flag, "flag"), (d.report.pass, "pass")] {
                chart
                    .draw_series(LineSeries::new(
                        [(t, 0.0), (t, max * 1.1)],
                        BLACK.stroke_width(1),
                    ))
                    .map_err(e)?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        name,
                        (t + 0.005, max * 1.05),
                        (FONT, 13).into_font(),
                    )))
                    .map_err(e)?;
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperRight)
                .label_font((FONT, 14))
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .draw()
                .map_err(e)?;
        }
    }
    root.present().map_err(e)
}

/// Writes `roc`, `pr`, `reliability` and `score_histogram`, each as `.svg` and `.png`, into
/// `dir` (created if missing), and returns the paths written. `probs`/`labels` are the ones
/// the report was computed from (the histogram needs them; the curves come from the report).
pub fn write_report_plots(
    report: &EvalReport,
    probs: &[f32],
    labels: &[bool],
    dir: &Path,
) -> Result<Vec<PathBuf>, PlotError> {
    assert_eq!(
        probs.len(),
        labels.len(),
        "write_report_plots: length mismatch"
    );
    ensure_font()?;
    std::fs::create_dir_all(dir).map_err(|source| PlotError::Dir {
        path: dir.to_path_buf(),
        source,
    })?;
    let data = Data {
        report,
        probs,
        labels,
    };
    let mut written = Vec::new();
    for plot in [Plot::Roc, Plot::Pr, Plot::Reliability, Plot::Histogram] {
        let svg = dir.join(format!("{}.svg", plot.stem()));
        {
            let root = SVGBackend::new(&svg, SIZE).into_drawing_area();
            draw(plot, &data, &root).map_err(|message| PlotError::Draw {
                path: svg.clone(),
                message,
            })?;
        }
        written.push(svg);
        let png = dir.join(format!("{}.png", plot.stem()));
        {
            let root = BitMapBackend::new(&png, SIZE).into_drawing_area();
            draw(plot, &data, &root).map_err(|message| PlotError::Draw {
                path: png.clone(),
                message,
            })?;
        }
        written.push(png);
    }
    Ok(written)
}

/// One named line of a [`LineChart`].
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

/// A chart of lines over a base-2 logarithmic x axis (batch sizes, token lengths), for
/// the throughput plots of `benches/sweep.rs`.
pub struct LineChart<'a> {
    pub title: &'a str,
    pub x_desc: &'a str,
    pub y_desc: &'a str,
    pub series: &'a [Series],
}

const PALETTE: [RGBColor; 6] = [
    SUFF_COLOR,
    INSUFF_COLOR,
    RGBColor(44, 160, 44),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
    GREY,
];

fn draw_lines<DB: DrawingBackend>(c: &LineChart, root: &DrawingArea<DB, Shift>) -> DrawResult {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(e)?;
    let pts = || c.series.iter().flat_map(|s| s.points.iter());
    let x_max = pts().map(|p| p.0).fold(1.0, f64::max);
    let x_min = pts()
        .map(|p| p.0)
        .fold(x_max, f64::min)
        .max(f64::MIN_POSITIVE);
    let y_max = pts().map(|p| p.1).fold(0.0, f64::max) * 1.1;
    let mut chart = ChartBuilder::on(root)
        .caption(c.title, (FONT, 20).into_font())
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(60)
        .build_cartesian_2d(
            (x_min..x_max * 1.05).log_scale().base(2.0),
            0.0..y_max.max(1.0),
        )
        .map_err(e)?;
    chart
        .configure_mesh()
        .x_desc(c.x_desc)
        .y_desc(c.y_desc)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .label_style((FONT, 14))
        .draw()
        .map_err(e)?;
    for (s, color) in c.series.iter().zip(PALETTE.iter().cycle()) {
        chart
            .draw_series(LineSeries::new(s.points.clone(), color.stroke_width(2)))
            .map_err(e)?
            .label(s.name.clone())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], color.stroke_width(2)));
        chart
            .draw_series(s.points.iter().map(|&p| Circle::new(p, 3, color.filled())))
            .map_err(e)?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.8))
        .border_style(GREY)
        .label_font((FONT, 14))
        .draw()
        .map_err(e)?;
    Ok(())
}

/// Writes `chart` as `stem.svg` and `stem.png` in `dir` (created if missing).
pub fn write_line_chart(
    chart: &LineChart,
    dir: &Path,
    stem: &str,
) -> Result<Vec<PathBuf>, PlotError> {
    ensure_font()?;
    std::fs::create_dir_all(dir).map_err(|source| PlotError::Dir {
        path: dir.to_path_buf(),
        source,
    })?;
    let svg = dir.join(format!("{stem}.svg"));
    let png = dir.join(format!("{stem}.png"));
    let fail = |path: &PathBuf| {
        let path = path.clone();
        move |message| PlotError::Draw { path, message }
    };
    draw_lines(chart, &SVGBackend::new(&svg, SIZE).into_drawing_area()).map_err(fail(&svg))?;
    draw_lines(chart, &BitMapBackend::new(&png, SIZE).into_drawing_area()).map_err(fail(&png))?;
    Ok(vec![svg, png])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::metrics::evaluate;

    fn sample() -> (Vec<f32>, Vec<bool>) {
        let mut probs = Vec::new();
        let mut labels = Vec::new();
        // deterministic pseudo-scores: sufficient skewed high, insufficient low
        for i in 0..200u32 {
            let u = ((i * 37 + 11) % 100) as f32 / 100.0;
            let suff = i % 2 == 0;
            let p = if suff { 0.25 + 0.75 * u } else { 0.75 * u * u };
            probs.push(p);
            labels.push(suff);
        }
        (probs, labels)
    }

    #[test]
    fn writes_all_plots_non_empty() {
        let (probs, labels) = sample();
        let n = probs.len();
        let ids: Vec<String> = (0..n).map(|i| format!("x{i}")).collect();
        let texts = vec![String::from("t"); n];
        let report = evaluate(&ids, &probs, &labels, &[], &texts, 0.2, 0.6);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("plots");
        let files = write_report_plots(&report, &probs, &labels, &out).unwrap();
        assert_eq!(files.len(), 8);
        for f in &files {
            let len = std::fs::metadata(f).unwrap().len();
            assert!(len > 1000, "{} is {len} bytes", f.display());
        }
        let svg = std::fs::read_to_string(out.join("roc.svg")).unwrap();
        assert!(svg.contains("ROC curve"));
        let png = std::fs::read(out.join("pr.png")).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        if let Ok(keep) = std::env::var("CONFERRAL_KEEP_PLOTS") {
            for f in &files {
                std::fs::copy(f, Path::new(&keep).join(f.file_name().unwrap())).unwrap();
            }
        }
    }

    #[test]
    fn degenerate_report_still_plots() {
        let probs = [0.3f32, 0.9];
        let labels = [true, true];
        let ids = vec!["a".to_string(), "b".to_string()];
        let texts = vec![String::new(), String::new()];
        let report = evaluate(&ids, &probs, &labels, &[], &texts, 0.5, 0.5);
        let dir = tempfile::tempdir().unwrap();
        let files = write_report_plots(&report, &probs, &labels, dir.path()).unwrap();
        assert!(files.iter().all(|f| f.exists()));
    }

    #[test]
    fn line_chart_draws_every_series_with_its_legend() {
        let series = [
            Series {
                name: "2 workers".into(),
                points: vec![(1.0, 10.0), (8.0, 40.0), (32.0, 55.0)],
            },
            Series {
                name: "1 worker".into(),
                points: vec![(1.0, 8.0), (8.0, 30.0), (32.0, 38.0)],
            },
        ];
        let chart = LineChart {
            title: "Throughput",
            x_desc: "batch size",
            y_desc: "statements/s",
            series: &series,
        };
        let dir = tempfile::tempdir().unwrap();
        let files = write_line_chart(&chart, dir.path(), "t").unwrap();
        assert_eq!(files.len(), 2);
        let svg = std::fs::read_to_string(&files[0]).unwrap();
        assert!(svg.contains("2 workers") && svg.contains("1 worker"));
        assert!(svg.contains("statements/s"));
        assert_eq!(&std::fs::read(&files[1]).unwrap()[1..4], b"PNG");
    }
}
