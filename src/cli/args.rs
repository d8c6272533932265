//! Command-line arguments (clap derive). Parsing only: the work is done in `commands`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "conferral",
    version,
    about = "Screens court motions: does the conferral statement show, with particularity, a reasonable effort to confer?",
    after_help = "Examples:\n  conferral score examples/                 # every motion in a folder\n  conferral score --statement corpus.jsonl  # texts that are the statements themselves\n  cat motion.txt | conferral score -        # stdin\n  conferral locate motion.txt               # just the located statements\n  conferral eval --data data/dev.jsonl      # metrics of the embedded model"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Score documents: locate the conferral statement, score it, give a verdict.
    #[command(
        after_help = "Examples:\n  conferral score examples/\n  conferral score --format csv --output out.csv motions/\n  conferral score --statement --format jsonl data/real_statements.jsonl\n  conferral score --fail-on-flag motion.txt && echo ok\n  conferral score --shard 0/4 --resume -o out.0.jsonl corpus/   # one of 4 workers, resumable\n\nExit codes: 0 done; 1 a document was flagged (only with --fail-on-flag); 2 usage error or an input could not be read (all other inputs are still scored and written); 130/143 stopped by SIGINT/SIGTERM (finished records kept; --resume continues)."
    )]
    Score(ScoreArgs),
    /// Print the located conferral statements (with offsets), without scoring.
    #[command(after_help = "Example:\n  conferral locate motion.txt motions/")]
    Locate(LocateArgs),
    /// Train the locator's sentence tagger on motions with marked statements.
    #[command(
        after_help = "Example (the shipped weights, models/locator/):\n  conferral locate-train --train data/locate/train.jsonl data/locate/generated.jsonl \\\n    --dev data/locate/dev.jsonl --out models/locator/tagger.bin"
    )]
    LocateTrain(LocateTrainArgs),
    /// Measure the locator on motions with marked statements (located share, misses).
    #[command(after_help = "Example:\n  conferral locate-eval --data data/locate/dev.jsonl")]
    LocateEval(LocateEvalArgs),
    /// Fine-tune the classifier from a base BERT directory.
    #[command(
        after_help = "Example:\n  conferral train --train data/train.jsonl --dev data/dev.jsonl \\\n    --base base/all-MiniLM-L6-v2 --out models/new"
    )]
    Train(TrainArgs),
    /// Evaluate a model on labeled statements: metrics as JSON, optional plots.
    #[command(
        after_help = "Example:\n  conferral eval --data data/dev.jsonl --report runs/dev-report"
    )]
    Eval(EvalArgs),
    /// Fit temperature scaling and choose thresholds; writes calibration.json.
    #[command(
        after_help = "Example:\n  conferral calibrate --data data/dev.jsonl --model models/new"
    )]
    Calibrate(CalibrateArgs),
    /// K-fold cross-validation over real statements (train on synthetic + K-1 folds).
    #[command(
        after_help = "Example:\n  conferral crossval --real data/real_statements.jsonl --synthetic data/synthetic_train.jsonl \\\n    --dev data/synthetic_dev.jsonl --base base/all-MiniLM-L6-v2 --out runs/cv --folds 5\n\nFolds trained on a GPU (scripts/train_torch.py), measured here:\n  conferral crossval ... --out runs/cv --plan-only          # runs/cv/folds.jsonl\n  conferral crossval ... --out runs/cv --margins-from runs/cv/oof.jsonl \\\n    --eval-label court_label --by text_kind"
    )]
    Crossval(CrossvalArgs),
    /// Generate labeled synthetic statements (seeded, reproducible).
    #[command(
        after_help = "Example:\n  conferral synth --n 6000 --seed 1 --out data/synthetic.jsonl"
    )]
    Synth(SynthArgs),
    /// Split labeled statements into train and dev by source case / template group.
    #[command(
        after_help = "Example:\n  conferral split --data data/real_statements.jsonl --dev-frac 0.2 \\\n    --train-out data/real_train.jsonl --dev-out data/real_dev.jsonl"
    )]
    Split(SplitArgs),
    /// List the court profiles (conferral rules by court), or show one as TOML.
    #[command(
        after_help = "Examples:\n  conferral courts                  # id, court, rule of every profile\n  conferral courts show nd-ill-37-2  # one profile, as TOML\n  conferral score --court d-kan-37-2 motion.txt"
    )]
    Courts(CourtsArgs),
    /// Corpus figures by group from scored records (summary.csv, report.html).
    ///
    /// Per group: each verdict's count and share with its 95% Wilson interval, mean score and
    /// element prevalence; as summary.csv (or summary.json) and a report.html with charts.
    #[command(
        after_help = "Examples:\n  conferral score -q -o scored.jsonl corpus.jsonl   # records carry the corpus fields (court, year, ...)\n  conferral report scored.jsonl --by court,year --out runs/by-court\n  conferral report shard-*.jsonl --by court --out runs/by-court --format json"
    )]
    Report(ReportArgs),
    /// Serve the screener over HTTP (JSON and file uploads) with a web page at /.
    #[command(
        after_help = "Examples:\n  conferral serve                                   # http://127.0.0.1:8080/\n  conferral serve --addr 0.0.0.0:9000 --token \"$TOKEN\"\n  curl -s localhost:8080/v1/score -H 'Content-Type: application/json' \\\n    -d '{\"documents\": [{\"id\": \"a\", \"text\": \"...\"}]}'\n\nRoutes: GET / (the page), GET /healthz, GET /metrics, POST /v1/score, GET /v1/courts, GET /v1/courts/{id}.\nStops on SIGTERM/SIGINT after finishing the requests in flight (at most 10 s)."
    )]
    Serve(ServeArgs),
}

