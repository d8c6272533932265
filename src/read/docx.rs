//! Word documents (`.docx`): the body text, paragraph by paragraph.
//!
//! A `.docx` is a ZIP archive of XML parts (Office Open XML). The main part (found through
//! `_rels/.rels`, normally `word/document.xml`) holds the body; its paragraphs come out in
//! document order with a blank line between them, so the locator sees the same paragraph
//! structure as in a plain-text motion. Tables are read row by row, each cell's paragraphs in
//! turn (signature blocks and some certificates are laid out in tables).
//!
//! Left out on purpose:
//! - footnotes, endnotes, comments, headers and footers: they live in other parts, repeat on
//!   every page (headers, footers) or sit outside the flow of the text, and a conferral
//!   statement is body text; reading them would put running heads and citations in the middle
//!   of the statement the locator cuts out;
//! - deleted and moved-away text of tracked changes (`w:del`, `w:moveFrom`), field codes
//!   (`w:instrText`, their shown result is kept) and the fallback copy of text boxes
//!   (`mc:Fallback`, which repeats the `mc:Choice` text).
//!
//! A file that is not a readable Word document (not a ZIP, damaged, encrypted, a legacy
//! `.doc` under a `.docx` name, no text) is an [`InputError::BadDocx`] naming the file and the
//! reason, never a panic.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::read::document::InputError;

/// WordprocessingML, transitional and strict.
const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
/// Markup compatibility (`mc:AlternateContent`).
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
/// Where the main part is when `_rels/.rels` does not say.
const DEFAULT_MAIN: &str = "word/document.xml";
/// Largest uncompressed XML part read. A motion's `document.xml` is a few MB at most; the
/// limit stops a small archive that inflates to gigabytes (a zip bomb) from exhausting memory.
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
/// The start of an OLE2 compound file: legacy `.doc`, and also what Word writes for a
/// password-protected `.docx` (the encrypted package inside a compound file).
const OLE2_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

fn bad(label: &str, reason: impl Into<String>) -> InputError {
    InputError::BadDocx {
        path: label.to_string(),
        reason: reason.into(),
    }
}

/// Whether `bytes` start like a ZIP archive (the container of every `.docx`).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The body text of the Word document in `bytes`: paragraphs in document order separated by
/// a blank line, table cells row by row. `label` names the file in errors.
pub fn extract(label: &str, bytes: &[u8]) -> Result<String, InputError> {
    extract_limited(label, bytes, MAX_PART_BYTES)
}

/// [`extract`] with `limit` bytes as the largest uncompressed part.
fn extract_limited(label: &str, bytes: &[u8], limit: u64) -> Result<String, InputError> {
    if bytes.is_empty() {
        return Err(InputError::Empty {
            path: label.to_string(),
        });
    }
    if bytes.starts_with(OLE2_MAGIC) {
        return Err(bad(label, ole2_reason(bytes)));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        bad(
            label,
            format!("it is not a valid ZIP archive ({})", zip_reason(&e)),
        )
    })?;
    let main = read_part(label, &mut zip, "_rels/.rels", limit)?
        .and_then(|rels| main_part(&rels))
        .unwrap_or_else(|| DEFAULT_MAIN.to_string());
    let Some(xml) = read_part(label, &mut zip, &main, limit)? else {
        return Err(bad(
            label,
            format!("it has no {main} (a ZIP archive, but not a Word document)"),
        ));
    };
    let text = body_text(&xml).map_err(|why| bad(label, format!("{main} {why}")))?;
    if !text.chars().any(char::is_alphanumeric) {
        return Err(bad(
            label,
            "it has no text (pages pasted in as pictures are not read with OCR)",
        ));
    }
    Ok(text)
}

/// Why an OLE2 compound file is not readable as `.docx`.
fn ole2_reason(bytes: &[u8]) -> String {
    // Stream names in a compound file's directory are UTF-16LE.
    let utf16: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if bytes.windows(utf16.len()).any(|w| w == utf16.as_slice()) {
        "it is encrypted (password-protected); save a copy without the password".to_string()
    } else {
        "it is a legacy Word 97-2003 (.doc) file, not .docx; save it as .docx or PDF".to_string()
    }
}

