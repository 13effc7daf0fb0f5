# A batch job that prints a line and ends (logs to read, a complete allocation).
job "echo" {
  type = "batch"

  group "echo" {
    task "echo" {
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
