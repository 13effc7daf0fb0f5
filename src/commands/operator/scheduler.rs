//! `operator scheduler get-config` and `set-config` (Nomad's
//! `command/operator_scheduler_get_config.go` and `_set_config.go`).

use serde_json::{json, Value};

use crate::cli::operator::{OperatorSchedulerGetArgs, OperatorSchedulerSetArgs};
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::commands::var::{parse_check_index, CheckIndexError};
use crate::ctx::Ctx;
use crate::output::format_kv;
use crate::output::gotype::GoType;

pub async fn get_config(ctx: &mut Ctx, a: &OperatorSchedulerGetArgs) -> i32 {
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let resp = match client.scheduler_configuration_value().await {
        Ok(v) => v,
        Err(e) => {
            ctx.ui
                .error(&format!("Error querying scheduler configuration: {e}"));
            return 1;
        }
    };
    if a.format.is_data() {
        // The api's response struct: the query metadata it embeds is what the body carried.
        let mut v = resp.clone();
        if let Some(o) = v.as_object_mut() {
            o.remove("Index");
        }
        return print_if_asked(
            ctx,
            &a.format,
            GoType::SchedulerConfigurationResponse,
            &v,
            Errors::AsIs,
        )
        .unwrap_or(0);
    }
    ctx.ui.output(&render(&resp["SchedulerConfig"]));
    0
}

/// The configuration as Nomad's key = value block.
pub fn render(c: &Value) -> String {
    let b = |v: &Value| v.as_bool().unwrap_or(false);
    let p = &c["PreemptionConfig"];
    format_kv(&[
        format!(
            "Scheduler Algorithm|{}",
            c["SchedulerAlgorithm"].as_str().unwrap_or("")
        ),
        format!(
            "Memory Oversubscription|{}",
            b(&c["MemoryOversubscriptionEnabled"])
        ),
        format!("Reject Job Registration|{}", b(&c["RejectJobRegistration"])),
        format!("Pause Eval Broker|{}", b(&c["PauseEvalBroker"])),
        format!(
            "Preemption System Scheduler|{}",
            b(&p["SystemSchedulerEnabled"])
        ),
        format!(
            "Preemption Service Scheduler|{}",
            b(&p["ServiceSchedulerEnabled"])
        ),
        format!(
            "Preemption Batch Scheduler|{}",
            b(&p["BatchSchedulerEnabled"])
        ),
        format!(
            "Preemption SysBatch Scheduler|{}",
            b(&p["SysBatchSchedulerEnabled"])
        ),
        format!("Modify Index|{}", c["ModifyIndex"].as_u64().unwrap_or(0)),
    ])
}

pub async fn set_config(ctx: &mut Ctx, a: &OperatorSchedulerSetArgs) -> i32 {
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if !a.args.is_empty() {
        return usage_error(
            ctx,
            "This command takes no arguments",
            "operator scheduler set-config",
        );
    }
    let check = match parse_check_index(&a.check_index) {
        Ok(c) => c.unwrap_or(0),
        Err(e) => {
            let why = match e {
                CheckIndexError::Syntax => "invalid syntax",
                CheckIndexError::Range => "value out of range",
            };
            let q = crate::gocompat::strconv::quote(&a.check_index);
            ctx.ui.error(&format!(
                "Error parsing check-index value {q}: strconv.ParseUint: parsing {q}: {why}"
            ));
            return 1;
        }
    };
    let resp = match client.scheduler_configuration_value().await {
        Ok(v) => v,
        Err(e) => {
            ctx.ui
                .error(&format!("Error querying for scheduler configuration: {e}"));
            return 1;
        }
    };
    let current = &resp["SchedulerConfig"];
    let modify = current["ModifyIndex"].as_u64().unwrap_or(0);
    if check > 0 && modify != check {
        ctx.ui.error(&format!(
            "Error performing check index set: check-index {check} does not match does not match current state value {modify}"
        ));
        return 1;
    }
    let conf = merged(current, a, if check > 0 { check } else { modify });
    match client
        .scheduler_cas(&conf, conf["ModifyIndex"].as_u64().unwrap_or(0))
        .await
    {
        Ok(true) => {
            ctx.ui.output("Scheduler configuration updated!");
            0
        }
        Ok(false) => {
            ctx.ui.output(
                "Scheduler configuration could not be atomically updated, please try again",
            );
            1
        }
        Err(e) => {
            ctx.ui
                .error(&format!("Error setting scheduler configuration: {e}"));
            1
        }
    }
}

/// The configuration to write: what was read with the given flags laid over it, in the
/// api's field order.
pub fn merged(c: &Value, a: &OperatorSchedulerSetArgs, modify_index: u64) -> Value {
    let b = |v: &Value, f: Option<bool>| f.unwrap_or_else(|| v.as_bool().unwrap_or(false));
    let p = &c["PreemptionConfig"];
    let algorithm = if a.scheduler_algorithm.is_empty() {
        c["SchedulerAlgorithm"].as_str().unwrap_or("").to_string()
    } else {
        a.scheduler_algorithm.clone()
    };
    json!({
        "SchedulerAlgorithm": algorithm,
        "PreemptionConfig": {
            "SystemSchedulerEnabled": b(&p["SystemSchedulerEnabled"], a.preempt_system_scheduler.0),
            "SysBatchSchedulerEnabled": b(&p["SysBatchSchedulerEnabled"], a.preempt_sysbatch_scheduler.0),
            "BatchSchedulerEnabled": b(&p["BatchSchedulerEnabled"], a.preempt_batch_scheduler.0),
            "ServiceSchedulerEnabled": b(&p["ServiceSchedulerEnabled"], a.preempt_service_scheduler.0),
        },
        "MemoryOversubscriptionEnabled": b(&c["MemoryOversubscriptionEnabled"], a.memory_oversubscription.0),
        "RejectJobRegistration": b(&c["RejectJobRegistration"], a.reject_job_registration.0),
        "PauseEvalBroker": b(&c["PauseEvalBroker"], a.pause_eval_broker.0),
        "CreateIndex": c["CreateIndex"].as_u64().unwrap_or(0),
        "ModifyIndex": modify_index,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_renders_as_nomad() {
        let body = include_str!(
            "../../../tests/fixtures/nomad-1.10.5/api/ops/scheduler-configuration.json"
        );
        let v: Value = serde_json::from_str(body).unwrap();
        assert_eq!(
            render(&v["SchedulerConfig"]),
            "Scheduler Algorithm           = binpack\nMemory Oversubscription       = false\n\
             Reject Job Registration       = false\nPause Eval Broker             = false\n\
             Preemption System Scheduler   = true\nPreemption Service Scheduler  = false\n\
             Preemption Batch Scheduler    = false\nPreemption SysBatch Scheduler = false\n\
             Modify Index                  = 5"
        );
    }
}
