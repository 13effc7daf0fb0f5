//! A subset of go-bexpr, the language of Nomad's `filter` query parameter, evaluated against
//! the JSON of each listed object. Unsupported syntax is a parse error, which the server
//! answers with 400 as Nomad does for a bad expression.
//!
//! Grammar: `expr := and ("or" and)*`, `and := unary ("and" unary)*`,
//! `unary := "not" unary | "(" expr ")" | match`, where a match is
//! `Selector (==|!=) Value`, `Selector [not] contains Value`, `Value [not] in Selector`,
//! `Selector is [not] empty`, or `Selector [not] matches Value` (literal substring here).

use serde_json::Value;

/// Separates selector parts internally, so `Attributes["os.name"]` keeps its dot.
const SEP: char = '\u{1}';

#[derive(Debug, Clone)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Eq(Vec<String>, String, bool),
    Contains(Vec<String>, String, bool),
    Empty(Vec<String>, bool),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Op(&'static str),
    LParen,
    RParen,
}

fn tokenize(s: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            out.push(Tok::LParen);
            i += 1;
        } else if c == ')' {
            out.push(Tok::RParen);
            i += 1;
        } else if c == '=' && chars.get(i + 1) == Some(&'=') {
            out.push(Tok::Op("=="));
            i += 2;
        } else if c == '!' && chars.get(i + 1) == Some(&'=') {
            out.push(Tok::Op("!="));
            i += 2;
        } else if c == '"' || c == '`' {
            let mut v = String::new();
            i += 1;
            while i < chars.len() && chars[i] != c {
                if c == '"' && chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                }
                v.push(chars[i]);
                i += 1;
            }
            if i >= chars.len() {
                return Err("unterminated string".into());
            }
            i += 1;
            out.push(Tok::Str(v));
        } else if c.is_alphanumeric() || "_.-/[]\"".contains(c) {
            let mut v = String::new();
            while i < chars.len() {
                let c = chars[i];
                if c == '[' {
                    // Selector index such as Meta["team"] or Attributes["os.name"].
                    let end = chars[i..]
                        .iter()
                        .position(|&x| x == ']')
                        .ok_or("unterminated index")?;
                    let inner: String = chars[i + 1..i + end].iter().collect();
                    v.push(SEP);
                    v.push_str(inner.trim_matches('"'));
                    i += end + 1;
                } else if c == '.' {
                    v.push(SEP);
                    i += 1;
                } else if c.is_alphanumeric() || "_-/".contains(c) {
                    v.push(c);
                    i += 1;
                } else {
                    break;
                }
            }
            out.push(Tok::Word(v));
        } else {
            return Err(format!("unexpected character {c:?}"));
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek_word(&self, w: &str) -> bool {
        matches!(self.toks.get(self.pos), Some(Tok::Word(x)) if x == w)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn expr(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.peek_word("or") {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while self.peek_word("and") {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.peek_word("not") {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.toks.get(self.pos) == Some(&Tok::LParen) {
            self.pos += 1;
            let e = self.expr()?;
            if self.next() != Some(Tok::RParen) {
                return Err("missing )".into());
            }
            return Ok(e);
        }
        self.matcher()
    }

    fn value(&mut self) -> Result<String, String> {
        match self.next() {
            Some(Tok::Str(s)) => Ok(s),
            Some(Tok::Word(s)) => Ok(s.replace(SEP, ".")),
            other => Err(format!("expected a value, got {other:?}")),
        }
    }

    fn matcher(&mut self) -> Result<Expr, String> {
        let first = self.next().ok_or("unexpected end of expression")?;
        // `"value" in Selector` form.
        if let Tok::Str(v) = &first {
            let negate = self.peek_word("not");
            if negate {
                self.pos += 1;
            }
            if !self.peek_word("in") {
                return Err("expected 'in'".into());
            }
            self.pos += 1;
            let sel = self.selector()?;
            return Ok(Expr::Contains(sel, v.clone(), negate));
        }
        let Tok::Word(sel) = first else {
            return Err("expected a selector".into());
        };
        let sel: Vec<String> = sel.split(SEP).map(str::to_string).collect();
        match self.next() {
            Some(Tok::Op("==")) => Ok(Expr::Eq(sel, self.value()?, false)),
            Some(Tok::Op("!=")) => Ok(Expr::Eq(sel, self.value()?, true)),
            Some(Tok::Word(w)) if w == "contains" || w == "matches" => {
                Ok(Expr::Contains(sel, self.value()?, false))
            }
            Some(Tok::Word(w)) if w == "not" => match self.next() {
                Some(Tok::Word(w)) if w == "contains" || w == "matches" => {
                    Ok(Expr::Contains(sel, self.value()?, true))
                }
                _ => Err("expected contains after not".into()),
            },
            Some(Tok::Word(w)) if w == "is" => {
                let negate = self.peek_word("not");
                if negate {
                    self.pos += 1;
                }
                match self.next() {
                    Some(Tok::Word(w)) if w == "empty" => Ok(Expr::Empty(sel, negate)),
                    _ => Err("expected empty".into()),
                }
            }
            other => Err(format!("unsupported operator {other:?}")),
        }
    }

    fn selector(&mut self) -> Result<Vec<String>, String> {
        match self.next() {
            Some(Tok::Word(s)) => Ok(s.split(SEP).map(str::to_string).collect()),
            _ => Err("expected a selector".into()),
        }
    }
}

/// Parses a filter; the error text follows Nomad's prefix for bad expressions.
pub fn parse(s: &str) -> Result<Expr, String> {
    let toks = tokenize(s).map_err(|e| format!("failed to read filter expression: {e}"))?;
    let mut p = Parser { toks, pos: 0 };
    let e = p
        .expr()
        .map_err(|e| format!("failed to read filter expression: {e}"))?;
    if p.pos < p.toks.len() {
        return Err("failed to read filter expression: trailing input".into());
    }
    Ok(e)
}

fn lookup<'a>(v: &'a Value, sel: &[String]) -> Option<&'a Value> {
    sel.iter().try_fold(v, |cur, key| cur.get(key.as_str()))
}

fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl Expr {
    pub fn matches(&self, v: &Value) -> bool {
        match self {
            Expr::And(a, b) => a.matches(v) && b.matches(v),
            Expr::Or(a, b) => a.matches(v) || b.matches(v),
            Expr::Not(a) => !a.matches(v),
            Expr::Eq(sel, want, negate) => {
                let got = lookup(v, sel).map(as_text);
                (got.as_deref() == Some(want.as_str())) != *negate
            }
            Expr::Contains(sel, want, negate) => {
                let hit = match lookup(v, sel) {
                    Some(Value::String(s)) => s.contains(want.as_str()),
                    Some(Value::Array(a)) => a.iter().any(|x| as_text(x) == *want),
                    Some(Value::Object(m)) => m.contains_key(want),
                    _ => false,
                };
                hit != *negate
            }
            Expr::Empty(sel, negate) => {
                let empty = match lookup(v, sel) {
                    None | Some(Value::Null) => true,
                    Some(Value::String(s)) => s.is_empty(),
                    Some(Value::Array(a)) => a.is_empty(),
                    Some(Value::Object(m)) => m.is_empty(),
                    _ => false,
                };
                empty != *negate
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn evaluates_common_filters() {
        let v = json!({"Status": "running", "Meta": {"team": "core"}, "Datacenters": ["dc1"],
                       "Attributes": {"os.name": "ubuntu"}});
        assert!(parse(r#"Status == "running""#).unwrap().matches(&v));
        assert!(parse(r#"Status != "dead" and Meta.team == core"#)
            .unwrap()
            .matches(&v));
        assert!(parse(r#"Datacenters contains "dc1""#).unwrap().matches(&v));
        assert!(parse(r#""dc1" in Datacenters"#).unwrap().matches(&v));
        assert!(parse(r#"Attributes["os.name"] == "ubuntu""#)
            .unwrap()
            .matches(&v));
        assert!(parse(r#"(Status == "dead") or not (Meta is empty)"#)
            .unwrap()
            .matches(&v));
        assert!(parse("Status ===").is_err());
    }
}
