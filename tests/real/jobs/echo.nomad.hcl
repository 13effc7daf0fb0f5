# A batch job that prints a line and ends (logs to read, a complete allocation).
job "echo" {
  type = "batch"

  # Small disk and logs: the default 300 MB disk does not fit on a nearly full machine.
  group "echo" {
    ephemeral_disk {
      size = 10
    }

    task "echo" {
      logs {
        max_files     = 2
        max_file_size = 2
      }

      driver = "raw_exec"

      config {
        command = "/bin/sh"
        args    = ["-c", "echo hello; echo oops >&2"]
      }

      resources {
        cpu    = 20
        memory = 16
      }
    }
  }
}
