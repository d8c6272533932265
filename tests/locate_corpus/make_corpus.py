#!/usr/bin/env python3
"""Writes the locator test corpus: realistic motions (plain text, some laid out like text
extracted from PDFs) and truth.jsonl with each conferral statement's character span.

Deterministic (fixed seed); run once from anywhere: python3 make_corpus.py
The texts are committed, so tests never run this script.
"""
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
S, E = "\ue000", "\ue001"  # statement markers, stripped after layout
rng = random.Random(20240607)

COURTS = [
    ("DISTRICT OF COLORADO", "colo"),
    ("NORTHERN DISTRICT OF TEXAS\nDALLAS DIVISION", "tex"),
    ("MIDDLE DISTRICT OF FLORIDA\nORLANDO DIVISION", "fla"),
    ("DISTRICT OF COLUMBIA", "dc"),
    ("DISTRICT OF KANSAS", "kan"),
    ("CENTRAL DISTRICT OF CALIFORNIA", "cal"),
    ("EASTERN DISTRICT OF PENNSYLVANIA", "pa"),
]
PLAINTIFFS = ["MARIA GONZÁLEZ", "ACME ROOFING, LLC", "JAMES O'NEILL", "SUNRISE HEALTH PARTNERS, INC.",
              "DEBORAH KLINE", "NORTHSTAR LOGISTICS CORP.", "TOMÁS REYES", "HARBOR VIEW CONDOMINIUM ASS'N"]
DEFENDANTS = ["CITY OF LAKEWOOD", "GREAT PLAINS INSURANCE CO.", "BRIGHTLINE SOFTWARE, INC.",
              "OFFICER DANIEL PRUITT", "WESTFIELD MUTUAL", "PINNACLE BANK, N.A.", "REDSTONE FREIGHT, INC."]
LAWYERS = ["Jane R. Whitaker", "Michael T. Osei", "Priya Natarajan", "Robert L. Chen", "Elena Vasquez",
           "David M. Brennan", "Sarah K. Lindqvist", "Marcus J. Howell", "Hannah Fischer", "Luis Ortega"]
