# A var file for vars.nomad.hcl: a heredoc and a list over several lines.
tag = <<EOT
multi
line
EOT
ports = [
  8080,
  8081,
]
