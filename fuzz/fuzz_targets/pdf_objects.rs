//! The PDF reader past the cross-reference table: byte mutations of a whole file almost
//! always break its xref offsets, so the `pdf` target rarely reaches page extraction. Here
//! the input is a list of object bodies (separated by 0x01) and the harness writes a file
//! around them with a correct xref table and `/Root 1 0 R`; same checks as `pdf`.
#![no_main]

mod pdf_check;

use conferral::read::pdf::extract;
use libfuzzer_sys::fuzz_target;

fn assemble(data: &[u8]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in data.split(|&b| b == 1).take(64).enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes());
    for o in &offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    out
}

fuzz_target!(|data: &[u8]| pdf_check::check(extract("fuzz.pdf", &assemble(data))));
