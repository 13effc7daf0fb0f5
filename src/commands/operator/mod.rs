//! The `operator` commands.

pub mod api;
pub mod autopilot;
pub mod curl;
pub mod gossip;
pub mod gourl;
pub mod raft;
pub mod scheduler;
pub mod snapshot;

use crate::cli::operator::{
    OperatorAutopilotCommands as A, OperatorCommands, OperatorRaftCommands as R,
    OperatorSchedulerCommands as S, OperatorSnapshotCommands as N,
};
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, c: OperatorCommands) -> i32 {
    match c {
        OperatorCommands::Api(a) => api::run(ctx, &a).await,
        OperatorCommands::Raft(r) => match r.command {
            R::ListPeers(a) => raft::list_peers(ctx, &a).await,
            R::RemovePeer(a) => raft::remove_peer(ctx, &a).await,
            R::TransferLeadership(a) => raft::transfer_leadership(ctx, &a).await,
        },
        OperatorCommands::Autopilot(g) => match g.command {
            A::GetConfig(a) => autopilot::get_config(ctx, &a).await,
            A::SetConfig(a) => autopilot::set_config(ctx, &a).await,
            A::Health(a) => autopilot::health(ctx, &a).await,
        },
        OperatorCommands::Scheduler(g) => match g.command {
            S::GetConfig(a) => scheduler::get_config(ctx, &a).await,
            S::SetConfig(a) => scheduler::set_config(ctx, &a).await,
        },
        OperatorCommands::Snapshot(g) => match g.command {
            N::Save(a) => snapshot::save(ctx, &a).await,
            N::Restore(a) => snapshot::restore(ctx, &a).await,
        },
        OperatorCommands::Gossip(g) => match g.command {
            crate::cli::operator::OperatorGossipCommands::Keyring(k) => match k.command {
                crate::cli::operator::OperatorGossipKeyringCommands::Generate(_) => {
                    gossip::generate(ctx)
                }
            },
        },
    }
}