/// Which inference engine runs the model.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// candle, pure Rust, built in.
    Candle,
    /// ONNX Runtime: needs a build with `--features onnx`, the runtime library
    /// (ORT_DYLIB_PATH) and the model's `model.onnx` (scripts/export_onnx.py).
    Onnx,
}

/// How candle holds the encoder's linear layers.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum PrecisionArg {
    /// int8 where the CPU has AVX-512 VNNI, else f32.
    Auto,
    /// int8 weights per channel, activations per row, i32 sums (README, Performance).
    Int8,
    /// f32, as trained.
    F32,
}

/// Which model and how candle runs it (score, eval, serve).
#[derive(Args, Debug, Clone)]
pub struct ModelArgs {
    /// Model directory [default: the model embedded in this binary].
    #[arg(long = "model", env = "CONFERRAL_MODEL")]
    pub dir: Option<PathBuf>,
    /// Precision of candle's encoder layers: int8 runs about 2x faster; single probabilities
    /// move by up to about 0.1 from f32 (mean about 0.001; no verdict changed on the 435 dev
    /// statements; README, Performance).
    #[arg(long, value_enum, default_value_t = PrecisionArg::Auto, env = "CONFERRAL_PRECISION")]
    pub precision: PrecisionArg,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
pub enum FormatArg {
    Jsonl,
    Csv,
    Table,
    /// One self-contained HTML report of the batch (written when the run ends).
    Html,
}

/// Which PDF pages are read with OCR.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum OcrArg {
    /// Only pages without a text layer (scans).
    Auto,
    /// Every page, in place of the text layer.
    Always,
    /// None: a scanned PDF is an error record that says it needs OCR.
    Never,
}

#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Files or directories (.txt, .md, .jsonl, .csv, .pdf, .docx); `-` or nothing reads stdin.
    pub inputs: Vec<PathBuf>,
    /// Field holding the document id in JSONL/CSV inputs.
    #[arg(long, default_value = "id", env = "CONFERRAL_ID_FIELD")]
    pub id_field: String,
    /// Field holding the document text in JSONL/CSV inputs.
    #[arg(long, default_value = "text", env = "CONFERRAL_TEXT_FIELD")]
    pub text_field: String,
    /// OCR of PDF pages with Tesseract (needs `apt-get install tesseract-ocr
    /// tesseract-ocr-eng poppler-utils`): auto reads the pages that have no text layer,
    /// always every page, never none (a scan is then an error record).
    #[arg(long, value_enum, default_value_t = OcrArg::Auto, env = "CONFERRAL_OCR")]
    pub ocr: OcrArg,
}

