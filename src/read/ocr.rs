//! OCR for PDF pages without a text layer (scanned motions).
//!
//! Each page to read is rendered with `pdftoppm` (poppler-utils) at 300 dpi to a grey-scale
//! PGM image and read with `tesseract` (English), both run as child processes in a scratch
//! folder that is removed afterwards. Child processes rather than bindings: the tools are
//! the standard ones, installed from the distribution (`apt-get install tesseract-ocr
//! tesseract-ocr-eng poppler-utils`), and the build stays pure cargo; a crash or hang in
//! them costs one page, not the run (each has a time limit).
//!
//! Which pages, by [`OcrMode`]:
//! - `Auto` (default): only pages whose text layer has fewer than [`MIN_PAGE_CHARS`] letters
//!   and digits, and OCR replaces a page's text only when it finds more letters than the text
//!   layer had. A PDF with text on every page starts no program. When the tools are missing
//!   or fail, pages with a text layer are still used (a note says which pages went unread);
//!   the document is an error only when no usable text is left.
//! - `Always`: every page, replacing the text layer (a scan whose hidden text layer is poor).
//!   Missing tools are an error: OCR was asked for.
//! - `Never`: the text layer only, as [`crate::read::pdf::extract`]: a scan is an error that
//!   says it needs OCR.
//!
//! Pages stay separate (joined by [`PAGE_BREAK`]), so `pages` in records stays right, and a
//! note on the document says which pages' text came from OCR.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub use crate::read::document::OcrMode;
use crate::read::document::{InputError, OCR_INSTALL};
use crate::read::pdf::{self, clean_page, letters, PdfPages, PdfText, PAGE_BREAK};

/// A page whose text layer has fewer letters and digits than this is treated as a scan.
/// Low enough that a short real page (a signature block, "Dated: ...") is rarely below it,
/// and when one is, OCR of that page only adds what it finds.
pub const MIN_PAGE_CHARS: usize = 20;
/// Rendering resolution: Tesseract is trained on and reads best at about 300 dpi.
pub const DPI: u32 = 300;
/// Time limit per program run (one page); a 300 dpi page takes a few seconds.
const PAGE_LIMIT: Duration = Duration::from_secs(180);
/// Tesseract's language.
const LANG: &str = "eng";

/// A PDF's text with OCR applied, and notes for the document.
#[derive(Clone, Debug, PartialEq)]
pub struct OcrText {
    pub pdf: PdfText,
    /// What OCR did or could not do, e.g. "text of PDF page(s) 1, 2 read with OCR ...".
    pub notes: Vec<String>,
}

/// The text of the PDF in `bytes` under `mode`; `label` names the file in errors and notes.
pub fn read_pdf(label: &str, bytes: &[u8], mode: OcrMode) -> Result<OcrText, InputError> {
    read(label, bytes, mode, &Tools::system(), &|_| system_missing())
}

/// The two programs, by name or path (tests point them elsewhere).
#[derive(Clone, Debug)]
pub struct Tools {
    pub pdftoppm: OsString,
    pub tesseract: OsString,
}

impl Tools {
    /// `pdftoppm` and `tesseract` from `PATH`.
    pub fn system() -> Tools {
        Tools {
            pdftoppm: "pdftoppm".into(),
            tesseract: "tesseract".into(),
        }
    }

    /// What is missing for OCR, in words with its package ("tesseract (package
    /// tesseract-ocr)"), or `None` when both programs run and Tesseract has English.
    pub fn missing(&self) -> Option<String> {
        let name = |program: &OsString| {
            Path::new(program)
                .file_name()
                .unwrap_or(program)
                .to_string_lossy()
                .into_owned()
        };
        let runs = |program: &OsString, arg: &str| {
            Command::new(program)
                .arg(arg)
                .stdin(Stdio::null())
                .output()
                .ok()
        };
        if runs(&self.pdftoppm, "-v").is_none() {
            return Some(format!("{} (package poppler-utils)", name(&self.pdftoppm)));
        }
        let Some(langs) = runs(&self.tesseract, "--list-langs") else {
            return Some(format!("{} (package tesseract-ocr)", name(&self.tesseract)));
        };
        // The list goes to stdout in Tesseract 4 and 5, to stderr in 3.
        let listed = [langs.stdout, langs.stderr].iter().any(|out| {
            String::from_utf8_lossy(out)
                .lines()
                .any(|l| l.trim() == LANG)
        });
        if !listed {
            return Some("Tesseract's English data (package tesseract-ocr-eng)".to_string());
        }
        None
    }
}

