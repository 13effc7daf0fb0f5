//! The end of a streaming command: SIGINT (Ctrl-C) or SIGTERM, on which Nomad's `monitor`,
//! `alloc logs -f` and `alloc fs -f` stop and exit 0, and rnomad's `-watch` and `event stream`
//! stop and exit 130.

/// Resolves on SIGINT or SIGTERM (never, when the handlers cannot be installed).
pub async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut int), Ok(mut term)) = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) else {
            return std::future::pending().await;
        };
        tokio::select! {
            _ = int.recv() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Resolves on SIGHUP, the terminal going away (never, where there is no such signal). Only
/// rnomad's own full-screen views listen for it, to leave the terminal as they found it.
pub async fn hangup() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut hup) = signal(SignalKind::hangup()) {
            hup.recv().await;
            return;
        }
    }
    std::future::pending::<()>().await
}