#[derive(Args, Debug)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Each text is the conferral statement itself: skip locating.
    #[arg(long)]
    pub statement: bool,
    /// Output format [default: table on a terminal, jsonl otherwise].
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write records to FILE (atomically: complete or not at all) instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Also write a self-contained HTML report of the batch to FILE.html (atomically), whatever
    /// the --format of the records.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Append to --output FILE record by record, continuing a stopped run: skips the
    /// documents already in FILE, cuts a partial last line. JSON Lines only.
    #[arg(long, requires = "output")]
    pub resume: bool,
    /// Score only shard K of N (0-based), by a stable hash of the document id [default: from
    /// SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX with --shard-count;
    /// 0/1 scores everything].
    #[arg(long, value_name = "K/N", env = "CONFERRAL_SHARD")]
    pub shard: Option<conferral::report::shard::Shard>,
    /// Number of shards N when the index comes from JOB_COMPLETION_INDEX (Kubernetes Indexed
    /// Job) or SLURM_ARRAY_TASK_ID.
    #[arg(long, value_name = "N", env = "CONFERRAL_SHARD_COUNT")]
    pub shard_count: Option<usize>,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Scores below this are `insufficient` [default: the model's calibration].
    #[arg(long)]
    pub flag_below: Option<f32>,
    /// Scores at or above this are `sufficient` [default: the model's calibration].
    #[arg(long)]
    pub pass_above: Option<f32>,
    /// Exit 1 when any document is `insufficient` or `no_certificate`.
    #[arg(long)]
    pub fail_on_flag: bool,
    /// Statements per forward pass. Past 2-4, larger batches were not faster here
    /// (`cargo bench --bench sweep`) and cost memory: each worker holds one batch's
    /// activations.
    #[arg(long, default_value_t = 8, env = "CONFERRAL_BATCH_SIZE")]
    pub batch_size: usize,
    /// Worker threads: each locates, tokenizes and runs whole forward passes side by side
    /// [default: the cores this process may use].
    #[arg(long, env = "CONFERRAL_THREADS", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Inference engine.
    #[arg(long, value_enum, default_value_t = EngineArg::Candle, env = "CONFERRAL_ENGINE")]
    pub engine: EngineArg,
    /// The ONNX graph for `--engine onnx` [default: MODEL_DIR/model.onnx; required with
    /// the embedded model].
    #[arg(long, value_name = "FILE", env = "CONFERRAL_ONNX")]
    pub onnx: Option<std::path::PathBuf>,
    /// Threads inside each forward pass [default: candle 1, as splitting one product
    /// across cores costs a barrier per operation; onnx all of --threads, in one session].
    /// With onnx, --threads/N sessions run side by side, each holding its own copy of the
    /// weights (~110 MiB); one two-thread session was as fast here within the noise, with
    /// less memory and start-up.
    #[arg(long, env = "CONFERRAL_MODEL_THREADS", value_parser = clap::value_parser!(u16).range(1..))]
    pub model_threads: Option<u16>,
    /// No progress bar or summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Court profile to judge every document by (see `conferral courts`) [default: detected
    /// from each document's caption, else frcp-37].
    #[arg(long, value_name = "ID", env = "CONFERRAL_COURT")]
    pub court: Option<String>,
}

#[derive(Args, Debug)]
pub struct LocateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Print every candidate, weak ones too (default: only the statements that would be scored).
    #[arg(long)]
    pub all: bool,
    /// Also print every sentence with the locator tagger's probability that it belongs to a
    /// conferral statement (to see why a statement was or was not found).
    #[arg(long)]
    pub sentences: bool,
    /// Locator tagger weights to use instead of the embedded ones (`conferral locate-train`).
    #[arg(long)]
    pub tagger: Option<PathBuf>,
    /// The tagger alone: no second reading of uncertain sentences by the unit encoder.
    #[arg(long)]
    pub no_encoder: bool,
}