/// [`Tools::missing`] for the system tools, checked once per process: every scanned PDF of
/// a run would otherwise start two extra programs.
fn system_missing() -> Option<String> {
    static MISSING: OnceLock<Option<String>> = OnceLock::new();
    MISSING.get_or_init(|| Tools::system().missing()).clone()
}

/// [`read_pdf`] with the given programs.
pub fn read_pdf_with(
    label: &str,
    bytes: &[u8],
    mode: OcrMode,
    tools: &Tools,
) -> Result<OcrText, InputError> {
    read(label, bytes, mode, tools, &Tools::missing)
}

/// [`read_pdf_with`], `missing` telling what of `tools` is not installed; asked only when
/// some page is to be read with OCR.
fn read(
    label: &str,
    bytes: &[u8],
    mode: OcrMode,
    tools: &Tools,
    missing: &dyn Fn(&Tools) -> Option<String>,
) -> Result<OcrText, InputError> {
    if mode == OcrMode::Never {
        return pdf::extract(label, bytes).map(|pdf| OcrText {
            pdf,
            notes: Vec::new(),
        });
    }
    let mut pages = pdf::extract_pages(label, bytes)?;
    let targets: Vec<usize> = (1..=pages.pages.len())
        .filter(|&n| match mode {
            OcrMode::Always => true,
            // A failed page is not known to lack text; the parser's note covers it.
            _ => letters(&pages.pages[n - 1]) < MIN_PAGE_CHARS && !pages.failed_pages.contains(&n),
        })
        .collect();
    if targets.is_empty() {
        return pages.into_text(label).map(|pdf| OcrText {
            pdf,
            notes: Vec::new(),
        });
    }
    if let Some(missing) = missing(tools) {
        let err = InputError::OcrUnavailable {
            path: label.to_string(),
            pages: targets.len(),
            missing: missing.clone(),
        };
        if mode == OcrMode::Always {
            return Err(err);
        }
        // Auto: the text layer of the other pages may be all the motion needs.
        let note = format!(
            "PDF page(s) {} have no text layer and were not read: OCR needs {missing}, which is not installed ({OCR_INSTALL})",
            list(&targets)
        );
        return match pages.into_text(label) {
            Ok(pdf) => Ok(OcrText {
                pdf,
                notes: vec![note],
            }),
            Err(InputError::PdfNeedsOcr { .. }) => Err(err),
            Err(e) => Err(e),
        };
    }
    let outcome = ocr_pages(bytes, &targets, tools, mode, &mut pages);
    let mut notes = Vec::new();
    if !outcome.read.is_empty() {
        notes.push(format!(
            "text of PDF page(s) {} read with OCR (Tesseract, {DPI} dpi)",
            list(&outcome.read)
        ));
    }
    let failed: Vec<usize> = outcome.failed.iter().map(|f| f.0).collect();
    if let Some((page, reason)) = outcome.failed.first() {
        notes.push(format!(
            "OCR failed on PDF page(s) {} (page {page}: {reason})",
            list(&failed)
        ));
    }
    let first_failed = outcome.failed.into_iter().next();
    let total = pages.pages.len();
    match pages.into_text(label) {
        Ok(pdf) => Ok(OcrText { pdf, notes }),
        // Too little text even after OCR: say why in OCR's terms.
        Err(InputError::PdfNeedsOcr { .. }) => Err(match first_failed {
            Some((page, reason)) if outcome.read.is_empty() => InputError::OcrFailed {
                path: label.to_string(),
                page,
                reason,
            },
            _ => InputError::OcrNoText {
                path: label.to_string(),
                pages: total,
            },
        }),
        Err(e) => Err(e),
    }
}

/// Pages OCR replaced, and pages where it failed with why.
struct Outcome {
    read: Vec<usize>,
    failed: Vec<(usize, String)>,
}