FIRMS = ["Whitaker & Osei LLP", "Brennan Howell PC", "Lindqvist Law Group", "Chen Ortega LLP", "Fischer Vasquez LLC"]
MOTIONS = [
    ("MOTION TO COMPEL DISCOVERY RESPONSES", "compel"),
    ("MOTION FOR PROTECTIVE ORDER", "protective"),
    ("UNOPPOSED MOTION FOR EXTENSION OF TIME", "extension"),
    ("MOTION TO QUASH THIRD-PARTY SUBPOENA", "quash"),
    ("MOTION FOR LEAVE TO FILE FIRST AMENDED COMPLAINT", "amend"),
    ("MOTION TO STAY DISCOVERY PENDING RULING ON MOTION TO DISMISS", "stay"),
    ("MOTION TO COMPEL RULE 35 EXAMINATION", "compel"),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MEANS = ["by telephone", "by videoconference", "in person at counsel's office", "by email",
         "by Zoom", "by telephone and follow-up email", "by letter and telephone"]


def date():
    return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, 202{rng.randint(1, 4)}"


def pick(xs):
    return rng.choice(xs)


# ---------------------------------------------------------------------------------------
# Statements: (heading or None, [paragraphs])

def outcome(kind):
    if kind == "extension":
        return pick(["Plaintiff does not oppose the relief requested.",
                     "Counsel for Defendant stated that Defendant does not oppose this motion.",
                     "Opposing counsel has authorized undersigned to state that the motion is unopposed."])
    return pick(["The parties were unable to resolve the dispute, and Defendant opposes the motion.",
                 "Despite these efforts, the parties reached an impasse on Requests for Production Nos. 4, 7 and 12.",
                 "Opposing counsel stated that Plaintiff opposes the relief sought.",
                 "The parties narrowed the dispute to the two categories addressed in this motion but could not agree on the rest.",
                 "Plaintiff's counsel did not respond to the proposed compromise, and the motion is opposed."])


def body(ctx, first_person=True):
    me, other = ctx["me"], ctx["other"]
    opp = ctx["opp_party"]
    d1, d2 = date(), date()
    forms = [
        f"Undersigned counsel certifies that on {d1}, counsel for {ctx['party']} conferred with {other}, counsel for {opp}, {pick(MEANS)} regarding the relief requested in this motion. {outcome(ctx['kind'])}",
        f"I hereby certify that on {d1} and again on {d2}, I conferred {pick(MEANS)} with {other}, counsel for {opp}, in a good-faith effort to resolve the issues raised in this motion without court action. {outcome(ctx['kind'])}",
        f"Counsel for the parties met and conferred {pick(MEANS)} on {d1} for approximately {rng.randint(20, 90)} minutes. Counsel discussed each of the disputed interrogatories and requests for production, including the scope of the date range and the custodians to be searched. {outcome(ctx['kind'])}",
        f"On {d1}, {me} sent a letter to {other} identifying the deficiencies in {opp}'s responses. On {d2}, counsel spoke {pick(['by telephone', 'by videoconference'])} and discussed each deficiency in turn. {outcome(ctx['kind'])}",
        f"The movant has in good faith conferred with {other}, counsel for {opp}, on {d1} {pick(MEANS)} in an effort to obtain the discovery without court action. {outcome(ctx['kind'])}",
    ]
    return pick(forms)


def extra_para(ctx):
    d = date()
    return pick([
        f"Following the call, on {d}, undersigned sent {ctx['other']} a proposed search-term list and asked for a response within seven days. No response was received.",
        f"On {d}, counsel exchanged further emails about the proposed protective order and the deposition schedule, but the parties could not agree on the remaining issues.",
        f"Counsel also left a voicemail for {ctx['other']} on {d} and followed up by email the same day; {ctx['opp_party']} maintains its objections.",
    ])


HEADINGS = {
    "colo": ["CERTIFICATE OF CONFERRAL", "CERTIFICATION PURSUANT TO D.C.COLO.LCivR 7.1(a)"],
    "tex": ["CERTIFICATE OF CONFERENCE"],
    "fla": ["LOCAL RULE 3.01(g) CERTIFICATION", "Local Rule 3.01(g) Certification"],
    "dc": ["Statement pursuant to LCvR 7(m)", "LCvR 7(m) STATEMENT"],
    "kan": ["D. KAN. RULE 37.2 CERTIFICATION", "RULE 37.2 CERTIFICATION"],
    "cal": ["MEET AND CONFER DECLARATION", "L.R. 7-3 MEET AND CONFER STATEMENT"],
    "pa": ["Certificate of Good Faith Conference", "RULE 37(a)(1) CERTIFICATION"],
}


def headed_statement(ctx, paras=1):
    h = pick(HEADINGS[ctx["court"]] + ["CERTIFICATE OF CONFERENCE", "RULE 37(a)(1) CERTIFICATION"])
    ps = [body(ctx)] + [extra_para(ctx) for _ in range(paras - 1)]
    return h, ps


def unheaded_statement(ctx):
    cite = {
        "colo": "D.C.COLO.LCivR 7.1(a)", "tex": "Local Civil Rule 7.1(a)", "fla": "Local Rule 3.01(g)",
        "dc": "LCvR 7(m)", "kan": "D. Kan. Rule 37.2", "cal": "L.R. 7-3", "pa": "Local Rule 26.1(f)",
    }[ctx["court"]]
    d = date()
    return None, [pick([
        f"Pursuant to {cite}, counsel certifies that counsel for {ctx['party']} conferred with counsel for {ctx['opp_party']} {pick(MEANS)} on {d}. {outcome(ctx['kind'])}",
        f"In compliance with {cite}, undersigned counsel conferred with {ctx['other']} on {d} {pick(MEANS)} about the relief sought herein. {outcome(ctx['kind'])}",
        f"Undersigned counsel has conferred with opposing counsel, {ctx['other']}, pursuant to {cite}; {ctx['opp_party']} {pick(['opposes', 'does not oppose', 'takes no position on'])} this motion.",
    ])]


def per_request_statement(ctx):
    """One paragraph per disputed request, under one heading."""
    h = pick(HEADINGS[ctx["court"]] + ["CERTIFICATE OF CONFERENCE"])
    reqs = rng.sample(["Interrogatory No. 3", "Interrogatory No. 9", "Request for Production No. 4",
                       "Request for Production No. 12", "Request for Admission No. 2",
                       "Request for Production No. 15"], rng.randint(3, 5))
    ps = [f"Counsel for the parties conferred about each disputed request {pick(MEANS)} on {date()}, as follows:"]
    for r in reqs:
        ps.append(f"{r}: Counsel discussed narrowing the request to the period after {date()}. "
                  + pick([f"{ctx['opp_party']} maintains its objection.",
                          "The parties could not agree.",
                          f"{ctx['opp_party']} agreed to supplement but has not done so."]))
    return h, ps


def background_conferral(ctx):
    """Past conferral about something else: not a statement for this motion."""
    return pick([
        f"On {date()}, the parties met and conferred regarding a proposed scheduling order, which the Court entered on {date()} (ECF No. {rng.randint(10, 60)}).",
        f"{ctx['opp_party']} did not confer before filing its own motion, in violation of the Local Rules; its counsel sent a single email at 5:12 p.m. on the day of filing and never followed up.",
        f"In its response, {ctx['opp_party']} argues that the parties never met and conferred in good faith. That argument ignores the record, which shows months of correspondence about unrelated deposition scheduling.",
    ])


def rule37_statement(ctx):
    d = date()
    return None, [f"Pursuant to Fed. R. Civ. P. 37(a)(1), {ctx['party']} certifies that it has in good faith conferred with {ctx['opp_party']} in an effort to obtain the disputed discovery without court action. Counsel conferred {pick(MEANS)} on {d}, and {ctx['opp_party']} refused to supplement its responses to Interrogatory Nos. 2 and 9."]


# ---------------------------------------------------------------------------------------
# Motion prose and distractors

CASES = [
    "Shuffle Master, Inc. v. Progressive Games, Inc., 170 F.R.D. 166, 171 (D. Nev. 1996)",
    "Hoelzel v. First Select Corp., 214 F.R.D. 634, 636 (D. Colo. 2003)",
    "Ross v. Citifinancial, Inc., 203 F.R.D. 239, 240 (S.D. Miss. 2001)",
    "Cotracom Commodity Trading Co. v. Seaboard Corp., 189 F.R.D. 456, 459 (D. Kan. 1999)",
    "Oppenheimer Fund, Inc. v. Sanders, 437 U.S. 340, 351 (1978)",
]


def argument(ctx):
    c = pick(CASES)
    return pick([
        f"Rule 26(b)(1) permits discovery of any nonprivileged matter that is relevant to any party's claim or defense and proportional to the needs of the case. See {c}. The information sought here goes to the heart of {ctx['party']}'s claims.",
        f"{ctx['opp_party']}'s boilerplate objections do not satisfy its burden. An objecting party must show specifically how each request is overly broad, burdensome, or oppressive. See {c}.",
        "The requested documents are readily available in the ordinary course of business, and producing them imposes no undue burden. Proportionality favors production because the amount in controversy exceeds $2,000,000 and the documents are uniquely within the opposing party's control.",
        f"Good cause exists for the requested order. The deposition notice lists forty-two topics, many of which span twenty years and have no connection to the claims remaining after the Court's order of {date()}.",
        "The proposed amendment is not futile, is not brought in bad faith, and will not unduly prejudice any party. Leave should be freely given when justice so requires. Fed. R. Civ. P. 15(a)(2).",
        "A brief stay will conserve the resources of the parties and the Court. The pending motion to dismiss raises a threshold question of qualified immunity that may dispose of the case entirely.",
        "The subpoena seeks confidential commercial information from a non-party and must be quashed or modified under Rule 45(d)(3)(B)(i). The non-party has no stake in this litigation.",
    ])


def distractor(ctx):
    c = pick(CASES)
    return pick([
        f"{ctx['opp_party']} refused to meet and confer about its deficient responses, despite three letters from counsel. Its silence is itself a reason to award fees under Rule 37(a)(5).",
        f"Rule 37(a)(1) requires a certification that the movant has in good faith conferred or attempted to confer with the person or party failing to make disclosure or discovery in an effort to obtain it without court action. See {c}.",
        f"{ctx['opp_party']} never attempted to confer as Rule 37 requires before serving its own motion, and its motion should be denied for that reason alone.",
        f"Courts in this district have held that a single email sent the day before filing does not satisfy the duty to confer. See {c} (\u201cthe parties must make genuine efforts to resolve the dispute\u201d).",
        f"Local Rule 7.1(a) provides that the Court will not consider a discovery motion unless counsel for the moving party has conferred or made reasonable, good faith efforts to confer with opposing counsel. The purpose of the rule is to encourage the parties to resolve disputes without judicial involvement.",
        f"The duty to meet and confer is not an empty formality. {ctx['opp_party']}'s counsel declined to discuss the requests by telephone and instead insisted on written correspondence, which delayed the process by several weeks.",
    ])


def service(ctx):
    return ("CERTIFICATE OF SERVICE",
            f"I hereby certify that on {date()}, I electronically filed the foregoing with the Clerk of Court using the CM/ECF system, which will send notification of such filing to all counsel of record.")


def signature(ctx, dated=True):
    lines = []
    if dated:
        lines += [f"Dated: {date()}", ""]
    lines += ["Respectfully submitted,", "", f"/s/ {ctx['me']}", ctx["me"], pick(FIRMS),
              f"{rng.randint(100, 9999)} {pick(['Market Street', 'Lincoln Avenue', 'Main Street', 'Broadway'])}, Suite {rng.randint(100, 2000)}",
              f"Telephone: (303) 555-{rng.randint(1000, 9999)}",
              f"{ctx['me'].split()[0].lower()}@{pick(['firm.com', 'lawgroup.com', 'llp.com'])}",
              f"Attorney for {ctx['party_title']}"]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# Documents

def context():
    court, key = pick(COURTS)
    title, kind = pick(MOTIONS)
    plaintiff_moves = rng.random() < 0.5
    me, other = rng.sample(LAWYERS, 2)
    p, d = pick(PLAINTIFFS), pick(DEFENDANTS)
    return {
        "court_name": court, "court": key, "title": title, "kind": kind,
        "party": "Plaintiff" if plaintiff_moves else "Defendant",
        "opp_party": "Defendant" if plaintiff_moves else "Plaintiff",
        "party_title": "Plaintiff" if plaintiff_moves else "Defendant",
        "me": me, "other": other, "plaintiff": p, "defendant": d,
        "case_no": f"{rng.randint(1, 8)}:2{rng.randint(0, 4)}-cv-0{rng.randint(1000, 9999)}-{pick(['RBJ', 'SKC', 'ABC', 'JWL', 'MMH'])}",
    }


def caption(ctx):
    return [f"IN THE UNITED STATES DISTRICT COURT\nFOR THE {ctx['court_name']}",
            f"Civil Action No. {ctx['case_no']}",
            f"{ctx['plaintiff']},\n\n        Plaintiff,\n\nv.\n\n{ctx['defendant']},\n\n        Defendant.",
            f"{ctx['party'].upper()}'S {ctx['title']}"]


def mark(heading, paras):
    """Blocks of one statement, wrapped in markers."""
    blocks = ([heading] if heading else []) + list(paras)
    blocks[0] = S + blocks[0]
    blocks[-1] = blocks[-1] + E
    return blocks


def numbered_motion(where, n_distract):
    """Motions in numbered paragraphs, the statement one of them."""
    ctx = context()
    blocks = caption(ctx)
    paras = [f"{ctx['party']}, through undersigned counsel, respectfully moves for the relief described below and states:"]
    pool = list(dict.fromkeys(argument(ctx) for _ in range(12)))[:4]
    pool += list(dict.fromkeys(distractor(ctx) for _ in range(n_distract)))
    rng.shuffle(pool)
    at = rng.randint(1, len(pool)) if where else -1
    numbered = []
    for i, p in enumerate(pool):
        if i == at:
            numbered.append(None)
        numbered.append(p)
    if at == len(pool):
        numbered.append(None)
    blocks += paras
    for k, p in enumerate(numbered, start=1):
        if p is None:
            _, ps = unheaded_statement(ctx)
            blocks += mark(None, [f"{k}. {ps[0]}"])
        else:
            blocks.append(f"{k}. {p}")
    blocks.append(f"WHEREFORE, {ctx['party']} respectfully requests that the Court grant this motion.")
    blocks.append(signature(ctx))
    sh, sb = service(ctx)
    return blocks + [sh, sb, f"/s/ {ctx['me']}"]


def motion(where, n_distract=0, n_statements_extra=None, multi=1):
    if where in ("numbered", "numbered_none"):
        return numbered_motion(where == "numbered", n_distract)
    ctx = context()
    blocks = caption(ctx)
    intro = f"{ctx['party']}, through undersigned counsel, respectfully moves for entry of an order granting the relief described below, and in support states as follows:"
    body_blocks = []
    if where == "first":
        h, ps = unheaded_statement(ctx)
        blocks += mark(h, ps)
    blocks.append(intro)
    if where == "rule37+local":
        blocks += mark(*rule37_statement(ctx))
    body_blocks.append("I. BACKGROUND")
    pool = list(dict.fromkeys(argument(ctx) for _ in range(12)))  # distinct paragraphs
    rng.shuffle(pool)
    body_blocks += pool[:rng.randint(1, 2)]
    body_blocks.append("II. ARGUMENT")
    args = pool[2:2 + rng.randint(2, 4)] + list(dict.fromkeys(distractor(ctx) for _ in range(n_distract)))
    rng.shuffle(args)
    body_blocks += args
    if where == "before_conclusion":
        body_blocks += mark(*headed_statement(ctx, multi))
    if where == "per_request":
        body_blocks += mark(*per_request_statement(ctx))
    if where is None and multi:
        body_blocks.insert(2, background_conferral(ctx))
    body_blocks += ["III. CONCLUSION",
                    f"For these reasons, {ctx['party']} respectfully requests that the Court grant this motion."]
    blocks += body_blocks
    if where == "last":
        blocks += mark(*unheaded_statement(ctx))
    if where in ("before_signature", "rule37+local"):
        blocks += mark(*headed_statement(ctx, multi))
    if where == "inline_heading":
        h, ps = headed_statement(ctx, 1)
        blocks += mark(None, [f"{h.title() if h.isupper() else h}: {ps[0]}"])
    blocks.append(signature(ctx))
    if where == "after_signature":
        blocks += mark(*headed_statement(ctx, multi))
        blocks.append(f"/s/ {ctx['me']}")
    sh, sb = service(ctx)
    blocks += [sh, sb, f"/s/ {ctx['me']}"]
    if where == "after_service":
        blocks += mark(*headed_statement(ctx, multi))
        blocks.append(f"/s/ {ctx['me']}")
    return blocks


# ---------------------------------------------------------------------------------------
# Layout: plain paragraphs, hard-wrapped lines, PDF-like pages

def wrap(par, width, hyphenate):
    out = []
    for src_line in par.split("\n"):
        words, line = src_line.split(" "), ""
        for w in words:
            if line and len(line) + 1 + len(w) > width:
                room = width - len(line) - 2
                if hyphenate and re.fullmatch(r"[a-z]{8,}", w) and room >= 4 and rng.random() < 0.6:
                    cut = min(room, len(w) - 3)
                    out.append(f"{line} {w[:cut]}-")
                    line = w[cut:]
                    continue
                out.append(line)
                line = w
            else:
                line = f"{line} {w}" if line else w
        out.append(line)
    return out


def layout(blocks, style, ctx_case, court):
    if style == "plain":
        return "\n\n".join(blocks) + "\n"
    width = rng.choice([66, 72, 78])
    lines = []
    for b in blocks:
        ls = wrap(b, width, hyphenate=style != "wrapped")
        if style == "pdf_indent":
            # No blank lines: first lines of paragraphs are indented, as pdftotext often gives.
            first = ls[0].lstrip(S)
            if first[:1].islower() or first[:1].isdigit() or len(ls) > 1:
                ls[0] = "     " + ls[0]
            lines += ls
        else:
            lines += ls + [""]
    if style == "wrapped":
        return "\n".join(lines) + "\n"
    if style == "double":
        # Double-spaced pleading paper: a blank line after every line, paragraphs indented.
        out = []
        for b in blocks:
            ls = wrap(b, width, hyphenate=True)
            if len(ls) > 1:
                ls[0] = "        " + ls[0]
            out += ls
        return "\n\n".join(out) + "\n"
    per_page = rng.randint(22, 34)
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
    n = len(pages)
    docno, filed = rng.randint(20, 160), f"0{rng.randint(1, 9)}/{rng.randint(10, 28)}/2{rng.randint(1, 4)}"
    out = []
    for k, page in enumerate(pages, start=1):
        header = pick([
            f"Case {ctx_case} Document {docno} Filed {filed} Page {k} of {n}",
            f"Case {ctx_case} Document {docno} Filed {filed} Page {k} of {n} PageID #: {400 + k}",
        ])
        if court == "DISTRICT OF COLORADO":
            header = f"Case No. {ctx_case} Document {docno} filed {filed} USDC Colorado pg {k} of {n}"
        text = "\n".join(page)
        footer = pick([f"\n{k}", f"\n\n{k}\n", "", f"\n                                      {k}"])
        out.append(f"{header}\n{'' if rng.random() < 0.5 else chr(10)}{text}{footer}\n")
    return "\x0c".join(out)


def strip_markers(text):
    spans, clean, start = [], [], None
    for ch in text:
        if ch == S:
            start = len(clean)
        elif ch == E:
            spans.append({"start": start, "end": len(clean)})
        else:
            clean.append(ch)
    clean = "".join(clean)
    for sp in spans:
        # Truth spans are trimmed, like the locator's.
        seg = clean[sp["start"]:sp["end"]]
        sp["start"] += len(seg) - len(seg.lstrip())
        sp["end"] -= len(seg) - len(seg.rstrip())
    return clean, spans


# Written by hand, not from the templates above: other phrasings and layouts, so the figures
# are not only about text the generator's own vocabulary produced.
SIG = "\n\nRespectfully submitted,\n\n/s/ Karen A. Molloy\nKaren A. Molloy\nMolloy & Park LLP\n\n"
SERVICE = ("CERTIFICATE OF SERVICE\n\nI hereby certify that a true and correct copy of the foregoing was "
           "served on all counsel of record via the Court's electronic filing system on this 2nd day of "
           "May, 2023.\n\n/s/ Karen A. Molloy\n")
HANDWRITTEN = [
    ("h000_tex_conference.txt",
     "IN THE UNITED STATES DISTRICT COURT\nFOR THE NORTHERN DISTRICT OF TEXAS\n\nPLAINTIFF'S MOTION TO "
     "COMPEL PRODUCTION\n\nPlaintiff asks the Court to compel Defendant to produce its claim file.\n\n"
     "The claim file is relevant to the bad-faith claim and is not privileged.\n" + SIG
     + S + "CERTIFICATE OF CONFERENCE\n\nCounsel for movant and counsel for respondent have personally "
     "conducted a conference at which there was a substantive discussion of every item presented to the "
     "Court in this motion and despite best efforts the counsel have not been able to resolve those "
     "matters presented. The conference was held by telephone on April 27, 2023." + E
     + "\n\nCertifying attorney: /s/ Karen A. Molloy\n\n" + SERVICE),
    ("h001_dc_position_mid.txt",
     "UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF COLUMBIA\n\nDEFENDANTS' MOTION FOR AN "
     "EXTENSION OF TIME TO ANSWER\n\nDefendants respectfully move for a thirty-day extension of time, "
     "to and including June 30, 2024, to answer the Complaint.\n\n" + S + "Pursuant to Local Civil Rule "
     "7(m), counsel for Defendants sought Plaintiff's position on this motion by email on June 3, 2024. "
     "Plaintiff's counsel responded the same day that Plaintiff consents to the extension." + E
     + "\n\nGood cause supports the extension. Agency counsel is still gathering the administrative "
     "record, and the undersigned has three briefs due this month.\n\nA proposed order is attached."
     + SIG + SERVICE),
    ("h002_fla_bold_heading.txt",
     "UNITED STATES DISTRICT COURT\nMIDDLE DISTRICT OF FLORIDA\nTAMPA DIVISION\n\n"
     "MOTION TO STRIKE EXPERT DISCLOSURE\n\nDefendant moves to strike the untimely supplemental "
     "report of Plaintiff's expert, served eleven days before trial.\n\nMEMORANDUM OF LAW\n\nRule "
     "37(c)(1) bars a party from using information it failed to disclose unless the failure was "
     "substantially justified or harmless. Neither is true here.\n\n" + S + "**Local Rule 3.01(g) "
     "Certification**\n\nThe movant\u2019s counsel conferred with counsel for the Plaintiff via "
     "telephone on January 5, 2023, and counsel for Plaintiff stated that Plaintiff opposes the relief "
     "requested herein." + E + SIG + SERVICE),
    ("h003_kan_duty_section.txt",
     "IN THE UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF KANSAS\n\nMEMORANDUM IN SUPPORT OF "
     "PLAINTIFF'S MOTION TO COMPEL\n\nI. INTRODUCTION\n\nDefendant has produced nothing in response "
     "to Plaintiff's Second Requests for Production.\n\nII. ARGUMENT\n\nA. Plaintiff Has Satisfied "
     "Its Duty to Confer\n\n" + S + "Pursuant to D. Kan. Rule 37.2, counsel for Plaintiff has made "
     "reasonable efforts to confer. Specifically, on May 1, 2023 counsel exchanged letters identifying "
     "each deficient response, and on May 9, 2023 counsel conferred by telephone for approximately one "
     "hour. Defendant agreed to produce its policy manuals but refused to produce any emails." + E
     + "\n\nB. The Emails Are Relevant\n\nThe emails go to notice, the central issue in the case. "
     "Courts routinely compel such discovery.\n" + SIG + SERVICE),
    ("h004_wherefore_sentence.txt",
     "IN THE CIRCUIT COURT\n\nMOTION TO CONTINUE HEARING\n\nDefendant moves to continue the hearing "
     "set for July 14 because lead counsel will be in trial in another matter that week.\n\nWHEREFORE, "
     "Defendant requests that the Court continue the hearing to a date convenient to the Court. "
     + S + "Undersigned counsel has conferred with counsel for Plaintiff by email on July 1, who "
     "opposes this motion." + E + SIG + SERVICE),
    ("n100_opposition_narrative.txt",
     "PLAINTIFF'S RESPONSE IN OPPOSITION TO DEFENDANT'S MOTION TO COMPEL\n\nThe motion should be "
     "denied at the threshold. Defendant's counsel emailed Plaintiff's counsel at 4:55 p.m. on Friday, "
     "March 3, and filed this motion the following Monday without waiting for a response. That is not a "
     "good faith attempt to confer, and the Local Rules require more.\n\nOn the merits, the requests "
     "are overbroad: they seek every document touching Plaintiff's finances for fifteen years.\n\n"
     "WHEREFORE, Plaintiff asks the Court to deny the motion." + SIG + SERVICE),
    ("n101_withdraw.txt",
     "MOTION TO WITHDRAW AS COUNSEL\n\nUndersigned counsel moves to withdraw as counsel for Defendant "
     "Redstone Freight, Inc. Irreconcilable differences have arisen about the conduct of the defense. "
     "Counsel has notified the client of this motion by email and certified mail and advised it that a "
     "corporation may appear only through counsel.\n\nThe client's last known address is 415 Industrial "
     "Parkway, Wichita, Kansas.\n" + SIG + SERVICE),
]


def main():
    plan = []
    wheres = ["before_signature", "after_signature", "after_service", "first", "last",
              "before_conclusion", "inline_heading", "rule37+local"]
    styles = ["plain", "wrapped", "pdf", "pdf_indent"]
    k = 0
    for where in wheres:
        for style in styles:
            plan.append((f"m{k:03d}", where, style, rng.randint(0, 2), rng.choice([1, 1, 2, 3])))
            k += 1
    for style in styles:  # more headed ones with long, multi-paragraph statements
        for where in ["before_signature", "after_signature"]:
            plan.append((f"m{k:03d}", where, style, 1, 3))
            k += 1
    for style in styles:  # harder layouts: one paragraph per request, numbered motions
        for where in ["per_request", "numbered"]:
            plan.append((f"m{k:03d}", where, style, 1, 1))
            k += 1
    for where in ["before_signature", "last", "after_signature", "per_request"]:
        plan.append((f"m{k:03d}", where, "double", 1, 2))
        k += 1
    for i in range(24):  # no statement, with distractors; some narrate other conferrals
        where = "numbered_none" if i % 6 == 5 else None
        plan.append((f"n{i:03d}", where, (styles + ["double"])[i % 5], rng.randint(1, 3), i % 3 == 0))
    truth = []
    for name, where, style, distract, multi in plan:
        blocks = motion(where, distract, multi=multi)
        case = re.search(r"Civil Action No\. (\S+)", blocks[1]).group(1)
        court = blocks[0].split("FOR THE ")[1].split("\n")[0]
        text, spans = strip_markers(layout(blocks, style, case, court))
        fname = f"{name}_{where or 'none'}_{style}.txt".replace("+", "_").replace("numbered_none", "none_numbered")
        with open(os.path.join(HERE, fname), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        truth.append({"file": fname, "where": where, "style": style, "statements": spans})
    for fname, raw in HANDWRITTEN:
        text, spans = strip_markers(raw)
        with open(os.path.join(HERE, fname), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        truth.append({"file": fname, "where": "handwritten", "style": "plain", "statements": spans})
    with open(os.path.join(HERE, "truth.jsonl"), "w", encoding="utf-8") as f:
        for t in truth:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    print(f"wrote {len(truth)} motions")


if __name__ == "__main__":
    main()