fn zip_reason(e: &zip::result::ZipError) -> String {
    use zip::result::ZipError;
    match e {
        ZipError::Io(e) => crate::read::document::plain_io(e),
        ZipError::InvalidArchive(why) => why.to_string(),
        ZipError::UnsupportedArchive(why) => why.to_string(),
        other => other.to_string(),
    }
}

/// The uncompressed text of part `name`, `None` if the archive has no such part.
fn read_part(
    label: &str,
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Option<String>, InputError> {
    use zip::result::ZipError;
    let part = match zip.by_name(name) {
        Ok(p) => p,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED))
        | Err(ZipError::InvalidPassword) => {
            return Err(bad(
                label,
                format!("it is encrypted ({name} needs a password)"),
            ))
        }
        Err(ZipError::CompressionMethodNotSupported(m)) => {
            return Err(bad(
                label,
                format!("{name} is compressed with method {m}, which is not read (only deflate)"),
            ))
        }
        Err(e) => return Err(bad(label, format!("{name}: {}", zip_reason(&e)))),
    };
    let mut bytes = Vec::new();
    // One byte past the limit tells a part that is too large from one exactly at it.
    part.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| bad(label, format!("{name} is damaged ({})", plain(&e))))?;
    if bytes.len() as u64 > limit {
        return Err(bad(
            label,
            format!("{name} inflates to more than {limit} bytes (a damaged file or a zip bomb)"),
        ));
    }
    // XML parts are UTF-8 in practice (Word writes nothing else); a BOM is allowed.
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(Some(s.to_string())),
        Err(_) => Err(bad(label, format!("{name} is not UTF-8 text"))),
    }
}

/// An I/O error from inside the archive (a bad CRC, a truncated deflate stream) in plain words.
fn plain(e: &std::io::Error) -> String {
    crate::read::document::plain_io(e)
}

/// The main document part named by the package relationships, without a leading `/`.
fn main_part(rels: &str) -> Option<String> {
    let mut reader = NsReader::from_str(rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let attr = |key: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == key)
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        })
                };
                let is_main = attr("Type").is_some_and(|t| t.ends_with("/officeDocument"));
                if let (true, Some(target)) = (is_main, attr("Target")) {
                    let target = target.trim_start_matches('/').to_string();
                    return (!target.is_empty()).then_some(target);
                }
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// What an element of the body means for the text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// `w:p`: a paragraph starts or ends.
    Paragraph,
    /// `w:t`: text of a run.
    Text,
    /// `w:tab`, `w:ptab`: a tab.
    Tab,
    /// `w:br`, `w:cr`: a line break inside the paragraph.
    Break,
    /// `w:noBreakHyphen`: a hyphen.
    Hyphen,
    /// An element whose content is not shown text (see the module comment).
    Skip,
    Other,
}

fn classify(ns: &ResolveResult, local: &str) -> Tag {
    let in_ns = |want: &str| matches!(ns, ResolveResult::Bound(n) if n.as_ref() == want);
    if W_NS.iter().any(|w| in_ns(w)) {
        match local {
            "p" => Tag::Paragraph,
            "t" => Tag::Text,
            "tab" | "ptab" => Tag::Tab,
            "br" | "cr" => Tag::Break,
            "noBreakHyphen" => Tag::Hyphen,
            // Properties hold no text, but `w:tabs` in them holds tab stops named `w:tab`.
            "pPr" | "rPr" => Tag::Skip,
            "del" | "moveFrom" | "delText" | "instrText" | "delInstrText" => Tag::Skip,
            _ => Tag::Other,
        }
    } else if in_ns(MC_NS) && local == "Fallback" {
        Tag::Skip
    } else {
        Tag::Other
    }
}

