//! The `operator` commands.

pub mod api;
pub mod autopilot;
pub mod curl;
pub mod gossip;
pub mod gourl;
pub mod metrics;
pub mod raft;
pub mod raft_info;
pub mod root_keyring;
pub mod scheduler;
pub mod snapshot;

use crate::api::keyring::GossipOp;
use crate::cli::operator::{
    OperatorAutopilotCommands as A, OperatorCommands, OperatorGossipCommands as G,
    OperatorGossipKeyringCommands as GK, OperatorRaftCommands as R, OperatorRootCommands as RT,
    OperatorRootKeyringCommands as RK, OperatorSchedulerCommands as S,
    OperatorSnapshotCommands as N,
};
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, c: OperatorCommands) -> i32 {
    match c {
        OperatorCommands::Api(a) => api::run(ctx, &a).await,
        OperatorCommands::Raft(r) => match r.command {
            R::ListPeers(a) => raft::list_peers(ctx, &a).await,
            R::RemovePeer(a) => raft::remove_peer(ctx, &a).await,
            R::TransferLeadership(a) => raft::transfer_leadership(ctx, &a).await,
            R::Info(a) => raft_info::run(ctx, &a),
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
            G::Keyring(k) => match k.command {
                GK::Generate(_) => gossip::generate(ctx),
                GK::List(a) => gossip::list(ctx, &a).await,
                GK::Install(a) => gossip::change(ctx, GossipOp::Install, &a).await,
                GK::Use(a) => gossip::change(ctx, GossipOp::Use, &a).await,
                GK::Remove(a) => gossip::change(ctx, GossipOp::Remove, &a).await,
            },
        },
        OperatorCommands::Metrics(a) => metrics::run(ctx, &a).await,
        OperatorCommands::Root(r) => match r.command {
            RT::Keyring(k) => match k.command {
                RK::List(a) => root_keyring::list(ctx, &a).await,
                RK::Rotate(a) => root_keyring::rotate(ctx, &a).await,
                RK::Remove(a) => root_keyring::remove(ctx, &a).await,
            },
        },
    }
}
