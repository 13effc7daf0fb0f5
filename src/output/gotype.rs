//! The Go types Nomad's commands print with `-json` and `-t`, named as in `api_types.json`
//! (the output follows the Go type, so a command names the one Nomad decodes into).

/// A Go type a command prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoType {
    /// `*Job`.
    Job,
    /// A job's versions.
    Jobs,
    /// The job list.
    JobListStubs,
    /// `job status -json`'s list of jobs with their allocations, evaluations and deployment (Nomad's `command.JobJson`).
    JobJsons,
    /// `*Node`.
    Node,
    /// The node list.
    NodeListStubs,
    /// `*NodePool`.
    NodePool,
    /// The node pool list.
    NodePools,
    /// `*NodeMetaResponse`.
    NodeMetaResponse,
    /// `*Allocation`.
    Allocation,
    /// An allocation list.
    AllocationListStubs,
    /// An allocation's check results.
    AllocCheckStatuses,
    /// `*Evaluation`.
    Evaluation,
    /// The evaluation list.
    Evaluations,
    /// `*Deployment`.
    Deployment,
    /// A deployment list.
    Deployments,
    /// `*AgentSelf`.
    AgentSelf,
    /// The server members.
    AgentMembers,
    /// `*AgentHealthResponse`.
    AgentHealthResponse,
    /// `*HostDataResponse`.
    HostDataResponse,
    /// `*AgentSchedulerWorkersInfo`.
    AgentSchedulerWorkersInfo,
    /// `*AgentSchedulerWorkerConfigResponse`.
    AgentSchedulerWorkerConfigResponse,
    /// A list of strings (`agent servers`).
    Strings,
    /// `*ACLToken`.
    AclToken,
    /// The token list.
    AclTokenListStubs,
    /// A policy list.
    AclPolicyListStubs,
    /// `*ACLRole`.
    AclRole,
    /// The role list.
    AclRoleListStubs,
    /// `*ACLAuthMethod` (for `-t`; its `-json` is its own `MarshalJSON`).
    AclAuthMethod,
    /// The auth method list.
    AclAuthMethodListStubs,
    /// `*ACLBindingRule`.
    AclBindingRule,
    /// The binding rule list.
    AclBindingRuleListStubs,
    /// `*SchedulerConfigurationResponse`.
    SchedulerConfigurationResponse,
    /// `*MetricsSummary`.
    MetricsSummary,
    /// `*Namespace`.
    Namespace,
    /// The namespace list.
    Namespaces,
    /// The service list, per namespace.
    ServiceRegistrationListStubs,
    /// One service's registrations.
    ServiceRegistrations,
    /// `*ScalingPolicy`.
    ScalingPolicy,
    /// The scaling policy list.
    ScalingPolicyListStubs,
    /// `*HostVolume`.
    HostVolume,
    /// The host volume list.
    HostVolumeStubs,
    /// `*CSIVolume`.
    CsiVolume,
    /// The CSI volume list.
    CsiVolumeListStubs,
    /// `*CSIPlugin`.
    CsiPlugin,
    /// The CSI plugin list.
    CsiPluginListStubs,
    /// The task group host volume claim list.
    TaskGroupHostVolumeClaims,
}

