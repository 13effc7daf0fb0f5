# A parameterized batch job (the tier dispatches one child).
job "param" {
  type = "batch"

  parameterized {
    meta_required = ["who"]
  }

  group "param" {
    task "greet" {
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
