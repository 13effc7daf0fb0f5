# A service job of two allocations; deployments finish a second after the tasks start.
job "web" {
  type = "service"

  update {
    min_healthy_time = "1s"
    healthy_deadline = "1m"
  }

  # Small disk and logs: the default 300 MB disk does not fit on a nearly full machine.
  group "web" {
    ephemeral_disk {
      size = 10
    }

    count = 2

    task "server" {
      logs {
        max_files     = 2
        max_file_size = 2
      }

      driver = "raw_exec"

      config {
        command = "/bin/sleep"
        args    = ["3600"]
      }

      resources {
        cpu    = 20
        memory = 16
      }
    }
  }
}
