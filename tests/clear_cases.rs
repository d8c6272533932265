//! Clear showings through the whole pipeline with the embedded model: each statement sits in
//! a short motion (caption, argument, certificate, signature), is located, scored, judged
//! under the default profile, and must come out `sufficient`; its one-way twin (the same
//! facts with the conference made one-way) must come out `insufficient`.
//!
//! The statements are this project's own, written for this test as analogues of the clear
//! showings that earlier models sent to review or called insufficient: a face-to-face
//! session at the courthouse going through the requests, a video call going through the
//! objections, and repeated dated attempts that went unanswered.

mod common;

use serde_json::Value;

const FACE_TO_FACE: &str = "On September 14, 2026, after the status conference, counsel for \
Plaintiff, Ruth Okafor, and counsel for Defendant Harlow Logistics, Dev Mistry, met in person in \
the attorney conference room of the courthouse for about ninety minutes and went through each of \
Plaintiff's ten disputed requests for production. They resolved Requests 1, 2, 4, 6, 7 and 9. \
Defendant maintains its objections to Requests 3, 5, 8 and 10, which are the subject of this \
motion.";

const FACE_TO_FACE_ONE_WAY: &str = "On September 14, 2026, counsel for Plaintiff, Ruth Okafor, \
left a letter for counsel for Defendant Harlow Logistics, Dev Mistry, at the courthouse listing \
Plaintiff's ten disputed requests for production. Plaintiff received no response and filed this \
motion.";

const VIDEO_CALL: &str = "Counsel for Defendant, Marisol Tran, and counsel for Plaintiff, Owen \
Pike, conferred by Microsoft Teams on October 2, 2026, from 10:00 to 11:00 a.m. They went through \
Defendant's objections to Interrogatories 3 through 9 one at a time and did not reach agreement \
on any of them. Plaintiff opposes this motion.";

const VIDEO_CALL_ONE_WAY: &str = "On October 2, 2026, counsel for Defendant, Marisol Tran, \
emailed counsel for Plaintiff, Owen Pike, an invitation to a Microsoft Teams meeting about \
Defendant's objections to Interrogatories 3 through 9. Mr. Pike did not accept the invitation or \
respond.";

const REPEATED_ATTEMPTS: &str = "Counsel for Plaintiff telephoned defense counsel, Lena Brooks, \
on August 3, 2026 and again on August 6, 2026, leaving a voicemail each time about Defendant's \
overdue responses to Plaintiff's First Requests for Production, and followed each call the same \
day with an email asking for a time to confer. As of August 20, 2026, Ms. Brooks has not \
responded to any of the four messages.";

const REPEATED_ATTEMPTS_ONE_WAY: &str = "On August 3, 2026, counsel for Plaintiff emailed \
defense counsel, Lena Brooks, about Defendant's overdue responses to Plaintiff's First Requests \
for Production. Ms. Brooks has not responded.";

/// A short motion around `certificate`, as a clerk receives it.
fn motion(certificate: &str) -> String {
    format!(
        "UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF NEW MEXICO\n\n\
         CASE NO. 1:26-cv-00417\n\n\
         PLAINTIFF'S MOTION TO COMPEL DISCOVERY\n\n\
         Plaintiff moves under Federal Rule of Civil Procedure 37(a) for an order compelling \
         Defendant to answer the discovery identified below. The requests seek documents and \
         information relevant to the claims and defenses and proportional to the needs of the \
         case.\n\n\
         CERTIFICATE OF CONFERENCE\n\n{certificate}\n\n\
         Respectfully submitted,\n/s/ Counsel of Record\n"
    )
}

/// Scores each certificate inside its motion (one JSON Lines corpus) and returns the records.
fn score(certificates: &[(&str, &str)]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("motions.jsonl");
    let lines: Vec<String> = certificates
        .iter()
        .map(|(id, c)| serde_json::json!({"id": id, "text": motion(c)}).to_string())
        .collect();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    common::json_lines_of(
        common::conferral()
            .args(["score", "--format", "jsonl"])
            .arg(&path),
    )
}

#[test]
fn clear_showings_pass_and_their_one_way_twins_are_insufficient() {
    let cases = [
        ("face_to_face", FACE_TO_FACE),
        ("face_to_face_one_way", FACE_TO_FACE_ONE_WAY),
        ("video_call", VIDEO_CALL),
        ("video_call_one_way", VIDEO_CALL_ONE_WAY),
        ("repeated_attempts", REPEATED_ATTEMPTS),
        ("repeated_attempts_one_way", REPEATED_ATTEMPTS_ONE_WAY),
    ];
    let records = score(&cases);
    assert_eq!(records.len(), cases.len());
    for ((id, certificate), r) in cases.iter().zip(&records) {
        assert_eq!(r["id"], *id);
        // The located statement is the certificate itself, not the argument around it.
        let located = r["statement"]["text"].as_str().unwrap_or("");
        assert!(
            located.contains(&certificate[..40]),
            "{id}: located {located:?}"
        );
        let want = if id.ends_with("one_way") {
            "insufficient"
        } else {
            "sufficient"
        };
        assert_eq!(r["verdict"], want, "{id}: {:#}", r);
        if want == "sufficient" {
            // No reason may claim a missing exchange that the text states in other words.
            let reasons = r["reasons"].to_string();
            assert!(!reasons.contains("no two-way exchange"), "{id}: {reasons}");
        }
    }
}
