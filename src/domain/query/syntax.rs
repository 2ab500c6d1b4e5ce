//! The shape of a filter: words and "quoted phrases", `-` or `NOT` in
//! front of one, `AND` (or nothing) between them, `OR`, and parentheses,
//! read into a tree. `AND` binds tighter than `OR`, as in JQL and
//! Taskwarrior; the operators are read in either case (`or`, `OR`), and a
//! quoted one (`"or"`) is a word. Every piece keeps its place in the text,
//! so a problem says where it was typed.
//!
//! Reading never fails: a dangling operator is left out, an unclosed
//! parenthesis closes at the end and a stray `)` is skipped, each with a
//! problem naming its column. The TUI filters by what it could read while
//! the user is still typing; the CLI refuses any problem.

use std::ops::Range;

/// A word as typed: its text without the quotes, and its place (byte
/// offsets into the filter, quotes included).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub at: Range<usize>,
    /// Quoted in whole or in part: never an operator nor a key.
    pub quoted: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    Word(Word),
    Not(Box<Tree>),
    And(Vec<Tree>),
    Or(Vec<Tree>),
}

/// Something the filter's shape gets wrong, and where (byte offsets).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub message: String,
    pub at: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(Word),
    Open,
    Close,
    Or,
    And,
    Not,
}

/// Reads `text` into a tree (an empty `And` when there is nothing to
/// match) and the problems found on the way, in the order of the text.
pub fn parse(text: &str) -> (Tree, Vec<Problem>) {
    let mut p = Parser { text, toks: lex(text), next: 0, problems: Vec::new() };
    let mut parts = Vec::new();
    loop {
        if let Some(t) = p.or() {
            parts.push(t);
        }
        match p.take() {
            None => break,
            // `or` stops only at the end or at a `)` it cannot close.
            Some((_, at)) => p.problem(at, "has no \"(\" before it: delete it, or put it in quotes to search for it"),
        }
    }
    p.problems.sort_by_key(|x| x.at.start);
    (join(parts, Tree::And), p.problems)
}

/// The column (1-based, in characters) where byte `at` of `text` is.
pub fn column(text: &str, at: usize) -> usize {
    text.get(..at).map_or(0, |s| s.chars().count()) + 1
}

fn join(mut parts: Vec<Tree>, all: fn(Vec<Tree>) -> Tree) -> Tree {
    if parts.len() == 1 { parts.pop().unwrap_or(Tree::And(Vec::new())) } else { all(parts) }
}

/// Splits the text into words, parentheses and operators. White space and
/// parentheses end a word; inside quotes neither does.
fn lex(text: &str) -> Vec<(Tok, Range<usize>)> {
    let mut out = Vec::new();
    let mut w = Pending::default();
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if quoted {
            if c == '"' {
                quoted = false;
            } else {
                w.text.push(c);
            }
            w.end = end;
            continue;
        }
        match c {
            '"' => {
                w.begin(i);
                w.quoted = true;
                quoted = true;
                w.end = end;
            }
            '(' if !w.text.is_empty() && !w.quoted && w.text.bytes().all(|b| b == b'-') => {
                // `-(`: not the group that follows (`--(`: not not).
                out.extend((w.start..i).map(|at| (Tok::Not, at..at + 1)));
                w = Pending::default();
                out.push((Tok::Open, i..end));
            }
            '(' | ')' => {
                w.flush(&mut out);
                out.push((if c == '(' { Tok::Open } else { Tok::Close }, i..end));
            }
            c if c.is_whitespace() => w.flush(&mut out),
            c => {
                if w.text.is_empty() && !w.quoted {
                    w.begin(i);
                    w.dash = c == '-';
                }
                w.text.push(c);
                w.end = end;
            }
        }
    }
    w.flush(&mut out);
    out
}

/// The word being read.
#[derive(Default)]
struct Pending {
    text: String,
    start: usize,
    end: usize,
    quoted: bool,
    /// It began with a `-` outside quotes.
    dash: bool,
    begun: bool,
}

impl Pending {
    fn begin(&mut self, at: usize) {
        if !self.begun {
            self.begun = true;
            self.start = at;
        }
    }

