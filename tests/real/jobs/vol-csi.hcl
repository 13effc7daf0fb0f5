# A CSI volume whose plugin no dev agent runs, for the real tier.
id        = "rt-csi"
name      = "rt-csi"
type      = "csi"
plugin_id = "ebs"
capacity_min = "1GiB"
mount_options {
  fs_type = "ext4"
}
capability {
  access_mode     = "single-node-writer"
  attachment_mode = "file-system"
}
