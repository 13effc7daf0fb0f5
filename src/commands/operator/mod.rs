//! The `operator` commands.

pub mod api;
pub mod curl;

use crate::cli::operator::OperatorCommands;
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, c: OperatorCommands) -> i32 {
    match c {
        OperatorCommands::Api(a) => api::run(ctx, &a).await,
    }
}