    fn flush(&mut self, out: &mut Vec<(Tok, Range<usize>)>) {
        let w = std::mem::take(self);
        if w.text.is_empty() {
            return;
        }
        let at = w.start..w.end;
        if !w.quoted {
            let op = match w.text.to_ascii_lowercase().as_str() {
                "or" => Some(Tok::Or),
                "and" => Some(Tok::And),
                "not" => Some(Tok::Not),
                _ => None,
            };
            if let Some(op) = op {
                out.push((op, at));
                return;
            }
        }
        if w.dash && w.text.len() > 1 {
            out.push((Tok::Not, w.start..w.start + 1));
            let word = Word { text: w.text[1..].to_owned(), at: w.start + 1..w.end, quoted: w.quoted };
            out.push((Tok::Word(word), w.start + 1..w.end));
            return;
        }
        out.push((Tok::Word(Word { text: w.text, at: at.clone(), quoted: w.quoted }), at));
    }
}

struct Parser<'a> {
    text: &'a str,
    toks: Vec<(Tok, Range<usize>)>,
    next: usize,
    problems: Vec<Problem>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.next).map(|(t, _)| t)
    }

    fn take(&mut self) -> Option<(Tok, Range<usize>)> {
        let t = self.toks.get(self.next).cloned();
        self.next += usize::from(t.is_some());
        t
    }

    /// Says what is wrong with the text at `at`, quoting it and naming its
    /// column: `"OR" at column 12 has nothing after it: …`.
    fn problem(&mut self, at: Range<usize>, what: &str) {
        let message = format!("{:?} at column {} {what}", &self.text[at.clone()], column(self.text, at.start));
        self.problems.push(Problem { message, at });
    }

    /// True if no operand can start here.
    fn operand_ends(&self) -> bool {
        matches!(self.peek(), None | Some(Tok::Close | Tok::Or | Tok::And))
    }

    /// Alternatives separated by `OR`, up to the end or a `)`.
    fn or(&mut self) -> Option<Tree> {
        let mut alts = Vec::new();
        let first = self.and();
        let empty_first = first.is_none();
        alts.extend(first);
        while self.peek() == Some(&Tok::Or) {
            let (_, at) = self.take().expect("peeked");
            if alts.is_empty() && empty_first {
                self.problem(at, "has nothing before it: put a term before it, or delete it");
                alts.extend(self.and());
                continue;
            }
            match self.and() {
                Some(t) => alts.push(t),
                None => self.problem(at, "has nothing after it: add a term after it, or delete it"),
            }
        }
        (!alts.is_empty()).then(|| join(alts, Tree::Or))
    }

    /// Terms that must all hold: side by side, or joined by `AND`.
    fn and(&mut self) -> Option<Tree> {
        let mut all = Vec::new();
        loop {
            match self.peek() {
                None | Some(Tok::Close | Tok::Or) => break,
                Some(Tok::And) => {
                    let (_, at) = self.take().expect("peeked");
                    if all.is_empty() {
                        self.problem(at, "has nothing before it: put a term before it, or delete it");
                    } else if self.operand_ends() {
                        self.problem(at, "has nothing after it: add a term after it, or delete it");
                    }
                }
                Some(_) => all.extend(self.unary()),
            }
        }
        (!all.is_empty()).then(|| join(all, Tree::And))
    }

    /// A word, a group, or either with `-` or `NOT` in front.
    fn unary(&mut self) -> Option<Tree> {
        let (tok, at) = self.take()?;
        match tok {
            Tok::Not => {
                if self.operand_ends() {
                    self.problem(at, "has nothing after it: add the term it should exclude, or delete it");
                    return None;
                }
                self.unary().map(|t| Tree::Not(Box::new(t)))
            }
            Tok::Open => {
                let inner = self.or();
                if self.peek() == Some(&Tok::Close) {
                    let (_, close) = self.take().expect("peeked");
                    if inner.is_none() {
                        self.problem(at.start..close.end, "is empty: put terms inside, or delete it");
                    }
                } else {
                    self.problem(at, "is not closed: add \")\" after what it groups");
                }
                inner
            }
            Tok::Word(w) => Some(Tree::Word(w)),
            // `or` and `and` handle these; `unary` is not called on them.
            Tok::Close | Tok::Or | Tok::And => None,
        }
    }
}
