# A periodic batch job that never fires by itself during a run (the tier forces one launch).
job "report" {
  type = "batch"

  periodic {
    crons            = ["0 3 1 1 *"]
    prohibit_overlap = true
  }

  group "report" {
    task "report" {
      driver = "raw_exec"

      config {
        command = "/bin/true"
      }

      resources {
        cpu    = 20
        memory = 16
      }
    }
  }
}
