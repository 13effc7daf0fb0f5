//! sprig's `semver` and `semverCompare` (Masterminds/semver v3.3.0): its version regex, its
//! constraint grammar (`||`, comma or space separated ANDs, `x` wildcards, `a - b` ranges,
//! `~`, `^`) and its error texts. `semver` returns a `*semver.Version` whose methods
//! templates call (`.Major`, `.Prerelease`, `.String`).

use super::super::funcs::Imp;
use super::super::value::{new_struct, Named, Type, Value, STRING, UINT64};
use super::str_arg;
use std::cmp::Ordering;
use std::rc::Rc;
use std::sync::OnceLock;

pub fn version_type() -> &'static Named {
    static T: OnceLock<&'static Named> = OnceLock::new();
    T.get_or_init(|| {
        new_struct(
            "semver.Version",
            vec![
                ("major", UINT64),
                ("minor", UINT64),
                ("patch", UINT64),
                ("pre", STRING),
                ("metadata", STRING),
                ("original", STRING),
            ],
        )
    })
}

#[derive(Clone, Debug, Default)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
    metadata: String,
    original: String,
}

const SEMVER: &str = r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
const CV: &str = r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";

struct Regexes {
    version: regex::Regex,
    constraint: regex::Regex,
    range: regex::Regex,
    find: regex::Regex,
    valid: regex::Regex,
}

fn regexes() -> &'static Regexes {
    static R: OnceLock<Regexes> = OnceLock::new();
    R.get_or_init(|| {
        let re = |p: String| regex::Regex::new(&p).expect("semver pattern");
        Regexes {
            version: re(format!("^{SEMVER}$")),
            constraint: re(format!(r"^\s*({OPS})\s*({CV})\s*$")),
            range: re(format!(r"\s*({CV})\s+-\s+({CV})\s*")),
            find: re(format!(r"({OPS})\s*({CV})")),
            valid: re(format!(
                r"^(\s*({OPS})\s*({CV})\s*)((?:\s+|,\s*)({OPS})\s*({CV})\s*)*$"
            )),
        }
    })
}

const NUM: &str = "0123456789";
const ALLOWED: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789";

fn contains_only(s: &str, set: &str) -> bool {
    s.chars().all(|c| set.contains(c))
}

/// `semver.NewVersion`.
pub fn new_version(v: &str) -> Result<Version, String> {
    let m = regexes()
        .version
        .captures(v)
        .ok_or("Invalid Semantic Version")?;
    let g = |i: usize| m.get(i).map_or("", |x| x.as_str());
    let seg = |t: &str| -> Result<u64, String> {
        if t.is_empty() {
            return Ok(0);
        }
        let t = t.trim_start_matches('.');
        super::super::strconv::parse_uint(t, 10).map_err(|e| {
            format!(
                "Error parsing version segment: {}",
                super::super::strconv::num_error("ParseUint", t, e)
            )
        })
    };
    let sv = Version {
        major: seg(g(1))?,
        minor: seg(g(2))?,
        patch: seg(g(3))?,
        pre: g(5).to_string(),
        metadata: g(8).to_string(),
        original: v.to_string(),
    };
    if !sv.pre.is_empty() {
        for p in sv.pre.split('.') {
            if contains_only(p, NUM) {
                if p.len() > 1 && p.starts_with('0') {
                    return Err("Version segment starts with 0".into());
                }
            } else if !contains_only(p, ALLOWED) {
                return Err("Invalid Prerelease string".into());
            }
        }
    }
    if !sv.metadata.is_empty() && !sv.metadata.split('.').all(|p| contains_only(p, ALLOWED)) {
        return Err("Invalid Metadata string".into());
    }
    Ok(sv)
}

