# Job-file variables of each declared type, for `job run -output` with -var (issue 12, bug 7).
variable "tag" {
  type    = string
  default = "latest"
}

variable "untyped" {
  default = "x"
}

variable "replicas" {
  type    = number
  default = 1
}

variable "ports" {
  type    = list(number)
  default = [80]
}

job "vars" {
  type = "batch"
  meta {
    tag     = var.tag
    untyped = var.untyped
    ports   = join(",", var.ports)
  }

  # Small disk and logs: the default 300 MB disk does not fit on a nearly full machine.
  group "vars" {
    ephemeral_disk {
      size = 10
    }

    count = var.replicas

    task "t" {
      logs {
        max_files     = 2
        max_file_size = 2
      }

      driver = "raw_exec"

      config {
        command = "/bin/true"
      }
    }
  }
}
