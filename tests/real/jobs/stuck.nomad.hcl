# A service job no node can take: a blocked evaluation, a deployment with nothing placed.
job "stuck" {
  type = "service"

  constraint {
    attribute = "${attr.nonexistent.attribute}"
    value     = "anything"
  }

  # Small disk and logs: the default 300 MB disk does not fit on a nearly full machine.
  group "stuck" {
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
