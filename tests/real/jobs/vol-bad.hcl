# A volume specification with a syntax error (an unclosed block), for the real tier.
name = "rt-bad"
type = "host"
capability {
