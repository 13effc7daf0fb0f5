# A parameterized batch job (the tier dispatches one child).
job "param" {
  type = "batch"

  parameterized {
    meta_required = ["who"]
  }

  # Small disk and logs: the default 300 MB disk does not fit on a nearly full machine.
  group "param" {
    ephemeral_disk {
      size = 10
    }

    task "greet" {
      logs {
        max_files     = 2
        max_file_size = 2
      }

      driver = "raw_exec"

      config {
        command = "/bin/echo"
        args    = ["hello", "${NOMAD_META_who}"]
      }

      resources {
        cpu    = 20
        memory = 16
      }
    }
  }
}