#[derive(Args, Debug)]
pub struct LocateTrainArgs {
    /// Motions to train on (JSONL of the locate corpus, data/locate/README.md); repeatable.
    #[arg(long, required = true, num_args = 1..)]
    pub train: Vec<PathBuf>,
    /// Motions to report figures on after training (never trained on).
    #[arg(long, num_args = 1..)]
    pub dev: Vec<PathBuf>,
    /// Where to write the weights (f16, 1 MiB: two stages of 2^18 weights).
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 8)]
    pub epochs: usize,
    #[arg(long, default_value_t = 17)]
    pub seed: u64,
    /// Weight of a statement sentence's loss against an other sentence's.
    #[arg(long, default_value_t = 2.0)]
    pub positive_weight: f32,
    /// L2 penalty per update.
    #[arg(long, default_value_t = 1e-6)]
    pub l2: f32,
    /// Fits averaged within each stage, each with its own shuffle (seeds SEED, SEED+1, ...).
    #[arg(long, default_value_t = 1)]
    pub shuffles: usize,
    /// Taggers averaged, each trained on its own 4 in 5 of the motions (1: all motions).
    #[arg(long, default_value_t = 20)]
    pub bags: usize,
}

#[derive(Args, Debug)]
pub struct LocateEvalArgs {
    /// Motions with marked statements (JSONL of the locate corpus); repeatable.
    #[arg(long, required = true, num_args = 1..)]
    pub data: Vec<PathBuf>,
    /// Tagger weights to use instead of the embedded ones.
    #[arg(long, conflicts_with = "rules_only")]
    pub tagger: Option<PathBuf>,
    /// Rules only, no tagger (the fallback, for comparison).
    #[arg(long)]
    pub rules_only: bool,
    /// Print up to this many misses to stderr.
    #[arg(long, default_value_t = 20)]
    pub failures: usize,
    /// Write every sentence unit of every motion (JSONL per motion: id, writer, units with
    /// byte range, text, tagger probability and whether it lies in a marked statement): the
    /// training data of a second-stage sentence scorer.
    #[arg(long)]
    pub dump_units: Option<PathBuf>,
    /// Replace the tagger's unit probabilities with these (JSONL per motion: id, probs, one per
    /// unit as in --dump-units), to measure a second-stage scorer trained elsewhere.
    #[arg(long, conflicts_with_all = ["no_encoder", "unit_encoder"])]
    pub unit_probs: Option<PathBuf>,
    /// Unit encoder weights to use instead of the embedded ones
    /// (`scripts/train_locator_encoder.sh`).
    #[arg(long, conflicts_with = "no_encoder")]
    pub unit_encoder: Option<PathBuf>,
    /// The tagger alone: no second reading of uncertain sentences by the unit encoder.
    #[arg(long)]
    pub no_encoder: bool,
}

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Training data (JSONL: id, text, label); repeatable.
    #[arg(long, required = true, num_args = 1..)]
    pub train: Vec<PathBuf>,
    /// Dev data for early stopping; repeatable. Without it, all --epochs run and the last
    /// epoch's weights are kept.
    #[arg(long, num_args = 1..)]
    pub dev: Vec<PathBuf>,
    /// Base model directory (config.json, model.safetensors, tokenizer.json).
    #[arg(long, env = "CONFERRAL_BASE")]
    pub base: PathBuf,
    /// Where to write the fine-tuned model directory.
    #[arg(long)]
    pub out: PathBuf,
    /// Precision of the saved weights: f16 halves the file (the shipped model), f32 keeps
    /// every bit of the trained weights.
    #[arg(long, value_enum, default_value_t = WeightsDtype::F32)]
    pub weights_dtype: WeightsDtype,
    #[command(flatten)]
    pub hyper: HyperArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightsDtype {
    F32,
    F16,
}