fn compare_pre_part(s: &str, o: &str) -> Ordering {
    if s == o {
        return Ordering::Equal;
    }
    if s.is_empty() {
        return Ordering::Less;
    }
    if o.is_empty() {
        return Ordering::Greater;
    }
    let oi = o.parse::<u64>();
    let si = s.parse::<u64>();
    match (si, oi) {
        (Err(_), Err(_)) => {
            if s > o {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Ok(a), Ok(b)) => {
            if a > b {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
    }
}

fn compare_pre(v: &str, o: &str) -> Ordering {
    let sp: Vec<&str> = v.split('.').collect();
    let op: Vec<&str> = o.split('.').collect();
    for i in 0..sp.len().max(op.len()) {
        let d = compare_pre_part(sp.get(i).unwrap_or(&""), op.get(i).unwrap_or(&""));
        if d != Ordering::Equal {
            return d;
        }
    }
    Ordering::Equal
}

impl Version {
    fn compare(&self, o: &Version) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(o.major, o.minor, o.patch))
            .then_with(|| match (self.pre.is_empty(), o.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => compare_pre(&self.pre, &o.pre),
            })
    }

    pub fn string(&self) -> String {
        let mut s = format!("{}.{}.{}", self.major, self.minor, self.patch);
        if !self.pre.is_empty() {
            s.push('-');
            s.push_str(&self.pre);
        }
        if !self.metadata.is_empty() {
            s.push('+');
            s.push_str(&self.metadata);
        }
        s
    }
}

struct Constraint {
    con: Version,
    op: String,
    minor_dirty: bool,
    patch_dirty: bool,
    dirty: bool,
}

fn is_x(x: &str) -> bool {
    matches!(x, "x" | "*" | "X")
}

fn parse_constraint(c: &str) -> Result<Constraint, String> {
    if c.is_empty() {
        return Ok(Constraint {
            con: Version::default(),
            op: String::new(),
            minor_dirty: false,
            patch_dirty: false,
            dirty: true,
        });
    }
    let m = regexes()
        .constraint
        .captures(c)
        .ok_or_else(|| format!("improper constraint: {c}"))?;
    let g = |i: usize| m.get(i).map_or("", |x| x.as_str());
    let (m3, m4, m5, m6) = (g(3), g(4), g(5), g(6));
    let (mut minor_dirty, mut patch_dirty, mut dirty) = (false, false, false);
    let ver = if is_x(m3) || m3.is_empty() {
        dirty = true;
        format!("0.0.0{m6}")
    } else if is_x(m4.trim_start_matches('.')) || m4.is_empty() {
        minor_dirty = true;
        dirty = true;
        format!("{m3}.0.0{m6}")
    } else if is_x(m5.trim_start_matches('.')) || m5.is_empty() {
        dirty = true;
        patch_dirty = true;
        format!("{m3}{m4}.0{m6}")
    } else {
        g(2).to_string()
    };
    let con = new_version(&ver).map_err(|_| "constraint Parser Error".to_string())?;
    Ok(Constraint {
        con,
        op: g(1).to_string(),
        minor_dirty,
        patch_dirty,
        dirty,
    })
}

/// `semver.NewConstraint`: OR groups of AND groups.
fn new_constraint(c: &str) -> Result<Vec<Vec<Constraint>>, String> {
    let r = regexes();
    // rewriteRange: `a - b` becomes `>= a, <= b `.
    let mut text = c.to_string();
    let ranges: Vec<(String, String, String)> = r
        .range
        .captures_iter(c)
        .map(|m| {
            (
                m[0].to_string(),
                m.get(1).map_or("", |x| x.as_str()).to_string(),
                m.get(11).map_or("", |x| x.as_str()).to_string(),
            )
        })
        .collect();
    for (whole, a, b) in ranges {
        text = text.replacen(&whole, &format!(">= {a}, <= {b} "), 1);
    }
    let mut out = Vec::new();
    for part in text.split("||") {
        if !r.valid.is_match(part) {
            return Err(format!("improper constraint: {part}"));
        }
        let mut found: Vec<&str> = r.find.find_iter(part).map(|m| m.as_str()).collect();
        if found.is_empty() {
            found.push(part);
        }
        out.push(
            found
                .into_iter()
                .map(parse_constraint)
                .collect::<Result<_, _>>()?,
        );
    }
    Ok(out)
}

fn check(v: &Version, c: &Constraint) -> bool {
    let pre_block = !v.pre.is_empty() && c.con.pre.is_empty();
    let cmp = v.compare(&c.con);
    match c.op.as_str() {
        "" | "=" => {
            if pre_block {
                return false;
            }
            if c.dirty {
                return tilde(v, c);
            }
            cmp == Ordering::Equal
        }
        "!=" => {
            if c.dirty {
                if pre_block {
                    return false;
                }
                if c.con.major != v.major {
                    return true;
                }
                if c.con.minor != v.minor && !c.minor_dirty {
                    return true;
                } else if c.minor_dirty {
                    return false;
                } else if c.con.patch != v.patch && !c.patch_dirty {
                    return true;
                } else if c.patch_dirty {
                    if !v.pre.is_empty() || !c.con.pre.is_empty() {
                        return compare_pre(&v.pre, &c.con.pre) != Ordering::Equal;
                    }
                    return false;
                }
            }
            cmp != Ordering::Equal
        }
        ">" => {
            if pre_block {
                return false;
            }
            if !c.dirty {
                return cmp == Ordering::Greater;
            }
            if v.major > c.con.major {
                true
            } else if v.major < c.con.major || c.minor_dirty {
                false
            } else if c.patch_dirty {
                v.minor > c.con.minor
            } else {
                cmp == Ordering::Greater
            }
        }
        "<" => !pre_block && cmp == Ordering::Less,
        ">=" | "=>" => !pre_block && cmp != Ordering::Less,
        "<=" | "=<" => {
            if pre_block {
                return false;
            }
            if !c.dirty {
                return cmp != Ordering::Greater;
            }
            !(v.major > c.con.major
                || v.major == c.con.major && v.minor > c.con.minor && !c.minor_dirty)
        }
        "~" | "~>" => !pre_block && tilde(v, c),
        "^" => !pre_block && caret(v, c),
        _ => false,
    }
}

fn tilde(v: &Version, c: &Constraint) -> bool {
    if !v.pre.is_empty() && c.con.pre.is_empty() {
        return false;
    }
    if v.compare(&c.con) == Ordering::Less {
        return false;
    }
    if c.con.major == 0 && c.con.minor == 0 && c.con.patch == 0 && !c.minor_dirty && !c.patch_dirty
    {
        return true;
    }
    if v.major != c.con.major {
        return false;
    }
    v.minor == c.con.minor || c.minor_dirty
}

fn caret(v: &Version, c: &Constraint) -> bool {
    if v.compare(&c.con) == Ordering::Less {
        return false;
    }
    if c.con.major > 0 || c.minor_dirty {
        return v.major == c.con.major;
    }
    if v.major > 0 {
        return false;
    }
    if c.con.minor > 0 || c.patch_dirty {
        return v.minor == c.con.minor;
    }
    if v.minor > 0 {
        return false;
    }
    c.con.patch == v.patch
}

fn to_value(v: &Version) -> Value {
    let s = Value::Struct(
        Rc::new(vec![
            Value::Uint(v.major, UINT64),
            Value::Uint(v.minor, UINT64),
            Value::Uint(v.patch, UINT64),
            Value::str(&v.pre),
            Value::str(&v.metadata),
            Value::str(&v.original),
        ]),
        Type::Named(version_type()),
    );
    Value::Ptr(Rc::new(s), Type::ptr(Type::Named(version_type())))
}

/// The version a method receives (through the pointer).
fn recv(a: &[Value]) -> Version {
    let v = match a.first() {
        Some(Value::Ptr(p, _)) => (**p).clone(),
        Some(v) => v.clone(),
        None => Value::Invalid,
    };
    let Value::Struct(f, _) = v else {
        return Version::default();
    };
    let u = |i: usize| match f.get(i) {
        Some(Value::Uint(n, _)) => *n,
        _ => 0,
    };
    let s = |i: usize| f.get(i).and_then(Value::as_str).unwrap_or("").to_string();
    Version {
        major: u(0),
        minor: u(1),
        patch: u(2),
        pre: s(3),
        metadata: s(4),
        original: s(5),
    }
}

/// `Version.String()` of a `semver.Version` value.
pub fn version_string(v: &Value) -> String {
    recv(std::slice::from_ref(v)).string()
}

/// `*semver.Version`'s methods templates can call (`ptr`: declared on the pointer).
pub fn add_methods(add: &mut dyn FnMut(&'static str, bool, &str, Imp)) {
    add("String", false, "func() string", |a| {
        Ok(Value::string(recv(a).string()))
    });
    add("Original", true, "func() string", |a| {
        Ok(Value::string(recv(a).original))
    });
    add("Major", false, "func() uint64", |a| {
        Ok(Value::Uint(recv(a).major, UINT64))
    });
    add("Minor", false, "func() uint64", |a| {
        Ok(Value::Uint(recv(a).minor, UINT64))
    });
    add("Patch", false, "func() uint64", |a| {
        Ok(Value::Uint(recv(a).patch, UINT64))
    });
    add("Prerelease", false, "func() string", |a| {
        Ok(Value::string(recv(a).pre))
    });
    add("Metadata", false, "func() string", |a| {
        Ok(Value::string(recv(a).metadata))
    });
}

pub fn funcs() -> Vec<(&'static str, &'static str, Imp)> {
    vec![
        ("semver", "func(string) (*semver.Version, error)", |a| {
            new_version(str_arg(a, 0)).map(|v| to_value(&v))
        }),
        ("semverCompare", "func(string, string) (bool, error)", |a| {
            let c = new_constraint(str_arg(a, 0))?;
            let v = new_version(str_arg(a, 1))?;
            Ok(Value::bool(
                c.iter().any(|and| and.iter().all(|x| check(&v, x))),
            ))
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints_follow_masterminds() {
        let ok = |c: &str, v: &str| {
            let c = new_constraint(c).unwrap();
            let v = new_version(v).unwrap();
            c.iter().any(|and| and.iter().all(|x| check(&v, x)))
        };
        assert!(ok(">=1.2.0", "1.10.5"));
        assert!(!ok(">=1.2.0", "1.2.0-beta.1"));
        assert!(ok("~1.2", "1.2.9") && !ok("~1.2", "1.3.0"));
        assert!(ok("^1.2.3", "1.9.0") && !ok("^1.2.3", "2.0.0"));
        assert!(ok("1.2 - 1.4", "1.3.7"));
        assert!(ok("<1.0 || >=2.1", "2.5.0"));
        assert!(ok("1.x", "1.7.1"));
        assert_eq!(
            new_version("1.2.3-01").unwrap_err(),
            "Version segment starts with 0"
        );
        assert!(new_constraint("foo").is_err());
    }
}
