//! The batch under way and what may happen while it runs: Ctrl-C and its question, and the
//! question between batches.

use std::future::Future;
use std::pin::Pin;

use futures_util::stream::FuturesUnordered;
use futures_util::StreamExt;

use super::alloc::Failure;
use super::prompt::{self, ask, invalid, Interrupts, Out, Stdin};
use super::{recoverable, Opts};
use crate::gocompat::time::go_duration;
use crate::output::template::gotime::parse_duration;

pub type Pending<'a> = Pin<Box<dyn Future<Output = Result<(), Vec<Failure>>> + 'a>>;

/// The batch under way, and what may happen while it runs: Ctrl-C and its question.
pub struct Batches<'a> {
    pub batch: FuturesUnordered<Pending<'a>>,
    /// The batch's errors, in the order its restarts ended.
    pub errs: Vec<Failure>,
    pub out: &'a Out<'a>,
    pub stdin: Stdin,
    pub ints: Interrupts,
}

impl Batches<'_> {
    fn record(&mut self, r: Result<(), Vec<Failure>>) {
        if let Err(e) = r {
            self.errs.extend(e);
        }
    }

    /// Runs `fut` while the batch goes on; a Ctrl-C meanwhile asks whether to stop.
    pub async fn alongside<T>(&mut self, fut: impl Future<Output = T>) -> T {
        tokio::pin!(fut);
        loop {
            tokio::select! {
                biased;
                v = &mut fut => return v,
                Some(r) = self.batch.next(), if !self.batch.is_empty() => self.record(r),
                _ = self.ints.next() => self.interrupted().await,
            }
        }
    }

    /// Waits for the rest of the batch.
    pub async fn drain(&mut self) {
        while !self.batch.is_empty() {
            tokio::select! {
                Some(r) = self.batch.next() => self.record(r),
                _ = self.ints.next() => self.interrupted().await,
            }
        }
    }

    /// Nomad's Ctrl-C question, asked while the batch goes on; yes ends the process.
    async fn interrupted(&mut self) {
        let exit = {
            let q = prompt::should_exit(self.out, &mut self.stdin, &mut self.ints);
            tokio::pin!(q);
            loop {
                tokio::select! {
                    v = &mut q => break v,
                    Some(r) = self.batch.next(), if !self.batch.is_empty() => {
                        if let Err(e) = r {
                            self.errs.extend(e);
                        }
                    }
                }
            }
        };
        if exit {
            self.out.line("\nCanceling job restart process");
            std::process::exit(0);
        }
    }

    /// `shouldProceed`: whether to go on with the next batch (an answer that is a duration
    /// when -batch-wait=ask also becomes the wait from then on).
    pub async fn proceed(&mut self, errs: &[Failure], opts: &mut Opts) -> bool {
        let failed = !errs.is_empty();
        let (question, mut options) = if !failed {
            ("Proceed with the next batch?", "Y/n".to_string())
        } else if recoverable(errs) {
            (
                "Ignore the errors above and proceed with the next batch?",
                "y/N".to_string(),
            )
        } else {
            (
                "The errors above are likely to happen again.\nIgnore them anyway and proceed with the next batch?",
                "y/N".to_string(),
            )
        };
        if opts.batch_wait_ask {
            options.push_str("/<wait duration>");
        }
        let out = self.out;
        let mut judge = |answer: &str| match answer.to_lowercase().as_str() {
            "" => Ok(!failed),
            "y" | "yes" => Ok(true),
            "n" | "no" => Ok(false),
            _ if opts.batch_wait_ask => {
                let wait = parse_duration(answer).map_err(|_| invalid(answer))?;
                opts.batch_wait_ask = false;
                opts.batch_wait = wait;
                out.line(&format!(
                    "[bold]==> {}: Proceeding restarts with new wait time of {}[reset]",
                    out.now(),
                    go_duration(wait)
                ));
                Ok(true)
            }
            _ => Err(invalid(answer)),
        };
        let q = format!("{question} [{options}]");
        ask(out, &mut self.stdin, &mut self.ints, &q, false, &mut judge).await
    }
}
