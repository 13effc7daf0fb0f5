# A service job with task actions, for `job restart` and `job action`: group g (two
# allocations of a task with actions and a sidecar-like task), group h (one allocation).
job "act" {
  type = "service"

  update {
    min_healthy_time = "1s"
    healthy_deadline = "1m"
  }

  group "g" {
    count = 2

    ephemeral_disk {
      size = 10
    }

    task "t" {
      driver = "raw_exec"

      config {
        command = "/bin/sleep"
        args    = ["3600"]
      }

      action "hello" {
        command = "/bin/sh"
        args    = ["-c", "echo hello from $NOMAD_TASK_NAME; echo oops >&2; exit 3"]
      }

      logs {
        max_files     = 2
        max_file_size = 2
      }

      resources {
        cpu    = 20
        memory = 16
      }
    }

    task "side" {
      driver = "raw_exec"

      config {
        command = "/bin/sleep"
        args    = ["3600"]
      }

      logs {
        max_files     = 2
        max_file_size = 2
      }

      resources {
        cpu    = 20
        memory = 16
      }
    }
  }

  group "h" {
    ephemeral_disk {
      size = 10
    }

    task "t" {
      driver = "raw_exec"

      config {
        command = "/bin/sleep"
        args    = ["3600"]
      }

      logs {
        max_files     = 2
        max_file_size = 2
      }

      resources {
        cpu    = 20
        memory = 16
      }
    }
  }
}
