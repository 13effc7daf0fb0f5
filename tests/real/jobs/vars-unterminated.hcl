tag = "unterminated