/// The text of a WordprocessingML main part (`word/document.xml`), or why it cannot be read
/// (worded to follow the part's name: "word/document.xml is not well-formed XML ...").
/// Public for the fuzz targets (`fuzz/`): raw-byte mutations of a ZIP archive rarely get
/// past its checksums to the XML.
pub fn body_text(xml: &str) -> Result<String, String> {
    let mut reader = NsReader::from_str(xml);
    // Text is taken as written; `xml:space` does not matter for what the locator reads.
    reader.config_mut().trim_text(false);
    let mut paragraphs: Vec<String> = Vec::new();
    // Open paragraphs, innermost last: a text box inside a paragraph holds paragraphs of its
    // own, which come out before the paragraph around them.
    let mut open: Vec<String> = Vec::new();
    // Depth inside an element whose content is skipped (0: not skipping).
    let mut skip = 0usize;
    // Inside `w:t`: only its character data is text (whitespace between other elements is
    // indentation of the XML).
    let mut in_text = 0usize;
    let mut saw_body = false;
    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|e| format!("is not well-formed XML ({e})"))?;
        match event {
            Event::Start(e) => {
                let tag = classify(&ns, e.local_name().as_ref());
                saw_body |= tag == Tag::Paragraph;
                if skip > 0 || tag == Tag::Skip {
                    skip += 1;
                    continue;
                }
                match tag {
                    Tag::Paragraph => open.push(String::new()),
                    Tag::Text => in_text += 1,
                    _ => inline(tag, &mut open),
                }
            }
            Event::Empty(e) => {
                let tag = classify(&ns, e.local_name().as_ref());
                if skip > 0 {
                    continue;
                }
                // An empty paragraph adds nothing; an empty break or tab is one character.
                inline(tag, &mut open);
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match classify(&ns, e.local_name().as_ref()) {
                    Tag::Paragraph => {
                        if let Some(p) = open.pop() {
                            push_paragraph(&mut paragraphs, p);
                        }
                    }
                    Tag::Text => in_text = in_text.saturating_sub(1),
                    _ => {}
                }
            }
            Event::Text(t) if skip == 0 && in_text > 0 => {
                if let Some(p) = open.last_mut() {
                    p.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if skip == 0 && in_text > 0 => {
                if let Some(p) = open.last_mut() {
                    p.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if skip == 0 && in_text > 0 => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => {
                        quick_xml::escape::resolve_predefined_entity(&r).map(str::to_string)
                    }
                    Err(_) => None,
                };
                let text = resolved
                    .ok_or_else(|| format!("is not well-formed XML (unknown entity &{};)", &*r))?;
                if let Some(p) = open.last_mut() {
                    p.push_str(&text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_body {
        return Err("has no paragraphs (not a Word document body)".to_string());
    }
    // Paragraphs left open by a truncated part still count.
    while let Some(p) = open.pop() {
        push_paragraph(&mut paragraphs, p);
    }
    let mut text = paragraphs.join("\n\n");
    text.push('\n');
    Ok(text)
}

/// One character for a tab, break or hyphen element, added to the innermost paragraph.
fn inline(tag: Tag, open: &mut [String]) {
    let c = match tag {
        Tag::Tab => '\t',
        Tag::Break => '\n',
        Tag::Hyphen => '-',
        _ => return,
    };
    if let Some(p) = open.last_mut() {
        p.push(c);
    }
}

/// Adds a finished paragraph, without trailing blanks; blank paragraphs (spacing) are dropped
/// so that paragraphs are always one blank line apart.
fn push_paragraph(paragraphs: &mut Vec<String>, p: String) {
    // NULs and form feeds would be taken for binary data or a PDF page break downstream.
    let p: String = p
        .chars()
        .map(|c| match c {
            '\0' | '\x0c' => ' ',
            c => c,
        })
        .collect();
    // Breaks at either end are spacing, not text.
    let p = p.trim_end().trim_start_matches(['\n', '\r']);
    if !p.trim().is_empty() {
        paragraphs.push(p.to_string());
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// A `.docx` whose body is `body` (WordprocessingML inside `w:body`), written with the
    /// zip crate: content types, package relationships and the main part.
    pub(crate) fn docx(body: &str) -> Vec<u8> {
        docx_parts(&[
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string(),
            ),
            ("word/document.xml", document(body)),
        ])
    }

    pub(crate) fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr/></w:body></w:document>"#
        )
    }

    pub(crate) fn docx_parts(parts: &[(&str, String)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in parts {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    fn err(bytes: &[u8]) -> String {
        extract("m.docx", bytes).unwrap_err().to_string()
    }

    #[test]
    fn paragraphs_in_order_with_a_blank_line_between() {
        let body = format!(
            "{}<w:p/>{}<w:p><w:r><w:t>Split </w:t></w:r><w:r><w:t>run</w:t><w:tab/><w:t>tab</w:t><w:br/><w:t>line</w:t></w:r></w:p>",
            p("MOTION TO COMPEL"),
            concat!(
                "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>",
                "<w:r><w:rPr><w:b/></w:rPr><w:t>CERTIFICATE OF CONFERENCE</w:t></w:r></w:p>"
            )
        );
        let text = extract("m.docx", &docx(&body)).unwrap();
        assert_eq!(
            text,
            "MOTION TO COMPEL\n\nCERTIFICATE OF CONFERENCE\n\nSplit run\ttab\nline\n"
        );
    }

    #[test]
    fn tables_row_by_row_and_skipped_content() {
        let cell = |t: &str| format!("<w:tc>{}</w:tc>", p(t));
        let body = format!(
            "{}<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>{}",
            p("Before"),
            cell("r1c1"),
            cell("r1c2"),
            cell("r2c1"),
            cell("r2c2"),
            concat!(
                "<w:p><w:r><w:t>Kept</w:t></w:r>",
                "<w:del><w:r><w:delText>deleted</w:delText></w:r></w:del>",
                "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>",
                "<w:ins><w:r><w:t> inserted</w:t></w:r></w:ins>",
                "<w:r><w:footnoteReference w:id=\"1\"/></w:r>",
                "<w:r><w:t> &amp; &#8220;quoted&#x201D;</w:t></w:r></w:p>",
            )
        );
        let text = extract("m.docx", &docx(&body)).unwrap();
        assert_eq!(
            text,
            "Before\n\nr1c1\n\nr1c2\n\nr2c1\n\nr2c2\n\nKept inserted & \u{201c}quoted\u{201d}\n"
        );
    }

    #[test]
    fn breaks_at_the_ends_of_a_paragraph_are_spacing() {
        let body =
            "<w:p><w:r><w:br/><w:br/><w:t>x</w:t><w:br/></w:r></w:p><w:p><w:r><w:br/></w:r></w:p>";
        assert_eq!(body_text(&document(body)).unwrap(), "x\n");
    }

    #[test]
    fn text_box_fallback_is_not_read_twice() {
        let body = concat!(
            "<w:p><w:r><w:t>Outer</w:t></w:r><w:r><mc:AlternateContent>",
            "<mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>",
            "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>",
            "</mc:AlternateContent></w:r></w:p>"
        );
        let text = extract("m.docx", &docx(body)).unwrap();
        assert_eq!(text, "Box\n\nOuter\n");
    }

    #[test]
    fn other_prefixes_and_main_part_from_relationships() {
        let xml = format!(
            r#"<x:document xmlns:x="{W}"><x:body><x:p><x:r><x:t>Strictly prefixed</x:t></x:r></x:p></x:body></x:document>"#
        );
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main2.xml"/></Relationships>"#;
        let bytes = docx_parts(&[("_rels/.rels", rels.to_string()), ("word/main2.xml", xml)]);
        assert_eq!(extract("m.docx", &bytes).unwrap(), "Strictly prefixed\n");
    }

    #[test]
    fn bad_files_are_errors_naming_the_file() {
        assert!(err(b"").contains("m.docx is empty"));
        let e = err(b"PK\x03\x04 truncated");
        assert!(
            e.starts_with("m.docx is a Word document that cannot be read: it is not a valid ZIP"),
            "{e}"
        );
        let e = err(b"just text");
        assert!(e.contains("not a valid ZIP"), "{e}");
        let mut ole = OLE2_MAGIC.to_vec();
        ole.extend([0u8; 64]);
        assert!(err(&ole).contains("legacy Word 97-2003"), "{}", err(&ole));
        for u in "EncryptedPackage".encode_utf16() {
            ole.extend(u.to_le_bytes());
        }
        assert!(err(&ole).contains("encrypted"), "{}", err(&ole));
        let other = docx_parts(&[("content.xml", "<office/>".to_string())]);
        assert!(
            err(&other).contains("has no word/document.xml"),
            "{}",
            err(&other)
        );
        let broken = docx_parts(&[(
            "word/document.xml",
            "<w:document xmlns:w=\"x\"><w:p>".into(),
        )]);
        assert!(
            err(&broken).contains("has no paragraphs"),
            "{}",
            err(&broken)
        );
        let bad_xml = docx_parts(&[(
            "word/document.xml",
            document("<w:p><w:r><w:t>a &nope; b</w:t></w:r></w:p>"),
        )]);
        assert!(
            err(&bad_xml).contains("not well-formed XML"),
            "{}",
            err(&bad_xml)
        );
        let mismatched = docx_parts(&[("word/document.xml", document("<w:p></w:r>"))]);
        assert!(
            err(&mismatched).contains("not well-formed XML"),
            "{}",
            err(&mismatched)
        );
        let blank = docx(&format!("{}<w:p/>", p("  ")));
        assert!(err(&blank).contains("it has no text"), "{}", err(&blank));
    }

    #[test]
    fn zip_encryption_is_reported() {
        // A ZipCrypto-encrypted part: bit 0 of the general purpose flags in both headers.
        let mut bytes = docx(&p("secret"));
        let mut at = 0;
        while let Some(i) = bytes[at..]
            .windows(4)
            .position(|w| w == b"PK\x03\x04" || w == b"PK\x01\x02")
        {
            let i = at + i;
            let flags = if &bytes[i..i + 4] == b"PK\x03\x04" {
                i + 6
            } else {
                i + 8
            };
            bytes[flags] |= 1;
            at = i + 4;
        }
        let e = err(&bytes);
        assert!(e.contains("encrypted"), "{e}");
    }

    #[test]
    fn damaged_archives_never_panic() {
        // A cheap stand-in for the fuzz target (fuzz/fuzz_targets/docx.rs) that runs with the
        // unit tests: every single-byte change and every truncation of a small .docx gives
        // text or an error naming the file.
        let good = docx(&format!(
            "{}{}",
            p("CERTIFICATE OF CONFERENCE"),
            p("Counsel conferred.")
        ));
        let check = |bytes: &[u8]| match extract("m.docx", bytes) {
            Ok(t) => assert!(!t.contains('\0') && t.ends_with('\n')),
            Err(e) => assert!(e.to_string().contains("m.docx"), "{e}"),
        };
        for cut in (0..good.len()).step_by(7) {
            check(&good[..cut]);
        }
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..3000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut bytes = good.clone();
            let i = (state as usize) % bytes.len();
            bytes[i] = (state >> 32) as u8;
            check(&bytes);
        }
    }

    #[test]
    fn oversized_parts_are_refused() {
        // The real limit (256 MiB) would take seconds to inflate here; the same code path
        // with a small one.
        let bytes = docx(&p(&"x".repeat(5000)));
        assert!(extract_limited("m.docx", &bytes, 1 << 20).is_ok());
        let e = extract_limited("m.docx", &bytes, 4096)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("word/document.xml inflates to more than 4096 bytes"),
            "{e}"
        );
    }
}
