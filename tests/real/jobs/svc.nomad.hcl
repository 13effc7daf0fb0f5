# A group with a Nomad-native service and a scaling policy (`service`, `scaling policy`).
job "svc" {
  type = "service"

  update {
    min_healthy_time = "1s"
    healthy_deadline = "1m"
  }

  group "web" {
    ephemeral_disk {
      size = 10
    }

    network {
      port "http" {}
    }

    scaling {
      enabled = true
      min     = 1
      max     = 3

      policy {
        cooldown = "1m"
      }
    }

    service {
      provider = "nomad"
      name     = "rt-svc"
      port     = "http"
      tags     = ["blue"]
    }

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
