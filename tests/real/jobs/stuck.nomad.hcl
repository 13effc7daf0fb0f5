# A service job no node can take: a blocked evaluation, a deployment with nothing placed.
job "stuck" {
  type = "service"

  constraint {
    attribute = "${attr.nonexistent.attribute}"
    value     = "anything"
  }

  group "stuck" {
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
