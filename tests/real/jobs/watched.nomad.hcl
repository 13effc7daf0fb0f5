# The job the -watch check stops while rnomad watches it.
job "watched" {
  type = "service"

  update {
    min_healthy_time = "1s"
    healthy_deadline = "1m"
  }

  group "watched" {
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