/// Reads `targets` with OCR into `pages`; see [`read_pdf_with`] for when a page's text is
/// replaced.
fn ocr_pages(
    bytes: &[u8],
    targets: &[usize],
    tools: &Tools,
    mode: OcrMode,
    pages: &mut PdfPages,
) -> Outcome {
    let mut out = Outcome {
        read: Vec::new(),
        failed: Vec::new(),
    };
    let fail_all = |out: &mut Outcome, why: String| {
        out.failed = targets.iter().map(|&n| (n, why.clone())).collect();
    };
    let dir = match tempfile::Builder::new().prefix("conferral-ocr-").tempdir() {
        Ok(d) => d,
        Err(e) => {
            fail_all(
                &mut out,
                format!(
                    "no scratch folder ({})",
                    crate::read::document::plain_io(&e)
                ),
            );
            return out;
        }
    };
    // A copy in the scratch folder: the input may be stdin, and a path starting with `-`
    // would read as an option.
    let input = dir.path().join("in.pdf");
    if let Err(e) = std::fs::write(&input, bytes) {
        fail_all(
            &mut out,
            format!(
                "cannot write a scratch copy ({})",
                crate::read::document::plain_io(&e)
            ),
        );
        return out;
    }
    for &n in targets {
        match ocr_page(dir.path(), n, tools) {
            Ok(text) => {
                let old = &pages.pages[n - 1];
                if mode == OcrMode::Always || letters(&text) > letters(old) {
                    pages.pages[n - 1] = text;
                    pages.failed_pages.retain(|&f| f != n);
                    out.read.push(n);
                }
            }
            Err(why) => out.failed.push((n, why)),
        }
    }
    out
}

/// The text of page `n` of `dir/in.pdf`: rendered, then read; the image is removed after.
fn ocr_page(dir: &Path, n: usize, tools: &Tools) -> Result<String, String> {
    let image_base = dir.join("page");
    let image = dir.join("page.pgm");
    let n_arg = n.to_string();
    let dpi = DPI.to_string();
    run(
        &tools.pdftoppm,
        &[
            "-r".as_ref(),
            dpi.as_ref(),
            "-gray".as_ref(),
            "-singlefile".as_ref(),
            "-f".as_ref(),
            n_arg.as_ref(),
            "-l".as_ref(),
            n_arg.as_ref(),
            dir.join("in.pdf").as_os_str(),
            image_base.as_os_str(),
        ],
        dir,
    )?;
    if !image.is_file() {
        return Err("pdftoppm wrote no image".to_string());
    }
    let text_base = dir.join("page-text");
    let result = run(
        &tools.tesseract,
        &[
            image.as_os_str(),
            text_base.as_os_str(),
            "-l".as_ref(),
            LANG.as_ref(),
        ],
        dir,
    );
    let _ = std::fs::remove_file(&image);
    result?;
    let text_file = dir.join("page-text.txt");
    let bytes = std::fs::read(&text_file).map_err(|_| "tesseract wrote no text".to_string())?;
    let _ = std::fs::remove_file(&text_file);
    Ok(page_text(bytes))
}

/// A page's text from what Tesseract wrote for it (any bytes): decoded, its form feeds
/// (Tesseract ends each page with one) turned into newlines so that a page's own cannot add
/// a page, cleaned as a text-layer page is. Public for the `ocr_text` fuzz target.
pub fn page_text(tesseract_output: Vec<u8>) -> String {
    let mut notes = Vec::new();
    let text = crate::read::document::decode(tesseract_output, &mut notes);
    clean_page(&text.replace(PAGE_BREAK, "\n"))
}

/// Runs `program` with `args` in `dir`, output to files there (no pipe to fill and block on),
/// killed after [`PAGE_LIMIT`]. The error says what went wrong in a few words.
fn run(program: &OsString, args: &[&std::ffi::OsStr], dir: &Path) -> Result<(), String> {
    let name = Path::new(program)
        .file_name()
        .map_or_else(|| program.to_string_lossy(), |n| n.to_string_lossy())
        .into_owned();
    let log = dir.join("stderr.log");
    let stderr = std::fs::File::create(&log).map_err(|e| {
        format!(
            "cannot start {name} ({})",
            crate::read::document::plain_io(&e)
        )
    })?;
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| {
            format!(
                "cannot start {name} ({})",
                crate::read::document::plain_io(&e)
            )
        })?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > PAGE_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{name} took longer than {} s",
                    PAGE_LIMIT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("{name}: {}", crate::read::document::plain_io(&e))),
        }
    };
    if status.success() {
        return Ok(());
    }
    // The last line of its messages says why (e.g. "Syntax Error: Couldn't read xref table").
    let said = std::fs::read(&log).unwrap_or_default();
    let said = String::from_utf8_lossy(&said);
    let last = said
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let last: String = last.chars().take(200).collect();
    Err(match (status.code(), last.is_empty()) {
        (Some(c), true) => format!("{name} exited with status {c}"),
        (Some(c), false) => format!("{name} exited with status {c}: {last}"),
        (None, _) => format!("{name} was killed by a signal"),
    })
}

