//! The locator and the element evidence on any text: every span in bounds, on character
//! boundaries, and its character offsets index the text they came from.
#![no_main]

use conferral::find::locate::{candidates, locate, locate_all};
use conferral::report::record::Span;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let all = locate_all(&text);
    for c in all.iter().chain(&candidates(&text)).chain(&locate(&text)) {
        assert!(
            c.start < c.end && c.end <= text.len(),
            "{}..{} of {}",
            c.start,
            c.end,
            text.len()
        );
        assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
        assert!((0.0..=1.0).contains(&c.confidence), "{}", c.confidence);
        let span = Span::from_byte_range(&text, c.start, c.end).expect("a span");
        let chars: String = text
            .chars()
            .skip(span.start)
            .take(span.end - span.start)
            .collect();
        assert_eq!(chars, span.text);
    }
    // Statements of one motion do not overlap.
    let mut spans: Vec<(usize, usize)> = all.iter().map(|c| (c.start, c.end)).collect();
    spans.sort();
    for w in spans.windows(2) {
        assert!(w[0].1 <= w[1].0, "overlapping statements {w:?}");
    }
    // Element evidence: character offsets into the statement.
    for c in &all {
        let statement = &text[c.start..c.end];
        let chars: Vec<char> = statement.chars().collect();
        let ev = conferral::find::elements::detect(statement);
        let elements = [
            ("participants", &ev.participants),
            ("when", &ev.when),
            ("means", &ev.means),
            ("dialogue", &ev.dialogue),
            ("issues", &ev.issues),
            ("outcome", &ev.outcome),
            ("time", &ev.time),
            ("names", &ev.names),
            ("one_way", &ev.one_way),
            ("late", &ev.late),
            ("no_conference", &ev.no_conference),
        ];
        for (name, element) in elements {
            for h in &element.spans {
                assert!(
                    h.start <= h.end && h.end <= chars.len(),
                    "{name} {}..{}",
                    h.start,
                    h.end
                );
                assert_eq!(
                    chars[h.start..h.end].iter().collect::<String>(),
                    h.text,
                    "{name}"
                );
            }
        }
    }
});
