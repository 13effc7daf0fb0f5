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

  group "vars" {
    count = var.replicas

    task "t" {
      driver = "raw_exec"

      config {
        command = "/bin/true"
      }
    }
  }
}