#[derive(Args, Debug, Clone)]
pub struct HyperArgs {
    #[arg(long, default_value_t = 3)]
    pub epochs: usize,
    #[arg(long, default_value_t = 5e-5)]
    pub lr: f64,
    #[arg(long, default_value_t = 16)]
    pub batch_size: usize,
    #[arg(long, default_value_t = 17)]
    pub seed: u64,
    /// Maximum tokens per statement.
    #[arg(long, default_value_t = 256)]
    pub max_len: usize,
    /// Loss weight of real (non-synthetic) training examples.
    #[arg(long, default_value_t = 3.0)]
    pub real_weight: f64,
    /// Loss weight of the element head.
    #[arg(long, default_value_t = 0.5)]
    pub element_weight: f64,
    /// Epochs without dev improvement before stopping.
    #[arg(long, default_value_t = 1)]
    pub patience: usize,
    /// Element annotations (JSONL: `id`, `elements`, optional `occurrence` for repeated ids)
    /// attached to the training statements they name, so the element head learns from them.
    #[arg(long, num_args = 1..)]
    pub elements: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Labeled statements (JSONL: id, text, label).
    #[arg(long, required = true, num_args = 1..)]
    pub data: Vec<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Write plots (ROC, PR, reliability, histogram; SVG and PNG) and report.json here.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Also fit the baselines (TF-IDF + logistic regression, keyword checklist) on this
    /// data and report them on the same examples.
    #[arg(long, num_args = 1..)]
    pub baseline_train: Vec<PathBuf>,
    /// Measure against this label field instead of `label` (the rubric label), e.g.
    /// `court_label` (the court's ruling, kept on real statements).
    #[arg(long, default_value = "label")]
    pub label_field: String,
}

#[derive(Args, Debug)]
pub struct CalibrateArgs {
    #[arg(long, required = true, num_args = 1..)]
    pub data: Vec<PathBuf>,
    /// Model directory whose calibration.json is (re)written.
    #[arg(long)]
    pub model: PathBuf,
    /// Precision of candle's encoder layers: int8 runs about 2x faster; single probabilities
    /// move by up to about 0.1 from f32 (mean about 0.001; no verdict changed on the 435 dev
    /// statements; README, Performance).
    #[arg(long, value_enum, default_value_t = PrecisionArg::Auto, env = "CONFERRAL_PRECISION")]
    pub precision: PrecisionArg,
    /// Share of insufficient statements that must not pass as sufficient.
    #[arg(long, default_value_t = 0.95)]
    pub target_recall: f32,
    /// Precision demanded of `insufficient` verdicts when choosing the flag threshold.
    #[arg(long, default_value_t = 0.9)]
    pub target_precision: f32,
}

#[derive(Args, Debug)]
pub struct CrossvalArgs {
    /// Real labeled statements, split into folds by source case.
    #[arg(long, required = true, num_args = 1..)]
    pub real: Vec<PathBuf>,
    /// Synthetic statements added to every fold's training data.
    #[arg(long, num_args = 1..)]
    pub synthetic: Vec<PathBuf>,
    /// Dev data for early stopping (never the held-out fold). Without it, every fold trains
    /// all --epochs and keeps the last: the choice when no dev set resembles the real folds.
    #[arg(long, num_args = 1..)]
    pub dev: Vec<PathBuf>,
    #[arg(long, env = "CONFERRAL_BASE")]
    pub base: PathBuf,
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Use only the first N synthetic examples (for faster runs).
    #[arg(long)]
    pub synthetic_limit: Option<usize>,
    /// Directory for per-fold predictions and the summary.
    #[arg(long)]
    pub out: PathBuf,
    /// Write the fold plan (`folds.jsonl`: id, group, fold) and stop: for training the folds
    /// elsewhere (`scripts/train_torch.py` on a GPU) and reading them back with
    /// `--margins-from`.
    #[arg(long)]
    pub plan_only: bool,
    /// Take each held-out statement's margin (JSONL: `id`, `fold`, `margin`) from this file
    /// instead of training the folds here; the baselines are still fitted per fold.
    #[arg(long)]
    pub margins_from: Option<PathBuf>,
    /// Measure against this label field (e.g. `court_label`); folds and training use `label`.
    #[arg(long, default_value = "label")]
    pub eval_label: String,
    /// Also report every scorer's AUC per value of this field (e.g. `text_kind`).
    #[arg(long)]
    pub by: Option<String>,
    #[command(flatten)]
    pub hyper: HyperArgs,
}

