# A dynamic host volume for the `volume` commands of the real-agent tier (the dev agent's
# built-in `mkdir` plugin makes a directory under its data dir).
name      = "rt-vol"
type      = "host"
plugin_id = "mkdir"

capability {
  access_mode     = "single-node-writer"
  attachment_mode = "file-system"
}
