//! `/v1/system/…`: server-wide maintenance writes (empty replies).

use super::{Client, Error, QueryOptions};

impl Client {
    /// `PUT /v1/system/gc`.
    pub async fn system_gc(&self) -> Result<(), Error> {
        self.put_empty("/v1/system/gc").await
    }

    /// `PUT /v1/system/reconcile/summaries`.
    pub async fn system_reconcile_summaries(&self) -> Result<(), Error> {
        self.put_empty("/v1/system/reconcile/summaries").await
    }

    /// A PUT of Go's empty request struct (`{}`) whose reply body is not read.
    pub(crate) async fn put_empty(&self, path: &str) -> Result<(), Error> {
        let body = serde_json::json!({});
        self.send_value("PUT", path, &QueryOptions::new(), Some(&body))
            .await
            .map(|_| ())
    }
}