#[derive(Args, Debug)]
pub struct SynthArgs {
    #[arg(long, default_value_t = 6000)]
    pub n: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Args, Debug)]
pub struct SplitArgs {
    #[arg(long, required = true, num_args = 1..)]
    pub data: Vec<PathBuf>,
    #[arg(long, default_value_t = 0.2)]
    pub dev_frac: f64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long)]
    pub train_out: PathBuf,
    #[arg(long)]
    pub dev_out: PathBuf,
}

#[derive(Args, Debug)]
pub struct CourtsArgs {
    #[command(subcommand)]
    pub action: Option<CourtsAction>,
}

#[derive(Subcommand, Debug)]
pub enum CourtsAction {
    /// Print one profile's TOML: its rule, sources, detection patterns and requirements.
    Show {
        /// Profile id, as listed by `conferral courts`.
        id: String,
    },
}

#[derive(Copy, Clone, Debug, ValueEnum)]
pub enum SummaryFormat {
    /// DIR/summary.csv, one row per group.
    Csv,
    /// DIR/summary.json: every group, the whole corpus and the score histograms.
    Json,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Scored records: JSON Lines written by `conferral score` (`-` reads stdin).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Fields to group by, comma-separated (fields of the input records that scoring carried
    /// through, e.g. court,year) [default: one group].
    #[arg(long, value_delimiter = ',', value_name = "FIELD[,FIELD]")]
    pub by: Vec<String>,
    /// Folder to write summary.csv (or summary.json) and report.html into; created if needed.
    #[arg(long)]
    pub out: PathBuf,
    /// Format of the summary file.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Csv)]
    pub format: SummaryFormat,
    /// No summary line on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (port 0: any free port; the address is printed on stderr).
    #[arg(long, default_value = "127.0.0.1:8080", env = "CONFERRAL_ADDR")]
    pub addr: String,
    /// Require `Authorization: Bearer TOKEN` on /v1/* and /metrics.
    #[arg(long, env = "CONFERRAL_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Largest request body, in bytes (larger: 413).
    #[arg(long, value_name = "BYTES", default_value_t = conferral::serve::DEFAULT_MAX_BODY)]
    pub max_body: usize,
    /// Documents admitted and not yet answered, at most (more: 503 with Retry-After; a
    /// request is always admitted when nothing waits).
    #[arg(long, value_name = "DOCS", default_value_t = 10_000)]
    pub max_queue: usize,
    /// Statements per forward pass, shared between requests.
    #[arg(long, default_value_t = 8, env = "CONFERRAL_BATCH_SIZE")]
    pub batch_size: usize,
    /// How long a forward pass that is not full waits for statements of other requests.
    #[arg(long, value_name = "MS", default_value_t = 5)]
    pub max_wait_ms: u64,
    /// Threads running forward passes side by side, and slices of each request read and
    /// located side by side [default: the cores this process may use].
    #[arg(long, env = "CONFERRAL_THREADS", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Scores below this are `insufficient` [default: the model's calibration].
    #[arg(long)]
    pub flag_below: Option<f32>,
    /// Scores at or above this are `sufficient` [default: the model's calibration].
    #[arg(long)]
    pub pass_above: Option<f32>,
    /// Court profile for requests that name none [default: detected per document].
    #[arg(long, value_name = "ID", env = "CONFERRAL_COURT")]
    pub court: Option<String>,
    /// Field holding the document id in uploaded JSONL/CSV files.
    #[arg(long, default_value = "id", env = "CONFERRAL_ID_FIELD")]
    pub id_field: String,
    /// Field holding the document text in uploaded JSONL/CSV files.
    #[arg(long, default_value = "text", env = "CONFERRAL_TEXT_FIELD")]
    pub text_field: String,
    /// OCR of uploaded PDFs' pages without a text layer.
    #[arg(long, value_enum, default_value_t = OcrArg::Auto, env = "CONFERRAL_OCR")]
    pub ocr: OcrArg,
}
