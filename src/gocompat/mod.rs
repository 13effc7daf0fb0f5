//! Go's behaviour that Nomad's output inherits, reproduced exactly: string quoting and number
//! parsing (`strconv`), `sort.Sort`'s order (`sort`), `time.Duration` text (`time`), time
//! zones (`tz`), cron schedules (`cron`), go-humanize's sizes and floats (`humanize`),
//! go-multierror's lists (`multierror`), operating-system error texts (`os`), the keys, PEM
//! and certificates of `crypto/x509` (`x509`), and bbolt's database files (`bbolt`).
//!
//! A leaf: nothing here imports anything else of rnomad's (the layering test checks it).

pub mod bbolt;
pub mod cron;
pub mod cronexpr;
pub mod hcl1;
pub mod humanize;
pub mod multierror;
pub mod os;
pub mod sort;
pub mod strconv;
pub mod time;
pub mod tz;
pub mod unicode;
pub mod wordwrap;
pub mod x509;
