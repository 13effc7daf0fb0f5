variable "tag" {}
