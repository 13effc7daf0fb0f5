//! The lock leaser behind `var lock`, as Nomad's Go client runs it (`api/locks.go`): take the
//! lock (retrying while another holder has it), run the protected command, renew the lock
//! every 0.7 TTL meanwhile, release it at the end. Each lock request is retried as
//! `retryPut` does: only on a 429 or a 501–510 answer, one second after the first attempt
//! and doubling, at most `max_retries` more times and not past the TTL.

use std::time::{Duration, Instant};

use crate::api::vars::{LockOp, Variable, VariableLock};
use crate::api::{Client, Error, QueryOptions};

/// Nomad's `ErrLockConflict` text.
const CONFLICT: &str = "conflicting operation over lock";

/// How the leaser is set up (`LocksOption`s and `LockLeaserOption`s).
pub struct Leaser {
    pub client: Client,
    pub var: Variable,
    pub ttl: Duration,
    pub max_retries: i64,
    /// How long to wait before taking a held lock again.
    pub wait: Duration,
    /// Give up, without running anything, when another holder has the lock.
    pub early_return: bool,
}

/// What happened to the protected command.
pub enum Ran {
    /// It ran and exited 0.
    Ok,
    /// It could not start or did not exit 0: Go's error text (`exit status 3`,
    /// `signal: terminated`, `fork/exec …`).
    Failed(String),
}

/// A lock request's failure.
enum LockError {
    Conflict,
    Other(Error),
}

impl Leaser {
    /// `retryPut` of one lock operation.
    async fn put(&self, op: LockOp, body: &Variable) -> Result<Variable, LockError> {
        let start = Instant::now();
        let q = QueryOptions::new();
        let path = self.var.path.clone();
        let mut attempt: i64 = 0;
        loop {
            if attempt > 0 {
                let shift = (attempt - 1).min(20) as u32;
                tokio::time::sleep(Duration::from_secs(1u64 << shift)).await;
            }
            let r = self.client.lock_variable(op, &path, body, &q).await;
            attempt += 1;
            let retriable = match &r {
                Err(Error::Status { code, .. }) => (501..=510).contains(code) || *code == 429,
                _ => false,
            };
            if r.is_ok() || !retriable || attempt > self.max_retries || start.elapsed() > self.ttl {
                return r.map_err(|e| match e {
                    Error::Status { code: 409, .. } => LockError::Conflict,
                    e => LockError::Other(e),
                });
            }
        }
    }

    /// Takes the lock; `None` while another holder has it.
    async fn acquire(&mut self) -> Result<Option<VariableLock>, Error> {
        let body = self.var.clone();
        match self.put(LockOp::Acquire, &body).await {
            Ok(v) => {
                self.var.lock = v.lock.clone();
                Ok(Some(v.lock.unwrap_or_default()))
            }
            Err(LockError::Conflict) => Ok(None),
            Err(LockError::Other(e)) => Err(e),
        }
    }

    /// `Ok(false)`: the lock is no longer ours (a 409).
    async fn renew(&self) -> Result<bool, Error> {
        match self.put(LockOp::Renew, &self.var).await {
            Ok(_) => Ok(true),
            Err(LockError::Conflict) => Ok(false),
            Err(LockError::Other(e)) => Err(e),
        }
    }

    /// The release body holds only the lock's ID, as the Go client's does.
    async fn release(&self, lock: &VariableLock) -> Result<(), String> {
        let body = Variable {
            lock: Some(VariableLock {
                id: lock.id.clone(),
                ..Default::default()
            }),
            ..Default::default()
        };
        match self.put(LockOp::Release, &body).await {
            Ok(_) => Ok(()),
            Err(LockError::Conflict) => Err(format!("release conflict {CONFLICT}")),
            Err(LockError::Other(e)) => Err(e.to_string()),
        }
    }

    /// Runs `protected` with the lock held. The errors, each as Nomad words it inside its
    /// `multierror` (`locks: …`, `lock release: …`); none when the command ran and exited 0
    /// or, with early return, the lock was held elsewhere.
    pub async fn start<F, Fut>(mut self, protected: F) -> Vec<String>
    where
        F: FnOnce(Renewer) -> Fut,
        Fut: std::future::Future<Output = (Ran, Renewer)>,
    {
        let mut errors = Vec::new();
        let lock = loop {
            match self.acquire().await {
                Ok(Some(l)) => break Some(l),
                Ok(None) if self.early_return => break None,
                Ok(None) => tokio::time::sleep(self.wait).await,
                Err(e) => {
                    errors.push(format!("locks: {e}"));
                    break None;
                }
            }
        };
        let Some(lock) = lock else {
            return errors;
        };
        let renewal = self.ttl.mul_f64(0.7);
        let renewer = Renewer {
            leaser: self,
            every: renewal,
            next: tokio::time::Instant::now() + renewal,
            lost: false,
            failed: None,
        };
        let (ran, renewer) = protected(renewer).await;
        if let Some(e) = renewer.failed {
            errors.push(format!("locks: error renewing the lease: {e}"));
        } else if let Ran::Failed(e) = ran {
            errors.push(format!("locks: error executing protected function {e}"));
        }
        if let Err(e) = renewer.leaser.release(&lock).await {
            errors.push(format!("lock release: {e}"));
        }
        errors
    }
}

/// Renews the lock on schedule while the protected command runs.
pub struct Renewer {
    leaser: Leaser,
    every: Duration,
    next: tokio::time::Instant,
    /// The lock was taken by someone else: renewals stop (the command keeps running, as
    /// Nomad's does).
    pub lost: bool,
    /// A renewal failed for another reason: the command must be stopped.
    pub failed: Option<Error>,
}

impl Renewer {
    /// Waits for the next renewal and makes it; pending forever once renewals stopped.
    /// `true` when the command must be stopped.
    pub async fn tick(&mut self) -> bool {
        if self.lost || self.failed.is_some() {
            return std::future::pending().await;
        }
        tokio::time::sleep_until(self.next).await;
        self.next += self.every;
        match self.leaser.renew().await {
            Ok(true) => false,
            Ok(false) => {
                self.lost = true;
                false
            }
            Err(e) => {
                self.failed = Some(e);
                true
            }
        }
    }
}