/// `1, 2, 5` for page numbers.
fn list(pages: &[usize]) -> String {
    pages
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A PDF of `pages`: `Some(line)` a page with that line as its text layer, `None` a page
    /// without text (a filled rectangle, as a scan's image would be).
    pub(crate) fn pdf(pages: &[Option<&str>]) -> Vec<u8> {
        use lopdf::content::{Content, Operation};
        use lopdf::{dictionary, Document, Object, Stream};
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
        let mut kids = Vec::new();
        for page in pages {
            let ops = match page {
                Some(line) => vec![
                    Operation::new("BT", vec![]),
                    Operation::new("Tf", vec!["F1".into(), 12.into()]),
                    Operation::new("Td", vec![72.into(), 700.into()]),
                    Operation::new("Tj", vec![Object::string_literal(*line)]),
                    Operation::new("ET", vec![]),
                ],
                None => vec![
                    Operation::new("re", vec![0.into(), 0.into(), 612.into(), 792.into()]),
                    Operation::new("f", vec![]),
                ],
            };
            let content = Content { operations: ops }.encode().unwrap();
            let content = doc.add_object(Stream::new(dictionary! {}, content));
            kids.push(
                doc.add_object(dictionary! {
                    "Type" => "Page", "Parent" => pages_id, "Contents" => content,
                })
                .into(),
            );
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    /// Stand-ins for the two programs: shell scripts that answer the availability checks,
    /// "render" page N as a file holding N, and "read" it as a sentence naming the page.
    /// `tesseract_fails_on` makes the reader fail on that page.
    fn fake_tools(dir: &Path, tesseract_fails_on: Option<usize>) -> Tools {
        fake_tools_reading(
            dir,
            tesseract_fails_on,
            "CERTIFICATE OF CONFERENCE read from scanned page %s",
        )
    }

    /// [`fake_tools`] whose reader writes `format` (printf, `%s` the page number).
    fn fake_tools_reading(dir: &Path, tesseract_fails_on: Option<usize>, format: &str) -> Tools {
        let script = |name: &str, body: &str| {
            let p = dir.join(name);
            std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
            p.into_os_string()
        };
        let pdftoppm = script(
            "pdftoppm",
            r#"[ "$1" = -v ] && exit 0
page=""; while [ $# -gt 2 ]; do [ "$1" = -f ] && page=$2; shift; done
echo "$page" > "$2.pgm""#,
        );
        let fail = tesseract_fails_on.map_or(0, |n| n);
        let tesseract = script(
            "tesseract",
            &format!(
                r#"[ "$1" = --list-langs ] && {{ echo "List of available languages (2):"; echo eng; echo osd; exit 0; }}
page=$(cat "$1")
[ "$page" = {fail} ] && {{ echo "Error: cannot read page $page" >&2; exit 1; }}
printf '{format}\n\f' "$page" > "$2.txt""#
            ),
        );
        Tools {
            pdftoppm,
            tesseract,
        }
    }

    fn missing_tools() -> Tools {
        Tools {
            pdftoppm: "/nonexistent/pdftoppm".into(),
            tesseract: "/nonexistent/tesseract".into(),
        }
    }

    const LINE: &str = "Counsel conferred by telephone on May 2, 2024; Defendant opposes.";

    fn pages_of(t: &OcrText) -> Vec<&str> {
        t.pdf.text.split(PAGE_BREAK).map(str::trim).collect()
    }

    #[test]
    fn auto_reads_only_the_pages_without_text() {
        let dir = tempfile::tempdir().unwrap();
        let tools = fake_tools(dir.path(), None);
        let bytes = pdf(&[Some(LINE), None, Some(LINE), None]);
        let t = read_pdf_with("m.pdf", &bytes, OcrMode::Auto, &tools).unwrap();
        assert_eq!(
            pages_of(&t),
            [
                LINE,
                "CERTIFICATE OF CONFERENCE read from scanned page 2",
                LINE,
                "CERTIFICATE OF CONFERENCE read from scanned page 4"
            ]
        );
        assert_eq!(t.pdf.pages, 4);
        assert_eq!(
            t.notes,
            ["text of PDF page(s) 2, 4 read with OCR (Tesseract, 300 dpi)"]
        );
        // Text on every page: no program runs (the missing ones would say so).
        let t = read_pdf_with(
            "m.pdf",
            &pdf(&[Some(LINE)]),
            OcrMode::Auto,
            &missing_tools(),
        )
        .unwrap();
        assert!(t.notes.is_empty());
    }

    #[test]
    fn always_reads_every_page_and_never_reads_none() {
        let dir = tempfile::tempdir().unwrap();
        let tools = fake_tools(dir.path(), None);
        let bytes = pdf(&[Some(LINE), None]);
        let t = read_pdf_with("m.pdf", &bytes, OcrMode::Always, &tools).unwrap();
        assert_eq!(
            pages_of(&t),
            [
                "CERTIFICATE OF CONFERENCE read from scanned page 1",
                "CERTIFICATE OF CONFERENCE read from scanned page 2"
            ]
        );
        assert_eq!(
            t.notes,
            ["text of PDF page(s) 1, 2 read with OCR (Tesseract, 300 dpi)"]
        );
        let t = read_pdf_with("m.pdf", &bytes, OcrMode::Never, &tools).unwrap();
        assert_eq!(pages_of(&t), [LINE, ""]);
        assert!(t.notes.is_empty());
        let e = read_pdf_with("m.pdf", &pdf(&[None]), OcrMode::Never, &tools).unwrap_err();
        assert!(e.to_string().contains("needs OCR"), "{e}");
    }

    #[test]
    fn missing_programs_are_named_with_how_to_install_them() {
        let scan = pdf(&[None, None]);
        for mode in [OcrMode::Auto, OcrMode::Always] {
            let e = read_pdf_with("m.pdf", &scan, mode, &missing_tools())
                .unwrap_err()
                .to_string();
            assert_eq!(
                e,
                "m.pdf has 2 page(s) to read with OCR, but pdftoppm (package poppler-utils) is \
                 not installed; install the OCR tools with `apt-get install tesseract-ocr \
                 tesseract-ocr-eng poppler-utils`"
            );
        }
        // Auto with a text layer elsewhere: the text is kept, the unread page noted.
        let t = read_pdf_with(
            "m.pdf",
            &pdf(&[Some(LINE), None]),
            OcrMode::Auto,
            &missing_tools(),
        )
        .unwrap();
        assert_eq!(pages_of(&t), [LINE, ""]);
        assert!(
            t.notes[0].starts_with(
                "PDF page(s) 2 have no text layer and were not read: OCR needs pdftoppm"
            ),
            "{:?}",
            t.notes
        );
        // Tesseract present without English.
        let dir = tempfile::tempdir().unwrap();
        let mut tools = fake_tools(dir.path(), None);
        let no_eng = dir.path().join("tesseract-no-eng");
        std::fs::write(&no_eng, "#!/bin/sh\necho osd\n").unwrap();
        std::fs::set_permissions(&no_eng, std::fs::Permissions::from_mode(0o755)).unwrap();
        tools.tesseract = no_eng.into_os_string();
        assert_eq!(
            tools.missing().as_deref(),
            Some("Tesseract's English data (package tesseract-ocr-eng)")
        );
        tools.tesseract = "/nonexistent/tesseract".into();
        assert_eq!(
            tools.missing().as_deref(),
            Some("tesseract (package tesseract-ocr)")
        );
    }

    #[test]
    fn failures_cost_their_page_or_say_why() {
        let dir = tempfile::tempdir().unwrap();
        let tools = fake_tools(dir.path(), Some(2));
        let t = read_pdf_with("m.pdf", &pdf(&[None, None]), OcrMode::Auto, &tools).unwrap();
        let dir_1 = tempfile::tempdir().unwrap();
        let tools_failing_1 = fake_tools_reading(dir_1.path(), Some(1), "");
        assert_eq!(
            t.notes,
            [
                "text of PDF page(s) 1 read with OCR (Tesseract, 300 dpi)",
                "OCR failed on PDF page(s) 2 (page 2: tesseract exited with status 1: Error: cannot read page 2)"
            ]
        );
        // Blank scans: OCR runs and reads nothing.
        let blank_dir = tempfile::tempdir().unwrap();
        let blank = fake_tools_reading(blank_dir.path(), None, " ");
        let e = read_pdf_with("m.pdf", &pdf(&[None, None]), OcrMode::Auto, &blank).unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.pdf is a PDF without a text layer (2 page(s)), and OCR found no text on its pages either (blank or unreadable scans)"
        );
        // Nothing read and no text layer: the failure is the error.
        let e = read_pdf_with(
            "m.pdf",
            &pdf(&[None, None]),
            OcrMode::Auto,
            &tools_failing_1,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.pdf: OCR of page 1 failed: tesseract exited with status 1: Error: cannot read page 1"
        );
    }
}
