# A periodic batch job that never fires by itself during a run (the tier forces one launch).
job "report" {
  type = "batch"

  periodic {
    crons            = ["0 3 1 1 *"]
    prohibit_overlap = true
  }

  # Small disk and logs: the default 300 MB disk does not fit on a nearly full machine.
  group "report" {
    ephemeral_disk {
      size = 10
    }

    task "report" {
      logs {
        max_files     = 2
        max_file_size = 2
      }

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
