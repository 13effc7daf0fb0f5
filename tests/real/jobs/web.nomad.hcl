# A service job of two allocations; deployments finish a second after the tasks start.
job "web" {
  type = "service"

  update {
    min_healthy_time = "1s"
    healthy_deadline = "1m"
  }

  group "web" {
    count = 2

    task "server" {
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
