# A node pool specification for `node pool apply`.
node_pool "rt-pool" {
  description = "Real tier"

  meta {
    owner = "rnomad"
  }
}
