//! `conferral calibrate`: fit temperature and thresholds on dev data.

use anyhow::Result;

use conferral::corpus::dataset::{self};
use conferral::eval::evaluate;

use crate::cli::args::*;
use crate::cli::common::*;

pub(super) fn calibrate(a: CalibrateArgs) -> Result<i32> {
    let data = dataset::read_many(&a.data)?;
    let model = load_model_on(Some(&a.model), None, a.precision)?;
    let preds = evaluate::predict(&model, &data, 32)?;
    let fitted_on = a
        .data
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let th = evaluate::calibrate(
        &preds.margins,
        &evaluate::labels(&data),
        a.target_recall,
        a.target_precision,
        &fitted_on,
    );
    let path = a.model.join("calibration.json");
    th.save(&path)?;
    println!("{}", serde_json::to_string_pretty(&th)?);
    eprintln!("wrote {}", path.display());
    Ok(0)
}
