"""Kit's benchmark (`make bench`): load, latency, memory, training and cold start.

Not part of `make test` (it is slow); tests/bench checks the bench's own code.
"""