impl GoType {
    /// Every type, for the test that the registry knows them all.
    pub const ALL: &'static [GoType] = &[
        GoType::Job,
        GoType::Jobs,
        GoType::JobListStubs,
        GoType::JobJsons,
        GoType::Node,
        GoType::NodeListStubs,
        GoType::NodePool,
        GoType::NodePools,
        GoType::NodeMetaResponse,
        GoType::Allocation,
        GoType::AllocationListStubs,
        GoType::AllocCheckStatuses,
        GoType::Evaluation,
        GoType::Evaluations,
        GoType::Deployment,
        GoType::Deployments,
        GoType::AgentSelf,
        GoType::AgentMembers,
        GoType::AgentHealthResponse,
        GoType::HostDataResponse,
        GoType::AgentSchedulerWorkersInfo,
        GoType::AgentSchedulerWorkerConfigResponse,
        GoType::Strings,
        GoType::AclToken,
        GoType::AclTokenListStubs,
        GoType::AclPolicyListStubs,
        GoType::AclRole,
        GoType::AclRoleListStubs,
        GoType::AclAuthMethod,
        GoType::AclAuthMethodListStubs,
        GoType::AclBindingRule,
        GoType::AclBindingRuleListStubs,
        GoType::Namespace,
        GoType::Namespaces,
        GoType::ServiceRegistrationListStubs,
        GoType::ServiceRegistrations,
        GoType::ScalingPolicy,
        GoType::ScalingPolicyListStubs,
        GoType::SchedulerConfigurationResponse,
        GoType::MetricsSummary,
        GoType::HostVolume,
        GoType::HostVolumeStubs,
        GoType::CsiVolume,
        GoType::CsiVolumeListStubs,
        GoType::CsiPlugin,
        GoType::CsiPluginListStubs,
        GoType::TaskGroupHostVolumeClaims,
    ];

    /// The Go type expression (`*Job`, `[]*NodeListStub`).
    pub fn expr(self) -> &'static str {
        match self {
            GoType::Job => "*Job",
            GoType::Jobs => "[]*Job",
            GoType::JobListStubs => "[]*JobListStub",
            GoType::JobJsons => "[]JobJson",
            GoType::Node => "*Node",
            GoType::NodeListStubs => "[]*NodeListStub",
            GoType::NodePool => "*NodePool",
            GoType::NodePools => "[]*NodePool",
            GoType::NodeMetaResponse => "*NodeMetaResponse",
            GoType::Allocation => "*Allocation",
            GoType::AllocationListStubs => "[]*AllocationListStub",
            GoType::AllocCheckStatuses => "AllocCheckStatuses",
            GoType::Evaluation => "*Evaluation",
            GoType::Evaluations => "[]*Evaluation",
            GoType::Deployment => "*Deployment",
            GoType::Deployments => "[]*Deployment",
            GoType::AgentSelf => "*AgentSelf",
            GoType::AgentMembers => "[]*AgentMember",
            GoType::AgentHealthResponse => "*AgentHealthResponse",
            GoType::HostDataResponse => "*HostDataResponse",
            GoType::AgentSchedulerWorkersInfo => "*AgentSchedulerWorkersInfo",
            GoType::AgentSchedulerWorkerConfigResponse => "*AgentSchedulerWorkerConfigResponse",
            GoType::Strings => "[]string",
            GoType::AclToken => "*ACLToken",
            GoType::AclTokenListStubs => "[]*ACLTokenListStub",
            GoType::AclPolicyListStubs => "[]*ACLPolicyListStub",
            GoType::AclRole => "*ACLRole",
            GoType::AclRoleListStubs => "[]*ACLRoleListStub",
            GoType::AclAuthMethod => "*ACLAuthMethod",
            GoType::AclAuthMethodListStubs => "[]*ACLAuthMethodListStub",
            GoType::AclBindingRule => "*ACLBindingRule",
            GoType::AclBindingRuleListStubs => "[]*ACLBindingRuleListStub",
            GoType::SchedulerConfigurationResponse => "*SchedulerConfigurationResponse",
            GoType::MetricsSummary => "*MetricsSummary",
            GoType::Namespace => "*Namespace",
            GoType::Namespaces => "[]*Namespace",
            GoType::ServiceRegistrationListStubs => "[]*ServiceRegistrationListStub",
            GoType::ServiceRegistrations => "[]*ServiceRegistration",
            GoType::ScalingPolicy => "*ScalingPolicy",
            GoType::ScalingPolicyListStubs => "[]*ScalingPolicyListStub",
            GoType::HostVolume => "*HostVolume",
            GoType::HostVolumeStubs => "[]*HostVolumeStub",
            GoType::CsiVolume => "*CSIVolume",
            GoType::CsiVolumeListStubs => "[]*CSIVolumeListStub",
            GoType::CsiPlugin => "*CSIPlugin",
            GoType::CsiPluginListStubs => "[]*CSIPluginListStub",
            GoType::TaskGroupHostVolumeClaims => "[]*TaskGroupHostVolumeClaim",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_knows_every_type() {
        for t in GoType::ALL {
            assert!(super::super::json::knows_type(t.expr()), "{}", t.expr());
        }
    }
}
