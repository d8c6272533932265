//! `conferral eval`: metrics, baselines and plots on labelled data.

use anyhow::{bail, Context, Result};

use conferral::corpus::dataset::{self};
use conferral::eval::evaluate;

use crate::cli::args::*;
use crate::cli::common::*;

pub(super) fn eval(a: EvalArgs) -> Result<i32> {
    let data = dataset::relabel(dataset::read_many(&a.data)?, &a.label_field)?;
    if data.is_empty() {
        bail!("no labeled statements in {:?}", a.data);
    }
    let model = load_model(&a.model)?;
    let (flag, pass) = (model.calibration.flag, model.calibration.pass);
    let preds = evaluate::predict(&model, &data, 32)?;
    let report = evaluate::report(&data, &preds.probs, flag, pass);
    let baselines = if a.baseline_train.is_empty() {
        None
    } else {
        let train = dataset::read_many(&a.baseline_train)?;
        Some(evaluate::baselines(&train, &data, flag, pass))
    };
    let out = serde_json::json!({
        "model": model.origin,
        "engine": model.engine_label(),
        "data": a.data,
        "label_field": a.label_field,
        "calibration": model.calibration,
        "report": report,
        "elements": evaluate::element_scores(&data, &preds.elements),
        "baselines": baselines,
    });
    if let Some(dir) = &a.report {
        let files = conferral::eval::plots::write_report_plots(
            &report,
            &preds.probs,
            &evaluate::labels(&data),
            dir,
        )?;
        let path = dir.join("report.json");
        std::fs::write(&path, serde_json::to_string_pretty(&out)?)
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!(
            "wrote {} and {} plots to {}",
            path.display(),
            files.len(),
            dir.display()
        );
    }
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(0)
}
